import t from 'tap'
import { randomUUID } from 'node:crypto'
import type { MqttClient } from 'mqtt'
import { startTestFlare, type TestFlare } from '../../helpers/flare.js'
import { subscribe } from '../../helpers/mqtt.js'
import { keyWithRole } from './keys.js'

interface Dev { id: string, client: MqttClient, alert: (body: Record<string, unknown>) => Promise<any> }

/** A connected JSON device; `alert` publishes QoS 1 and resolves with the ack for that alert id. */
async function jsonDevice (f: TestFlare): Promise<Dev> {
  const d = await f.device({ kind: 'phone' })
  const client = await f.connect({ clientId: d.id, username: d.id, password: d.secret })
  const waiting = new Map<string, (ack: any) => void>()
  client.on('message', (topic, payload) => {
    const ack = JSON.parse(payload.toString())
    waiting.get(ack.alertId)?.(ack)
  })
  await subscribe(client, `dev/${d.id}/ack`)
  return {
    id: d.id,
    client,
    alert: async (body) => {
      const got = new Promise<any>((resolve) => waiting.set(body.alertId as string, resolve))
      await client.publishAsync(`dev/${d.id}/alert`, JSON.stringify(body), { qos: 1 })
      return await got
    }
  }
}

const HERE = { lat: -33.92, lon: 18.42 }

/** Seven incidents from three devices, with a security responder nearby. */
async function seed (f: TestFlare): Promise<{ a: Dev, b: Dev, c: Dev, numbers: string[], responderId: string }> {
  const r = await f.responder({ roles: ['security'], ...HERE })
  const [a, b, c] = [await jsonDevice(f), await jsonDevice(f), await jsonDevice(f)]
  const numbers: string[] = []
  const open = async (d: Dev, alertId: string, kind: string, extra: Record<string, unknown> = {}): Promise<void> => {
    const ack = await d.alert({ alertId, kind, location: { lat: HERE.lat + 0.001, lon: HERE.lon }, ...extra })
    if (ack.status !== 'ACCEPTED' || typeof ack.incidentNumber !== 'string') throw new Error(`no incident: ${JSON.stringify(ack)}`)
    numbers.push(ack.incidentNumber)
  }
  await open(a, 'a1', 'PANIC')
  await open(a, 'a2', 'TAMPER')
  await open(a, 'a3', 'FIRE')
  await open(b, 'b1', 'FALL', { vitals: { heartRateBpm: 80 } })
  await open(b, 'b2', 'DURESS')
  await open(c, 'c1', 'PANIC')
  await open(c, 'c2', 'TAMPER')
  // a test alert opens nothing; a repeat joins a's panic
  if ((await c.alert({ alertId: 'c3', kind: 'TEST' })).incidentNumber !== undefined) throw new Error('a TEST alert opened an incident')
  if ((await a.alert({ alertId: 'a4', kind: 'PANIC' })).incidentNumber !== numbers[0]) throw new Error('the repeat did not join')
  return { a, b, c, numbers, responderId: r.id }
}

const ids = (items: any[]): string[] => items.map(i => i.id).sort()

