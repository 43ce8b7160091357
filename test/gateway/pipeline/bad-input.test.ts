/**
 * Invalid alerts: each is still PUBACKed (the device must stop retrying it), answered with
 * AlertAck{REJECTED, reasonCode}, kept byte for byte as a dead letter, counted by reason in /metrics,
 * and the connection stays usable. A flood of garbage does not stop valid alerts, the flooder's
 * own or anyone else's.
 */
import t from 'tap'
import { startTestFlare, type TestFlare } from '../../helpers/flare.js'
import { collect, subscribe } from '../../helpers/mqtt.js'
import { decode, encode, type AlertAckMessage, type AlertMessage, type Codec } from '../../../gateway/codec/wire.js'
import { listIncidents, metricsText, rawConnect, sample, sql } from './support.js'

// The flood test writes 10,000 dead letters; on a slow or busy disk that takes a while.
t.setTimeout(300_000)

const HERE = { lat: 35.6762, lon: 139.6503 }
const MAX_ALERT_BYTES = 1024

const json = (v: unknown): Buffer => Buffer.from(JSON.stringify(v))
const pb = (v: AlertMessage): Buffer => encode('Alert', v, 'protobuf')

interface Case {
  name: string
  codec: Codec
  payload: Buffer
  reasonCode: string
  /** the alert id the ack echoes, when the payload got far enough to have one */
  alertId?: string
}

const valid = pb({ alertId: 'whole-1', kind: 'PANIC', location: { lat: 1.5, lon: 2.5 } })
const DAY = 86_400_000

const CASES: Case[] = [
  { name: 'random bytes', codec: 'protobuf', payload: Buffer.from('8f3a9c0e5bd2ff17e4', 'hex'), reasonCode: 'bad_protobuf' },
  { name: 'bytes that are no protobuf tag at all', codec: 'protobuf', payload: Buffer.alloc(11, 0xff), reasonCode: 'bad_protobuf' },
  { name: 'truncated protobuf', codec: 'protobuf', payload: valid.subarray(0, valid.length - 5), reasonCode: 'bad_protobuf' },
  { name: 'JSON syntax error', codec: 'json', payload: Buffer.from('{"alertId": "syntax-1", "kind": "PANIC"'), reasonCode: 'bad_json' },
  { name: 'JSON that is not UTF-8', codec: 'json', payload: Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d]), reasonCode: 'bad_json' },
  { name: 'empty JSON payload', codec: 'json', payload: Buffer.alloc(0), reasonCode: 'bad_json' },
  { name: 'JSON of the wrong shape (location a string)', codec: 'json', payload: json({ alertId: 'shape-1', kind: 'PANIC', location: 'the lobby' }), reasonCode: 'bad_shape' },
  { name: 'JSON of the wrong shape (an array)', codec: 'json', payload: json([{ alertId: 'shape-2', kind: 'PANIC' }]), reasonCode: 'bad_shape' },
  { name: 'JSON with an unknown field', codec: 'json', payload: json({ alertId: 'shape-3', kind: 'PANIC', severity: 'high' }), reasonCode: 'bad_shape' },
  { name: 'missing alert id (JSON)', codec: 'json', payload: json({ kind: 'PANIC', location: HERE }), reasonCode: 'missing_alert_id' },
  { name: 'missing alert id (protobuf)', codec: 'protobuf', payload: pb({ kind: 'PANIC', location: HERE }), reasonCode: 'missing_alert_id' },
  { name: 'unknown kind name (JSON)', codec: 'json', payload: json({ alertId: 'kind-1', kind: 'EARTHQUAKE' }), reasonCode: 'unknown_kind' },
  { name: 'unknown kind number (JSON)', codec: 'json', payload: json({ alertId: 'kind-2', kind: 42 }), reasonCode: 'unknown_kind', alertId: 'kind-2' },
  { name: 'unknown kind number (protobuf, newer firmware)', codec: 'protobuf', payload: pb({ alertId: 'kind-3', kind: 42 }), reasonCode: 'unknown_kind', alertId: 'kind-3' },
  { name: 'kind missing', codec: 'protobuf', payload: pb({ alertId: 'kind-4' }), reasonCode: 'unknown_kind', alertId: 'kind-4' },
  { name: 'latitude 200 (JSON)', codec: 'json', payload: json({ alertId: 'loc-1', kind: 'PANIC', location: { lat: 200, lon: 10 } }), reasonCode: 'bad_location', alertId: 'loc-1' },
  { name: 'latitude 200 (protobuf)', codec: 'protobuf', payload: pb({ alertId: 'loc-2', kind: 'PANIC', location: { lat: 200, lon: 10 } }), reasonCode: 'bad_location', alertId: 'loc-2' },
  { name: 'latitude "NaN" (proto3 JSON allows it for doubles)', codec: 'json', payload: json({ alertId: 'loc-3', kind: 'PANIC', location: { lat: 'NaN', lon: 10 } }), reasonCode: 'bad_location', alertId: 'loc-3' },
  { name: 'latitude NaN (protobuf)', codec: 'protobuf', payload: pb({ alertId: 'loc-4', kind: 'PANIC', location: { lat: NaN, lon: 10 } }), reasonCode: 'bad_location', alertId: 'loc-4' },
  { name: 'longitude "-Infinity"', codec: 'json', payload: json({ alertId: 'loc-5', kind: 'PANIC', location: { lat: 0, lon: '-Infinity' } }), reasonCode: 'bad_location', alertId: 'loc-5' },
  { name: 'a timestamp a day in the future', codec: 'json', payload: json({ alertId: 'time-1', kind: 'PANIC', triggeredAtMs: Date.now() + DAY }), reasonCode: 'bad_timestamp', alertId: 'time-1' },
  { name: 'a timestamp a day in the future (protobuf)', codec: 'protobuf', payload: pb({ alertId: 'time-2', kind: 'PANIC', triggeredAtMs: Date.now() + DAY }), reasonCode: 'bad_timestamp', alertId: 'time-2' },
  {
    name: `a 2 KB payload (MAX_ALERT_BYTES=${MAX_ALERT_BYTES})`,
    codec: 'json',
    payload: json({ alertId: 'big-1', kind: 'PANIC', location: HERE, attributes: { note: 'x'.repeat(2048) } }),
    reasonCode: 'too_large'
  }
]

