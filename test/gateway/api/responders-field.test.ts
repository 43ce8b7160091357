// Responders as dispatchers manage them: PATCH of name, roles and zones (and what dispatch and
// degraded dispatch then see), who is nearest and free, and the bounded position history written
// from their location messages over MQTT.
import t from 'tap'
import { startTestFlare } from '../../helpers/flare.js'
import { HERE } from '../dispatch/responders.js'
import { keyWithRole } from './keys.js'
import { dashboard, liveUrl } from '../live/support.js'

/** Metres per degree of latitude on the sphere the SQL uses. */
const M_PER_DEG = 6371000 * Math.PI / 180

t.test('PATCH name, roles and zones: audited, validated, seen by dispatch and the roster', async (t) => {
  const f = await startTestFlare(t)
  const dispatcher = await keyWithRole(f, 'dispatcher')
  const r = await f.responder({ name: 'Sam', roles: ['security'], lat: HERE.lat, lon: HERE.lon })
  const live = await dashboard(t, liveUrl(f))
  await live.next(m => m.type === 'snapshot')

  const res = await f.api('PATCH', `/api/v1/responders/${r.id}`, { name: 'Sam Dlamini', roles: ['medic', 'security'], zones: ['north'] }, dispatcher)
  t.equal(res.status, 200, JSON.stringify(res.body))
  t.match(res.body, { name: 'Sam Dlamini', roles: ['medic', 'security'], zones: ['north'], status: 'available' })
  const audit = await f.api('GET', `/api/v1/audit?action=responder.update&targetId=${r.id}`)
  t.match(audit.body.items[0], { actor: /^api:test dispatcher#/, details: { changes: { name: { from: 'Sam', to: 'Sam Dlamini' }, zones: { from: [], to: ['north'] } } } })
  t.match(f.app.gateway.degraded.roster.get(r.id), { name: 'Sam Dlamini', roles: ['medic', 'security'], zones: ['north'] }, 'the roster has it at once')
  t.match(await live.next(m => m.type === 'responder.updated' && m.responder.id === r.id), { responder: { name: 'Sam Dlamini', roles: ['medic', 'security'], zones: ['north'] } })
  const principal = await f.app.directory.authenticate(r.id, r.secret)
  t.match(principal, { principal: { roles: ['medic', 'security'], zones: ['north'] } }, 'so has the directory')

  // a medic call outside zone north is not offered to a responder who now serves north only
  const outside = await f.api('POST', '/api/v1/incidents', { category: 'medical', kind: 'MEDICAL', source: 'phone', lat: HERE.lat, lon: HERE.lon })
  t.equal(outside.body.pendingOffers, 0)
  t.equal((await f.api('PATCH', `/api/v1/responders/${r.id}`, { zones: [] })).status, 200)
  const anywhere = await f.api('POST', '/api/v1/incidents', { category: 'medical', kind: 'MEDICAL', source: 'phone', lat: HERE.lat, lon: HERE.lon })
  t.match(anywhere.body.offers, [{ responderId: r.id, state: 'pending' }], 'without zones: offered')

  const before = (await f.api('GET', `/api/v1/responders/${r.id}`)).body
  for (const body of [{}, { name: '' }, { roles: ['Medic'] }, { roles: ['a', 'a'] }, { zones: [''] }, { roles: [7] }, { lat: 1 }, { codec: 'protobuf' }]) {
    const bad = await f.api('PATCH', `/api/v1/responders/${r.id}`, body)
    t.equal(bad.status, 400, JSON.stringify(body))
    t.equal(bad.body.error.code, 'bad_request')
  }
  t.same((await f.api('GET', `/api/v1/responders/${r.id}`)).body, before, 'nothing changed')
  t.equal((await f.api('PATCH', '/api/v1/responders/nobody', { name: 'x' })).status, 404)
  t.equal((await f.api('PATCH', `/api/v1/responders/${r.id}`, { name: 'x' }, await keyWithRole(f, 'viewer'))).status, 403)
})

t.test('available=true&near=lat,lon: who is nearest and free, nearest first, with distanceM', async (t) => {
  const f = await startTestFlare(t)
  const at = async (name: string, m: number, extra: Record<string, unknown> = {}): Promise<string> =>
    (await f.responder({ name, lat: HERE.lat + m / M_PER_DEG, lon: HERE.lon, ...extra })).id
  const far = await at('Far', 3000)
  const near = await at('Near', 200)
  const mid = await at('Mid', 900)
  const busy = await at('Busy', 100)
  const offDuty = await at('Off', 50)
  const outside = await at('Outside', 20_000)
  await f.responder({ name: 'Nowhere' })
  await f.api('PATCH', `/api/v1/responders/${busy}`, { status: 'busy' })
  await f.api('PATCH', `/api/v1/responders/${offDuty}`, { status: 'off_duty' })

  const q = async (query: string): Promise<any> => {
    const res = await f.api('GET', `/api/v1/responders?${query}`)
    t.equal(res.status, 200, `${query}: ${JSON.stringify(res.body)}`)
    return res.body
  }
  const free = await q(`available=true&near=${HERE.lat},${HERE.lon}&radius=5000`)
  t.same(free.items.map((r: any) => r.id), [near, mid, far], 'the free ones within 5 km, nearest first')
  t.same(free.items.map((r: any) => Math.round(r.distanceM)), [200, 900, 3000])
  t.equal(free.next, null)
  t.same((await q(`near=${HERE.lat},${HERE.lon}&radius=1000`)).items.map((r: any) => r.id), [offDuty, busy, near, mid], 'without available: everyone within')
  t.same((await q(`available=false&near=${HERE.lat},${HERE.lon}`)).items.map((r: any) => r.id), [offDuty, busy], 'available=false: the others; default radius 10 km')
  t.same((await q(`available=true&near=${HERE.lat},${HERE.lon}&radius=50000&limit=2`)).items.map((r: any) => r.id), [near, mid], 'limit')
  t.ok((await q(`available=true&near=${HERE.lat},${HERE.lon}&radius=50000`)).items.some((r: any) => r.id === outside))
  const plain = await q('available=true')
  t.notOk(plain.items.some((r: any) => r.id === busy || r.id === offDuty), 'available without near: by id, free ones only')
  t.notOk('distanceM' in plain.items[0])

  for (const query of ['near=91,0', 'near=abc', `near=${HERE.lat},${HERE.lon}&radius=0`, 'radius=100', `near=${HERE.lat},${HERE.lon}&after=x`, 'available=maybe']) {
    const res = await f.api('GET', `/api/v1/responders?${query}`)
    t.equal(res.status, 400, query)
    t.equal(res.body.error.code, 'bad_request', query)
  }
})

t.test('location messages make a position history, bounded per responder', async (t) => {
  const f = await startTestFlare(t, { RESPONDER_POSITIONS_KEEP: '5' })
  const r = await f.responder({ name: 'Runner', roles: ['security'] })
  const other = await f.responder({ name: 'Other', roles: ['security'] })
  const client = await f.connect({ clientId: r.id, username: r.id, password: r.secret })
  const otherClient = await f.connect({ clientId: other.id, username: other.id, password: other.secret })
  const history = async (id: string, query = ''): Promise<any[]> => (await f.api('GET', `/api/v1/responders/${id}/positions${query}`)).body.items
  for (let k = 0; k < 8; k++) {
    await client.publishAsync(`resp/${r.id}/location`, JSON.stringify({ lat: HERE.lat + k * 0.001, lon: HERE.lon, accuracyM: 5 + k }), { qos: 1 })
    await new Promise(resolve => setTimeout(resolve, 20))
  }
  await otherClient.publishAsync(`resp/${other.id}/location`, JSON.stringify({ lat: 1, lon: 2 }), { qos: 1 })
  const deadline = Date.now() + 10_000
  while ((await history(r.id)).at(-1)?.accuracyM !== 12 || (await history(other.id)).length === 0) {
    if (Date.now() > deadline) throw new Error('positions not stored')
    await new Promise(resolve => setTimeout(resolve, 50))
  }
  const items = await history(r.id)
  t.same(items.map(p => Math.round((p.lat - HERE.lat) * 1000)), [3, 4, 5, 6, 7], 'the newest five, oldest first')
  t.same(items.map(p => p.accuracyM), [8, 9, 10, 11, 12])
  t.match((await f.api('GET', `/api/v1/responders/${r.id}`)).body, { lat: HERE.lat + 0.007, lon: HERE.lon }, 'the responder is where it last said')
  t.same((await history(other.id)).map(p => [p.lat, p.lon]), [[1, 2]], "another responder's history is its own")
  t.equal((await history(r.id, '?limit=2')).length, 2)
  t.same((await history(r.id, '?limit=2')).map(p => p.accuracyM), [11, 12], 'limit: the newest')
  t.same(await history(r.id, `?since=${new Date(Date.now() + 60_000).toISOString()}`), [])
  const { rows } = await f.app.db.pool.query('SELECT count(*)::int AS n FROM responder_positions WHERE responder_id = $1', [r.id])
  t.equal(rows[0].n, 5, 'the table holds no more than RESPONDER_POSITIONS_KEEP')

  t.equal((await f.api('GET', '/api/v1/responders/nobody/positions')).status, 404)
  t.equal((await f.api('GET', `/api/v1/responders/${r.id}/positions?limit=0`)).status, 400)
})
