// `provision`: creates a fleet through Flare's REST API (POST /api/v1/devices, /responders and, for
// alarm panels, /alarm-accounts).
import { randomBytes } from 'node:crypto'
import type { Codec } from '../gateway/codec/wire.js'
import type { DeviceKind, Fleet, FleetDevice, FleetPanel, FleetResponder, FleetUrls } from './fleet.js'
import { randomPointIn, type Area } from './geo.js'
import { deriveSeed, Rng } from './random.js'
import { mapLimit, RestClient, type RestClientOptions } from './rest.js'

export interface ProvisionOptions {
  urls: FleetUrls
  apiKey: string
  buttons: number
  wearables: number
  phones: number
  responders: number
  /** alarm panels: DC-09 alarm accounts (default 0) */
  panels?: number
  /** the panels' AES key size, or none: they send in clear (default aes-128) */
  panelEncryption?: PanelEncryption
  /** devices and responders are spread uniformly over this disc */
  area: Area
  /** responder zones, handed out round-robin (a responder with zones serves only incidents inside them) */
  zones?: string[]
  /** REST requests in flight at once (each provisioning hashes a secret on the server: keep it modest) */
  concurrency?: number
  /** id prefix; default `sim-` and 4 random hex digits, so provisioning twice never collides */
  idPrefix?: string
  /** positions are drawn from this seed; default random */
  seed?: number
  onProgress?: (done: number, total: number) => void
  /** Flare said "not now" (429 over its rate limit, 503 without its database): the request waits this long and is sent again */
  onWait?: RestClientOptions['onWait']
}

const SHORT: Record<DeviceKind, string> = { button: 'btn', wearable: 'wear', phone: 'phone' }
/** Buttons and wearables speak protobuf, phones JSON Flare's default for a kind is the same. */
const CODEC: Record<DeviceKind, Codec> = { button: 'protobuf', wearable: 'protobuf', phone: 'json' }
/** Two in three responders are security guards, one in three medics: PANIC/DURESS need security, MEDICAL and high-heart-rate falls need medics. */
const ROLE_CYCLE = [['security'], ['security'], ['medic']]

export type PanelEncryption = 'aes-128' | 'aes-192' | 'aes-256' | 'none'
export const PANEL_ENCRYPTIONS: readonly PanelEncryption[] = ['aes-128', 'aes-192', 'aes-256', 'none']
const KEY_BYTES: Record<PanelEncryption, number> = { 'aes-128': 16, 'aes-192': 24, 'aes-256': 32, none: 0 }

interface PlannedDevice { id: string, kind: DeviceKind, lat: number, lon: number }
interface PlannedResponder { id: string, name: string, roles: string[], zones: string[], lat: number, lon: number }
interface PlannedPanel { id: string, account: string, lat: number, lon: number }

export function planFleet (opts: ProvisionOptions): { devices: PlannedDevice[], responders: PlannedResponder[], panels: PlannedPanel[] } {
  const prefix = opts.idPrefix ?? `sim-${randomBytes(2).toString('hex')}`
  const rng = new Rng(deriveSeed(opts.seed ?? randomBytes(4).readUInt32LE(0), 'provision'))
  const width = String(Math.max(opts.buttons, opts.wearables, opts.phones, opts.responders, opts.panels ?? 0, 1)).length
  const num = (i: number): string => String(i + 1).padStart(Math.max(3, width), '0')
  const devices: PlannedDevice[] = []
  for (const [kind, n] of [['button', opts.buttons], ['wearable', opts.wearables], ['phone', opts.phones]] as Array<[DeviceKind, number]>) {
    for (let i = 0; i < n; i++) devices.push({ id: `${prefix}-${SHORT[kind]}-${num(i)}`, kind, ...randomPointIn(opts.area, rng) })
  }
  const zones = opts.zones ?? []
  const responders: PlannedResponder[] = []
  for (let i = 0; i < opts.responders; i++) {
    const roles = ROLE_CYCLE[i % ROLE_CYCLE.length]
    responders.push({
      id: `${prefix}-resp-${num(i)}`,
      name: `Sim ${roles[0]} ${i + 1}`,
      roles,
      zones: zones.length === 0 ? [] : [zones[i % zones.length]],
      ...randomPointIn(opts.area, rng)
    })
  }
  // Account numbers are unique among Flare's active accounts: a random part (not from the seed, so
  // provisioning twice with one seed does not collide), then the panel's number.
  const accountBase = randomBytes(3).toString('hex').toUpperCase()
  const panels: PlannedPanel[] = []
  for (let i = 0; i < (opts.panels ?? 0); i++) {
    panels.push({ id: `${prefix}-panel-${num(i)}`, account: `${accountBase}${num(i)}`, ...randomPointIn(opts.area, rng) })
  }
  return { devices, responders, panels }
}

/** Creates every device and responder and returns the fleet (with the secrets Flare returned). */
export async function provisionFleet (opts: ProvisionOptions): Promise<Fleet> {
  for (const k of ['buttons', 'wearables', 'phones', 'responders', 'panels'] as const) {
    const n = opts[k] ?? 0
    if (!Number.isInteger(n) || n < 0) throw new Error(`${k} must be a whole number ≥ 0, got ${n}`)
  }
  const keyBytes = KEY_BYTES[opts.panelEncryption ?? 'aes-128']
  if (keyBytes === undefined) throw new Error(`panelEncryption must be one of ${PANEL_ENCRYPTIONS.join(', ')}, got ${String(opts.panelEncryption)}`)
  const rest = new RestClient(opts.urls.http, opts.apiKey, { onWait: opts.onWait })
  const plan = planFleet(opts)
  const total = plan.devices.length + plan.responders.length + plan.panels.length
  let done = 0
  const tick = (): void => { done++; opts.onProgress?.(done, total) }
  const concurrency = opts.concurrency ?? 16

  const devices = await mapLimit(plan.devices, concurrency, async (d): Promise<FleetDevice> => {
    const res = await rest.post<{ device: { id: string, codec: Codec }, secret: string }>('/api/v1/devices', { id: d.id, kind: d.kind, codec: CODEC[d.kind] })
    tick()
    return { id: res.device.id, secret: res.secret, kind: d.kind, codec: res.device.codec, lat: d.lat, lon: d.lon }
  })
  const responders = await mapLimit(plan.responders, concurrency, async (r): Promise<FleetResponder> => {
    const res = await rest.post<{ responder: { id: string, codec: Codec }, secret: string }>('/api/v1/responders', {
      id: r.id, name: r.name, roles: r.roles, zones: r.zones, codec: 'json', lat: r.lat, lon: r.lon
    })
    tick()
    return { id: res.responder.id, secret: res.secret, name: r.name, roles: r.roles, zones: r.zones, codec: res.responder.codec, lat: r.lat, lon: r.lon }
  })
  const panels = await mapLimit(plan.panels, concurrency, async (p): Promise<FleetPanel> => {
    const key = keyBytes === 0 ? null : randomBytes(keyBytes).toString('hex').toUpperCase()
    const res = await rest.post<{ id: string, account: string }>('/api/v1/alarm-accounts', { id: p.id, account: p.account, name: `Sim panel ${p.id}`, key, lat: p.lat, lon: p.lon })
    tick()
    return { id: res.id, account: res.account, key, lat: p.lat, lon: p.lon }
  })
  return {
    version: 1,
    createdAt: new Date().toISOString(),
    urls: opts.urls,
    area: opts.area,
    zones: opts.zones ?? [],
    devices,
    responders,
    ...(panels.length === 0 ? {} : { panels })
  }
}