/** A device of the given codec connected with mqtt.js, subscribed to its acks. */
async function device (f: TestFlare, codec: Codec) {
  const d = await f.device({ kind: codec === 'json' ? 'phone' : 'button', codec })
  const client = await f.connect({ clientId: d.id, username: d.id, password: d.secret })
  const acks = collect(client, `dev/${d.id}/ack`)
  if (await subscribe(client, `dev/${d.id}/ack`) !== 1) throw new Error('ack subscription refused')
  const send = async (payload: Buffer): Promise<AlertAckMessage> => {
    await client.publishAsync(`dev/${d.id}/alert`, payload, { qos: 1 }) // resolves on PUBACK
    return decode('AlertAck', await acks.next(), codec)
  }
  return { id: d.id, client, send }
}

t.test('each kind of invalid alert: REJECTED with its reason, dead-lettered, counted; the connection lives on', async (t) => {
  const f = await startTestFlare(t, { MAX_ALERT_BYTES: String(MAX_ALERT_BYTES) })
  const devices = { json: await device(f, 'json'), protobuf: await device(f, 'protobuf') }
  const before = await metricsText(f)

  for (const c of CASES) {
    await t.test(c.name, async (t) => {
      const dev = devices[c.codec]
      const ack = await dev.send(c.payload)
      t.pass('PUBACK: the device will not retry it')
      t.match(ack, { status: 'REJECTED', reasonCode: c.reasonCode, reason: /\S/ }, `AlertAck{REJECTED, ${c.reasonCode}}`)
      t.equal(ack.incidentNumber, undefined, 'no incident number')
      if (c.alertId !== undefined) t.equal(ack.alertId, c.alertId, 'the ack names the alert id')
      t.ok(dev.client.connected, 'still connected')

      const res = await f.api('GET', `/api/v1/dead-letters?device=${dev.id}&limit=1`)
      t.equal(res.status, 200)
      const [dl] = res.body.items
      t.match(dl, { deviceId: dev.id, topic: `dev/${dev.id}/alert`, reasonCode: c.reasonCode, reason: ack.reason, payloadBytes: c.payload.length },
        'GET /api/v1/dead-letters: the newest entry is this payload, with the reason')
      t.equal(dl?.payloadBase64, c.payload.toString('base64'), 'the raw bytes, base64')
    })
  }

  const after = await metricsText(f)
  const byReason = new Map<string, number>()
  for (const c of CASES) byReason.set(c.reasonCode, (byReason.get(c.reasonCode) ?? 0) + 1)
  for (const [reason, n] of byReason) {
    t.equal(sample(after, 'flare_alerts_rejected_total', { reason }) - sample(before, 'flare_alerts_rejected_total', { reason }), n,
      `flare_alerts_rejected_total{reason="${reason}"} counted ${n}`)
  }
  const db = sql(t, f)
  const counts = await db.query('SELECT (SELECT count(*)::int FROM dead_letters) AS dead, (SELECT count(*)::int FROM alerts) AS alerts, (SELECT count(*)::int FROM incidents) AS incidents')
  t.same(counts.rows[0], { dead: CASES.length, alerts: 0, incidents: 0 }, 'every case dead-lettered; no alert or incident came of them')

  // Both connections are still usable: valid alerts are accepted on them.
  for (const codec of ['json', 'protobuf'] as const) {
    const ack = await devices[codec].send(codec === 'json' ? json({ alertId: 'ok-1', kind: 'PANIC', location: HERE }) : pb({ alertId: 'ok-1', kind: 'PANIC', location: HERE }))
    t.match(ack, { alertId: 'ok-1', status: 'ACCEPTED', incidentNumber: /^INC-/ }, `a valid ${codec} alert on the same connection is ACCEPTED`)
  }
})