t.test('filters: state, priority, category, device, since, and together', async (t) => {
  const f = await startTestFlare(t)
  const { a, b, numbers } = await seed(f)
  const all = (await f.api('GET', '/api/v1/incidents')).body.items as any[]
  t.equal(all.length, 7)
  t.same(all.map(i => i.number).sort(), [...numbers].sort())
  t.ok(all.every((i, n) => n === 0 || Date.parse(all[n - 1].openedAt) >= Date.parse(i.openedAt)), 'newest first')
  const q = async (query: string): Promise<any[]> => {
    const res = await f.api('GET', `/api/v1/incidents?${query}`)
    if (res.status !== 200) throw new Error(`${query}: ${res.status} ${JSON.stringify(res.body)}`)
    return res.body.items
  }

  // state
  const cancelled = all.find(i => i.number === numbers[1])
  await f.app.db.pool.query("UPDATE incidents SET state = 'CANCELLED' WHERE id = $1", [cancelled.id])
  t.same(ids(await q('state=CANCELLED')), [cancelled.id])
  t.same(ids(await q('state=NEW')), ids(all.filter(i => i.id !== cancelled.id)))
  t.equal((await q('state=NEW,CANCELLED')).length, 7, 'comma-separated')
  t.equal((await q('state=NEW&state=CANCELLED')).length, 7, 'repeated')
  t.same(await q('state=CLOSED'), [])
  t.equal((await f.api('GET', '/api/v1/incidents?state=LOST')).status, 400)

  // priority
  for (const p of [1, 2, 3]) t.same(ids(await q(`priority=${p}`)), ids(all.filter(i => i.priority === p)), `priority ${p}`)
  t.same(ids(await q('priority=2,3')), ids(all.filter(i => i.priority === 2 || i.priority === 3)))
  t.ok(all.some(i => i.priority === 3), 'the tampers are priority 3')
  t.equal((await f.api('GET', '/api/v1/incidents?priority=9')).status, 400)

  // category
  t.same(ids(await q('category=security')), ids(all.filter(i => i.category === 'security')))
  t.same(ids(await q('category=fire')), ids(all.filter(i => i.category === 'fire')))
  t.equal((await q('category=fire')).length, 1)
  t.same(await q('category=nothing'), [])

  // device
  t.same(ids(await q(`device=${a.id}`)), ids(all.filter(i => i.deviceId === a.id)))
  t.equal((await q(`device=${a.id}`)).length, 3)
  t.equal((await q(`device=${b.id}`)).length, 2)
  t.same(await q('device=nobody'), [])

  // since: two incidents opened two days ago
  const old = all.filter(i => i.deviceId === b.id).map(i => i.id)
  await f.app.db.pool.query("UPDATE incidents SET opened_at = now() - interval '2 days' WHERE id = ANY($1::uuid[])", [old])
  const yesterday = new Date(Date.now() - 86_400_000).toISOString()
  t.same(ids(await q(`since=${encodeURIComponent(yesterday)}`)), ids(all.filter(i => !old.includes(i.id))))
  const threeDaysAgo = new Date(Date.now() - 3 * 86_400_000).toISOString()
  t.equal((await q(`since=${encodeURIComponent(threeDaysAgo)}`)).length, 7)
  t.equal((await f.api('GET', '/api/v1/incidents?since=yesterday')).status, 400)

  // together
  t.same(ids(await q(`device=${a.id}&category=security&state=NEW`)), ids(all.filter(i => i.deviceId === a.id && i.category === 'security' && i.id !== cancelled.id)))
  t.same(await q(`device=${b.id}&since=${encodeURIComponent(yesterday)}`), [])
})

/** Every page of the list, following `next`. */
async function pages (f: TestFlare, query: string, limit: number): Promise<any[][]> {
  const out: any[][] = []
  let cursor: string | null = null
  do {
    const res: { status: number, body: any } = await f.api('GET', `/api/v1/incidents?${query}limit=${limit}${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`)
    if (res.status !== 200) throw new Error(`${res.status} ${JSON.stringify(res.body)}`)
    out.push(res.body.items)
    cursor = res.body.next
    if (out.length > 50) throw new Error('pagination does not end')
  } while (cursor !== null)
  return out
}

t.test('cursor pagination: 7 incidents in pages of 3, no duplicates, no gaps', async (t) => {
  const f = await startTestFlare(t)
  await seed(f)
  const all = (await f.api('GET', '/api/v1/incidents')).body.items as any[]
  const p = await pages(f, '', 3)
  t.same(p.map(x => x.length), [3, 3, 1])
  t.same(p.flat().map(i => i.id), all.map(i => i.id), 'same order as one page, nothing twice, nothing missing')

  // with a filter
  const sec = await pages(f, 'category=security&', 2)
  t.same(sec.flat().map(i => i.id), all.filter(i => i.category === 'security').map(i => i.id))

  // a page size that divides the total: the last page is empty, or next is null on a full page
  const sevens = await pages(f, '', 7)
  t.same(sevens.flat().map(i => i.id), all.map(i => i.id))

  t.equal((await f.api('GET', '/api/v1/incidents?cursor=garbage')).status, 400)
  t.equal((await f.api('GET', '/api/v1/incidents?limit=0')).status, 400)
})

