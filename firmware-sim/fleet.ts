// fleet.json: what `provision` created and `run` drives. It holds MQTT secrets (Flare shows them
// only once) and panels' AES keys, so it is written with mode 0600.
import { readFile, writeFile } from 'node:fs/promises'
import type { Codec } from '../gateway/codec/wire.js'
import type { Area } from './geo.js'

export type DeviceKind = 'button' | 'wearable' | 'phone'

export interface FleetDevice {
  id: string
  secret: string
  kind: DeviceKind
  codec: Codec
  /** where the device is (buttons are installed there; wearables and phones start there) */
  lat: number
  lon: number
  personId?: string
}

export interface FleetResponder {
  id: string
  secret: string
  name: string
  roles: string[]
  zones: string[]
  codec: Codec
  /** home position: where each run starts the responder */
  lat: number
  lon: number
}

/** An alarm panel: a DC-09 alarm account (POST /api/v1/alarm-accounts), driven by `run --protocol dc09`. */
export interface FleetPanel {
  /** the account's id, which is its device id in Flare */
  id: string
  /** the account number the panel sends (hex digits) */
  account: string
  /** the AES key as 32/48/64 hex digits; null: the panel sends in clear */
  key: string | null
  lat: number
  lon: number
}

export interface FleetUrls {
  /** REST base, e.g. http://127.0.0.1:8080 */
  http: string
  /** MQTT over TCP for buttons, wearables and responders, e.g. mqtt://127.0.0.1:1883 */
  mqtt: string
  /** MQTT over WebSocket for phones, e.g. ws://127.0.0.1:8080/mqtt */
  ws: string
  /** the DC-09 receiver, HOST:PORT (TCP and UDP), when provisioning was told it */
  dc09?: string
}

export interface Fleet {
  version: 1
  createdAt: string
  urls: FleetUrls
  area: Area
  zones: string[]
  devices: FleetDevice[]
  responders: FleetResponder[]
  /** absent in fleets without panels */
  panels?: FleetPanel[]
}

/** Phones speak JSON over WebSocket; buttons and wearables speak protobuf over TCP */
export function transportOf (d: Pick<FleetDevice, 'kind'>): 'tcp' | 'ws' {
  return d.kind === 'phone' ? 'ws' : 'tcp'
}

export async function writeFleet (path: string, fleet: Fleet): Promise<void> {
  await writeFile(path, JSON.stringify(fleet, null, 2) + '\n', { mode: 0o600 })
}

export async function readFleet (path: string): Promise<Fleet> {
  let parsed: unknown
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'))
  } catch (err) {
    throw new Error(`cannot read fleet file ${path}: ${(err as Error).message}`)
  }
  const problem = fleetProblem(parsed)
  if (problem !== undefined) throw new Error(`${path} is not a fleet file (made by \`firmware-sim provision\`): ${problem}`)
  return parsed as Fleet
}

/** A hand check rather than a schema: the file is ours, this only catches wrong or truncated files early. */
export function fleetProblem (v: any): string | undefined {
  if (typeof v !== 'object' || v === null) return 'not a JSON object'
  if (v.version !== 1) return `unsupported version ${JSON.stringify(v.version)}`
  for (const k of ['http', 'mqtt', 'ws']) if (typeof v.urls?.[k] !== 'string') return `urls.${k} is missing`
  if (!Array.isArray(v.devices) || !Array.isArray(v.responders)) return 'devices and responders must be lists'
  for (const [i, d] of v.devices.entries()) {
    if (typeof d?.id !== 'string' || typeof d.secret !== 'string') return `devices[${i}] needs id and secret`
    if (!['button', 'wearable', 'phone'].includes(d.kind)) return `devices[${i}].kind is ${JSON.stringify(d.kind)}`
    if (d.codec !== 'json' && d.codec !== 'protobuf') return `devices[${i}].codec is ${JSON.stringify(d.codec)}`
    if (typeof d.lat !== 'number' || typeof d.lon !== 'number') return `devices[${i}] needs lat and lon`
  }
  if (v.panels !== undefined && !Array.isArray(v.panels)) return 'panels must be a list'
  for (const [i, p] of (v.panels ?? []).entries()) {
    if (typeof p?.id !== 'string' || typeof p.account !== 'string' || !/^[0-9A-F]{3,16}$/.test(p.account)) return `panels[${i}] needs id and a hex account number`
    if (p.key !== null && (typeof p.key !== 'string' || !/^([0-9A-F]{32}|[0-9A-F]{48}|[0-9A-F]{64})$/.test(p.key))) return `panels[${i}].key must be null or 32, 48 or 64 hex digits`
    if (typeof p.lat !== 'number' || typeof p.lon !== 'number') return `panels[${i}] needs lat and lon`
  }
  for (const [i, r] of v.responders.entries()) {
    if (typeof r?.id !== 'string' || typeof r.secret !== 'string') return `responders[${i}] needs id and secret`
    if (!Array.isArray(r.roles)) return `responders[${i}].roles must be a list`
    if (typeof r.lat !== 'number' || typeof r.lon !== 'number') return `responders[${i}] needs lat and lon`
  }
  return undefined
}