/** Deterministic garbage (xorshift32), 1..48 bytes each. */
function garbage (n: number, seed = 0x2545f491): Buffer[] {
  let x = seed
  const next = (): number => { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; return x }
  return Array.from({ length: n }, () => Buffer.from(Array.from({ length: 1 + next() % 48 }, () => next() & 0xff)))
}

t.test('10,000 pipelined garbage alerts, then a valid one: it is ACCEPTED and dispatched; others are served; the broker stays up', async (t) => {
  const f = await startTestFlare(t)
  const FLOOD = 10_000
  const r = await f.responder({ roles: ['security'], ...HERE })
  const resp = await f.connect({ clientId: r.id, username: r.id, password: r.secret })
  const offers = collect(resp, `dispatch/${r.id}`)
  t.equal(await subscribe(resp, `dispatch/${r.id}`), 1)
  const bystander = await device(f, 'json')
  const before = await metricsText(f)

  const d = await f.device({ kind: 'button' }) // protobuf
  const flooder = await rawConnect(t, f, { clientId: d.id, username: d.id, password: d.secret })
  t.equal(await flooder.subscribe(`dev/${d.id}/ack`), 1)
  const topic = `dev/${d.id}/alert`
  const junk = garbage(FLOOD)
  // QoS 0 and QoS 1 alternately, packet ids 1..5000, then the valid alert as packet 6000: one TCP write.
  const packets = junk.map((payload, i) => ({ cmd: 'publish' as const, topic, payload, qos: (i % 2) as 0 | 1, messageId: i % 2 === 1 ? (i + 1) / 2 : undefined, dup: false, retain: false }))
  packets.push({ cmd: 'publish', topic, payload: pb({ alertId: 'after-flood', kind: 'PANIC', location: HERE }), qos: 1, messageId: 6000, dup: false, retain: false })
  const validAck = flooder.nextPublish(`dev/${d.id}/ack`, (p) => decode('AlertAck', p.payload as Buffer, 'protobuf').alertId === 'after-flood', 120_000)
  await flooder.sendAll(packets as any)

  // Meanwhile, another device's press goes through.
  const other = await bystander.send(json({ alertId: 'bystander-1', kind: 'PANIC', location: { lat: HERE.lat + 0.01, lon: HERE.lon } }))
  t.match(other, { status: 'ACCEPTED', incidentNumber: /^INC-/ }, 'a bystander\'s alert during the flood is ACCEPTED')

  await flooder.next('puback', (p) => p.messageId === 6000, 120_000)
  t.pass('PUBACK for the valid alert after the flood')
  const ack = decode('AlertAck', (await validAck).payload as Buffer, 'protobuf')
  t.match(ack, { status: 'ACCEPTED', incidentNumber: /^INC-/ }, 'the valid alert after 10,000 bad ones is ACCEPTED')
  t.ok(flooder.isOpen, 'the flooding connection is still up')

  const got = new Set<string>()
  while (!(got.has(ack.incidentNumber!) && got.has(other.incidentNumber!))) {
    const m = decode('DispatchMessage', await offers.next(60_000), 'json')
    if (m.offer?.incidentNumber !== undefined) got.add(m.offer.incidentNumber)
  }
  t.pass('the responder got the offers for both incidents')

  const db = sql(t, f)
  const dead = await db.query('SELECT reason_code, count(*)::int AS n FROM dead_letters WHERE device_id = $1 GROUP BY reason_code', [d.id])
  const deadTotal = dead.rows.reduce((s, r) => s + r.n, 0)
  t.equal(deadTotal, FLOOD, `all ${FLOOD} garbage payloads dead-lettered (${dead.rows.map(r => `${r.reason_code as string}: ${r.n as number}`).join(', ')})`)
  const after = await metricsText(f)
  const rejected = (m: string): number => dead.rows.reduce((s, r) => s + sample(m, 'flare_alerts_rejected_total', { reason: r.reason_code }), 0)
  t.equal(rejected(after) - rejected(before), FLOOD, 'flare_alerts_rejected_total counted every one')
  const incidents = await listIncidents(f)
  t.same(incidents.map(i => i.number).sort(), [ack.incidentNumber, other.incidentNumber].sort(), 'garbage opened no incident')

  const ready = await fetch(`${f.httpUrl}/readyz`)
  t.equal(ready.status, 200, '/readyz 200')
  t.match(await ready.json(), { status: 'ready', checks: { database: true, broker: true } })
  t.ok(resp.connected && bystander.client.connected, 'the other clients are still connected')
})
