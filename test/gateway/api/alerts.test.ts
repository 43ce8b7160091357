import t from 'tap'
import type { MqttClient } from 'mqtt'
import { startTestFlare, type TestFlare } from '../../helpers/flare.js'
import { collect, subscribe } from '../../helpers/mqtt.js'
import { keyWithRole } from './keys.js'

async function jsonDevice (f: TestFlare): Promise<{ id: string, client: MqttClient, send: (payload: string) => Promise<any> }> {
  const d = await f.device({ kind: 'phone' })
  const client = await f.connect({ clientId: d.id, username: d.id, password: d.secret })
  const acks = collect(client, `dev/${d.id}/ack`)
  await subscribe(client, `dev/${d.id}/ack`)
  return {
    id: d.id,
    client,
    // one at a time: each ack is the answer to the publish before it
    send: async (payload) => {
      await client.publishAsync(`dev/${d.id}/alert`, payload, { qos: 1 })
      return JSON.parse((await acks.next()).toString())
    }
  }
}

/** Every page, following `next` as `before`. */
async function allPages (f: TestFlare, path: string, limit: number): Promise<any[][]> {
  const out: any[][] = []
  let before: number | null = null
  do {
    const sep = path.includes('?') ? '&' : '?'
    const res: { status: number, body: any } = await f.api('GET', `${path}${sep}limit=${limit}${before === null ? '' : `&before=${before}`}`)
    if (res.status !== 200) throw new Error(`${res.status} ${JSON.stringify(res.body)}`)
    out.push(res.body.items)
    before = res.body.next
    if (out.length > 50) throw new Error('pagination does not end')
  } while (before !== null)
  return out
}

t.test('GET /alerts?device= lists that device\'s accepted alerts, newest first, in pages', async (t) => {
  const f = await startTestFlare(t)
  const a = await jsonDevice(f)
  const b = await jsonDevice(f)
  for (let i = 1; i <= 5; i++) t.equal((await a.send(JSON.stringify({ alertId: `a${i}`, kind: i === 5 ? 'TEST' : 'PANIC', seq: i, batteryPct: 50 + i }))).status, 'ACCEPTED')
  t.equal((await b.send(JSON.stringify({ alertId: 'b1', kind: 'FALL', vitals: { heartRateBpm: 130 }, location: { lat: 1, lon: 2, accuracyM: 5 } }))).status, 'ACCEPTED')
  t.equal((await a.send(JSON.stringify({ alertId: 'a1', kind: 'PANIC' }))).status, 'DUPLICATE')
  t.equal((await a.send('{bad')).status, 'REJECTED')

  const listA = (await f.api('GET', `/api/v1/alerts?device=${a.id}`)).body
  t.same(listA.items.map((x: any) => x.alertId), ['a5', 'a4', 'a3', 'a2', 'a1'], 'newest first; duplicates and rejects are not alerts')
  t.equal(listA.next, null)
  const a1 = listA.items[4]
  t.equal(a1.deviceId, a.id)
  t.equal(a1.kind, 'PANIC')
  t.equal(a1.seq, 1)
  t.equal(a1.batteryPct, 51)
  t.equal(a1.ruleId, 'panic')
  t.type(a1.incidentId, 'string')
  t.equal(listA.items[0].kind, 'TEST')
  t.equal(listA.items[0].incidentId, null, 'a TEST alert has no incident')
  t.equal(listA.items.filter((x: any) => x.kind === 'PANIC').map((x: any) => x.incidentId).filter((v: string, i: number, all: string[]) => all.indexOf(v) === i).length, 1, 'the panics share one incident')
  t.ok(Date.parse(a1.receivedAt) >= Date.parse(a1.triggeredAt) - 1000)

  const listB = (await f.api('GET', `/api/v1/alerts?device=${b.id}`)).body.items
  t.equal(listB.length, 1)
  t.equal(listB[0].heartRateBpm, 130)
  t.equal(listB[0].lat, 1)
  t.equal(listB[0].ruleId, 'fall-with-high-heart-rate')
  t.equal(listB[0].payload.vitals.heartRateBpm, 130, 'the decoded payload is kept')

  const all = (await f.api('GET', '/api/v1/alerts')).body.items
  t.equal(all.length, 6, 'without device: every alert')
  t.same((await f.api('GET', '/api/v1/alerts?device=nobody')).body.items, [])

  const pages = await allPages(f, `/api/v1/alerts?device=${a.id}`, 2)
  t.same(pages.map(p => p.length), [2, 2, 1])
  t.same(pages.flat().map(x => x.alertId), ['a5', 'a4', 'a3', 'a2', 'a1'])
  const exact = await allPages(f, '/api/v1/alerts', 3)
  t.same(exact.flat().map(x => x.id), all.map((x: any) => x.id), 'a full last page is followed by an empty one, nothing lost')

  t.equal((await f.api('GET', '/api/v1/alerts?limit=0')).status, 400)
  t.equal((await f.api('GET', '/api/v1/alerts?before=x')).status, 400)
  t.equal((await f.api('GET', '/api/v1/alerts?colour=red')).status, 400)
})

