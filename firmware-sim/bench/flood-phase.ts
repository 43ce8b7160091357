// The benchmark's abuse phase: while the other devices press at a fixed rate, one device floods
// (QoS 1 repeats of one alert and QoS 0 telemetry, as fast as its socket takes them) and one
// responder subscribes and stops reading. Measures how the others fare and Flare's memory.
import type { Socket } from 'node:net'
import mqtt, { type MqttClient } from 'mqtt'
import { encodeTelemetry } from '../payloads.js'
import { Flood } from '../sim/flood.js'
import { summarize as percentiles } from '../stats.js'
import { openLoop, type Principal } from './load.js'
import { rssMb } from './processes.js'

export interface FloodPhaseOptions {
  base: string
  key: string
  mqttUrl: string
  pid: number
  /** the other devices' clients, pressing at `rate` */
  clients: MqttClient[]
  rate: number
  seconds: number
  /** the next alert of client i, recording its press time for the offer latency */
  next: (client: number, seq: number) => { topic: string, payload: string }
  pressAt: Map<string, number>
  /** first arrival of each offer, by the same key as pressAt */
  offerAt: Map<string, number>
  /** where the frozen responder stands: among the alerts, so offers come its way */
  at: { lat: number, lon: number }
  flooder: Principal
}

async function api (o: FloodPhaseOptions, method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(o.base + path, { method, headers: { authorization: `Bearer ${o.key}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) })
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`)
  return await res.json()
}

async function throttled (o: FloodPhaseOptions): Promise<number> {
  const text = await (await fetch(`${o.base}/metrics`)).text()
  return Number(/^flare_mqtt_throttled_total(?:\{[^}]*\})? (\S+)/m.exec(text)?.[1] ?? 0)
}

const round = (n: number): number => Math.round(n * 10) / 10
const sleep = async (ms: number): Promise<void> => { await new Promise(resolve => setTimeout(resolve, ms)) }

export async function floodPhase (o: FloodPhaseOptions): Promise<{ result: Record<string, unknown>, acked: number }> {
  const r = await api(o, 'POST', '/api/v1/responders', { name: 'Bench frozen', roles: ['security'], lat: o.at.lat, lon: o.at.lon })
  const frozenId = r.responder.id as string
  const frozen = await mqtt.connectAsync(o.mqttUrl, { clientId: frozenId, username: frozenId, password: r.secret, reconnectPeriod: 0, keepalive: 300 })
  await frozen.subscribeAsync(`dispatch/${frozenId}`, { qos: 1 })
  frozen.stream.unpipe()
  frozen.stream.pause()

  const f = o.flooder
  const flooder = await mqtt.connectAsync(o.mqttUrl, { clientId: f.id, username: f.id, password: f.secret, reconnectPeriod: 0, keepalive: 300 })
  flooder.on('error', () => {})
  await flooder.subscribeAsync(`dev/${f.id}/ack`, { qos: 1 })
  const alert = Buffer.from(JSON.stringify({ alertId: `flood-${Date.now()}`, kind: 'PANIC', triggeredAtMs: Date.now(), location: o.at }))
  const flood = new Flood({
    qos0: { topic: `dev/${f.id}/telemetry`, payload: encodeTelemetry({ atMs: Date.now(), deviceKind: 'phone', position: o.at, batteryPct: 80 }, 'json') },
    qos1: { topic: `dev/${f.id}/alert`, payload: alert },
    qos1Share: 0.5
  })

  const rssBefore = rssMb(o.pid)
  let rssPeak = rssBefore
  const sampler = setInterval(() => { try { rssPeak = Math.max(rssPeak, rssMb(o.pid)) } catch {} }, 200)
  const throttledBefore = await throttled(o)
  const started = performance.now()
  const flooding = flood.run(flooder)
  const pubackMs = await openLoop(o.clients, o.rate, o.seconds, o.next, () => {})
  flood.stop()
  const floodSeconds = (performance.now() - started) / 1000
  await flooding
  const sent = flood.stats.qos0Sent + flood.stats.qos1Sent
  // What Flare made of the frozen responder before it is let go: still connected, offers waiting.
  const frozenView = await api(o, 'GET', `/api/v1/responders/${frozenId}`)
  const frozenOffers = (await api(o, 'GET', `/api/v1/responders/${frozenId}/offers`)).items.length as number
  // The flooding firmware reboots (a reset drops what its socket still held); the frozen app is killed.
  ;(flooder.stream as Socket).resetAndDestroy()
  flooder.end(true)
  frozen.end(true)
  // Off duty from now on: later phases time the offers their own responders receive, and a
  // responder nobody listens for would take its share of them unseen.
  await api(o, 'PATCH', `/api/v1/responders/${frozenId}`, { status: 'off_duty' })
  const throttledDuring = (await throttled(o)) - throttledBefore
  await sleep(2000) // offers still on their way; memory after the flood
  clearInterval(sampler)
  const offerMs = [...o.pressAt].filter(([k]) => o.offerAt.has(k)).map(([k, at]) => o.offerAt.get(k)! - at)
  let ready = false
  try { ready = (await fetch(`${o.base}/readyz`)).status === 200 } catch {}
  let rssAfter = NaN
  try { rssAfter = rssMb(o.pid) } catch {}
  return {
    acked: pubackMs.length,
    result: {
      seconds: round(floodSeconds),
      floodMsgsSent: sent,
      floodRate: Math.round(sent / floodSeconds),
      floodQos1Acked: flood.stats.qos1Acked,
      throttledPublishes: throttledDuring,
      frozenSubscriber: { offersWaiting: frozenOffers, stillConnected: frozenView.online === true },
      others: { rate: o.rate, alerts: pubackMs.length, pressToPubackMs: percentiles(pubackMs), pressToOfferMs: percentiles(offerMs), offersSeen: offerMs.length },
      flareRssMbBefore: round(rssBefore),
      flareRssMbPeak: round(rssPeak),
      flareRssMbAfter: round(rssAfter),
      alive: ready
    }
  }
}
