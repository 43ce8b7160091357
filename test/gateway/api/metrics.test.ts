import t from 'tap'
import { startTestFlare } from '../../helpers/flare.js'
import { collect, subscribe } from '../../helpers/mqtt.js'

/** Samples of one metric family from a Prometheus text exposition: [labels, value]. */
function samples (text: string, name: string): Array<[Record<string, string>, number]> {
  const out: Array<[Record<string, string>, number]> = []
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line)
    if (m === null || m[1] !== name) continue
    const labels: Record<string, string> = {}
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]] = l[2]
    out.push([labels, Number(m[3])])
  }
  return out
}

const sum = (s: Array<[Record<string, string>, number]>, where: Record<string, string> = {}): number =>
  s.filter(([l]) => Object.entries(where).every(([k, v]) => l[k] === v)).reduce((n, [, v]) => n + v, 0)

t.test('/metrics after alerts: received, accepted, incidents opened, persist latency, outbox depth', async (t) => {
  const f = await startTestFlare(t)
  const d = await f.device({ kind: 'phone' })
  const c = await f.connect({ clientId: d.id, username: d.id, password: d.secret })
  const acks = collect(c, `dev/${d.id}/ack`)
  await subscribe(c, `dev/${d.id}/ack`)
  const send = async (payload: string): Promise<any> => {
    await c.publishAsync(`dev/${d.id}/alert`, payload, { qos: 1 })
    return JSON.parse((await acks.next()).toString())
  }
  t.equal((await send(JSON.stringify({ alertId: 'm1', kind: 'PANIC', location: { lat: 1, lon: 1 } }))).status, 'ACCEPTED')
  t.equal((await send(JSON.stringify({ alertId: 'm2', kind: 'PANIC' }))).status, 'ACCEPTED')
  t.equal((await send(JSON.stringify({ alertId: 'm1', kind: 'PANIC' }))).status, 'DUPLICATE')
  t.equal((await send('{x')).status, 'REJECTED')

  const res = await fetch(`${f.httpUrl}/metrics`)
  t.equal(res.status, 200)
  t.match(res.headers.get('content-type'), /^text\/plain/)
  const text = await res.text()

  t.equal(sum(samples(text, 'flare_alerts_received_total'), { kind: 'PANIC' }), 3)
  t.equal(sum(samples(text, 'flare_alerts_received_total'), { kind: 'unknown' }), 1)
  t.equal(sum(samples(text, 'flare_alerts_accepted_total'), { kind: 'PANIC' }), 2)
  t.equal(sum(samples(text, 'flare_alerts_duplicate_total'), { kind: 'PANIC' }), 1)
  t.equal(sum(samples(text, 'flare_alerts_rejected_total'), { reason: 'bad_json' }), 1)
  t.equal(sum(samples(text, 'flare_incidents_opened_total'), { category: 'security' }), 1, 'the second panic joined the first incident')

  const buckets = samples(text, 'flare_pipeline_stage_seconds_bucket').filter(([l]) => l.stage === 'persist')
  t.ok(buckets.length > 1, 'persist latency histogram buckets')
  const inf = buckets.find(([l]) => l.le === '+Inf')
  t.equal(inf?.[1], 3, 'three alerts went through persist')
  t.ok(buckets.every(([l, v], i) => i === 0 || v >= buckets[i - 1][1]), 'buckets are cumulative')
  t.equal(sum(samples(text, 'flare_pipeline_stage_seconds_count'), { stage: 'persist' }), 3)

  const depth = samples(text, 'flare_outbox_depth')
  t.equal(depth.length, 1)
  t.ok(depth[0][1] >= 0, 'outbox depth is reported')
  t.ok(samples(text, 'flare_outbox_depth')[0][0].node !== undefined, 'series carry the node label')
})

t.test('/metrics needs no API key', async (t) => {
  const f = await startTestFlare(t)
  const res = await fetch(`${f.httpUrl}/metrics`)
  t.equal(res.status, 200)
  const text = await res.text()
  t.match(text, /# TYPE flare_outbox_depth gauge/)
  t.match(text, /# TYPE flare_pipeline_stage_seconds histogram/)
})