t.test('GET /dead-letters: rejected payloads with reason, by device, in pages', async (t) => {
  const f = await startTestFlare(t)
  const a = await jsonDevice(f)
  const b = await jsonDevice(f)
  const sent = [
    ['{bad', 'bad_json'],
    [JSON.stringify({ kind: 'PANIC' }), 'missing_alert_id'],
    [JSON.stringify({ alertId: 'x', kind: 'EARTHQUAKE' }), 'unknown_kind'],
    [JSON.stringify({ alertId: 'y', kind: 'PANIC', location: { lat: 91, lon: 0 } }), 'bad_location']
  ]
  for (const [payload, code] of sent) {
    const ack = await a.send(payload)
    t.equal(ack.status, 'REJECTED')
    t.equal(ack.reasonCode, code)
  }
  await b.send('not json either')
  t.equal((await a.send(JSON.stringify({ alertId: 'fine', kind: 'TEST' }))).status, 'ACCEPTED')

  const dead = (await f.api('GET', `/api/v1/dead-letters?device=${a.id}`)).body
  t.same(dead.items.map((x: any) => x.reasonCode), sent.map(s => s[1]).reverse(), 'newest first')
  t.equal(dead.next, null)
  const first = dead.items[3]
  t.equal(first.deviceId, a.id)
  t.equal(first.topic, `dev/${a.id}/alert`)
  t.equal(Buffer.from(first.payloadBase64, 'base64').toString(), '{bad')
  t.equal(first.payloadBytes, 4)
  t.type(first.reason, 'string')
  t.ok(first.reason.length > 0)
  t.type(first.receivedAt, 'string')

  t.equal((await f.api('GET', '/api/v1/dead-letters')).body.items.length, 5)
  t.equal((await f.api('GET', `/api/v1/dead-letters?device=${b.id}`)).body.items.length, 1)
  const p1 = (await f.api('GET', `/api/v1/dead-letters?device=${a.id}&limit=3`)).body
  t.equal(p1.items.length, 3)
  t.type(p1.next, 'number')
  const p2 = (await f.api('GET', `/api/v1/dead-letters?device=${a.id}&limit=3&before=${p1.next as number}`)).body
  t.same([...p1.items, ...p2.items].map((x: any) => x.id), dead.items.map((x: any) => x.id))
  t.equal(p2.next, null)
})

t.test('alerts and dead letters: viewer can read, no key cannot', async (t) => {
  const f = await startTestFlare(t)
  const viewer = await keyWithRole(f, 'viewer')
  t.equal((await f.api('GET', '/api/v1/alerts', undefined, viewer)).status, 200)
  t.equal((await f.api('GET', '/api/v1/dead-letters', undefined, viewer)).status, 200)
  t.equal((await f.api('GET', '/api/v1/alerts', undefined, null)).status, 401)
  t.equal((await f.api('GET', '/api/v1/dead-letters', undefined, null)).status, 401)
})