t.test('cursor pagination holds when incidents open within the same millisecond', async (t) => {
  const f = await startTestFlare(t)
  await seed(f)
  // Busy nodes open several incidents per millisecond; PostgreSQL keeps microseconds.
  await f.app.db.pool.query(`
    UPDATE incidents SET opened_at = timestamptz '2026-01-01 10:00:00.123+00' + make_interval(secs => n / 1000000.0)
      FROM (SELECT id, (row_number() OVER (ORDER BY id))::int AS n FROM incidents) o WHERE incidents.id = o.id`)
  // and two share the very same instant (ties are broken by id)
  await f.app.db.pool.query(`
    UPDATE incidents SET opened_at = timestamptz '2026-01-01 10:00:00.123456+00'
      WHERE id IN (SELECT id FROM incidents ORDER BY id LIMIT 2)`)
  const all = (await f.api('GET', '/api/v1/incidents')).body.items as any[]
  t.equal(all.length, 7)
  for (const limit of [1, 2, 3]) {
    const got = (await pages(f, '', limit)).flat().map(i => i.id)
    t.equal(new Set(got).size, got.length, `limit ${limit}: no duplicates`)
    t.same(got, all.map(i => i.id), `limit ${limit}: no gaps`)
  }
})

t.test('detail by id and by number: alerts, offers and timeline; 404 for unknown', async (t) => {
  const f = await startTestFlare(t)
  const { a, numbers, responderId } = await seed(f)
  const byNumber = await f.api('GET', `/api/v1/incidents/${numbers[0]}`)
  t.equal(byNumber.status, 200)
  const inc = byNumber.body
  t.equal(inc.number, numbers[0])
  t.equal(inc.kind, 'PANIC')
  t.equal(inc.deviceId, a.id)
  t.equal(inc.alertCount, 2)
  t.same(inc.alerts.map((x: any) => x.alertId).sort(), ['a1', 'a4'], 'both alerts of the incident')
  t.ok(inc.alerts.every((x: any) => x.incidentId === inc.id))
  t.equal(inc.offers.length, 1)
  t.equal(inc.offers[0].responderId, responderId)
  t.equal(inc.offers[0].state, 'pending')
  t.ok(inc.offers[0].distanceM > 0 && inc.offers[0].distanceM < 1000)
  const types = inc.timeline.map((e: any) => e.type)
  t.equal(types[0], 'opened')
  t.equal(inc.timeline[0].toState, 'NEW')
  t.equal(inc.timeline[0].actor, `device:${a.id}`)
  t.ok(types.includes('offered'))
  t.ok(types.includes('alert_joined'))
  t.ok(inc.timeline.every((e: any, i: number) => i === 0 || e.id > inc.timeline[i - 1].id), 'timeline in order')

  const byId = await f.api('GET', `/api/v1/incidents/${inc.id as string}`)
  t.equal(byId.status, 200)
  t.same(byId.body, inc, 'by id and by number give the same')
  const upper = await f.api('GET', `/api/v1/incidents/${(inc.id as string).toUpperCase()}`)
  t.equal(upper.body.id, inc.id, 'uuid case does not matter')

  for (const unknown of [randomUUID(), 'INC-19990101-0001', 'nothing']) {
    const res = await f.api('GET', `/api/v1/incidents/${unknown}`)
    t.equal(res.status, 404, unknown)
    t.equal(res.body.error.code, 'not_found')
  }
})

t.test('a viewer key can read; no key cannot', async (t) => {
  const f = await startTestFlare(t)
  const { numbers } = await seed(f)
  const viewer = await keyWithRole(f, 'viewer')
  const list = await f.api('GET', '/api/v1/incidents?limit=2', undefined, viewer)
  t.equal(list.status, 200)
  t.equal(list.body.items.length, 2)
  t.type(list.body.next, 'string')
  t.equal((await f.api('GET', `/api/v1/incidents/${numbers[2]}`, undefined, viewer)).status, 200)
  t.equal((await f.api('GET', '/api/v1/incidents', undefined, null)).status, 401)
  t.equal((await f.api('GET', `/api/v1/incidents/${numbers[2]}`, undefined, 'not-a-key')).status, 401)
})
