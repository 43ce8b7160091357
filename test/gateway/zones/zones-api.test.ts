import t from 'tap'
import { pino } from 'pino'
import pg from 'pg'
import { startTestFlare } from '../../helpers/flare.js'
import { keyWithRole } from '../api/keys.js'
import { ZoneIndex } from '../../../gateway/zones/zone-index.js'
import { polygon, rect } from './support.js'

const f = await startTestFlare(t)
const index = f.app.gateway.zones

/** Waits (without a time assertion) until `check` holds; fails after a generous deadline. */
async function eventually (check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 15_000
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`never happened: ${what}`)
    await new Promise(resolve => setTimeout(resolve, 25))
  }
}

t.test('CRUD; the local index follows each change at once', async (t) => {
  const created = await f.api('POST', '/api/v1/zones', { id: 'cbd', name: 'City centre', geometry: polygon(18.40, -33.94, 18.44, -33.90) })
  t.equal(created.status, 201)
  t.match(created.body, { id: 'cbd', name: 'City centre', bbox: { minLat: -33.94, minLon: 18.40, maxLat: -33.90, maxLon: 18.44 } })
  t.same(created.body.geometry, polygon(18.40, -33.94, 18.44, -33.90), 'geometry returned as stored')
  t.equal(index.locate(-33.92, 18.42), 'cbd', 'the creating node knows the zone when the request returns')

  t.equal((await f.api('GET', '/api/v1/zones/cbd')).body.name, 'City centre')
  t.ok((await f.api('GET', '/api/v1/zones')).body.items.some((z: any) => z.id === 'cbd'))
  t.equal((await f.api('GET', '/api/v1/zones/nope')).status, 404)

  const moved = await f.api('PUT', '/api/v1/zones/cbd', { name: 'Centre', geometry: polygon(18.50, -33.94, 18.54, -33.90) })
  t.equal(moved.status, 200)
  t.equal(moved.body.name, 'Centre')
  t.equal(index.locate(-33.92, 18.42), null, 'the old area is no longer in the zone')
  t.equal(index.locate(-33.92, 18.52), 'cbd')
  t.equal((await f.api('PUT', '/api/v1/zones/nope', { name: 'x', geometry: polygon(0, 0, 1, 1) })).status, 404)

  t.equal((await f.api('DELETE', '/api/v1/zones/cbd')).status, 204)
  t.equal(index.locate(-33.92, 18.52), null)
  t.equal((await f.api('DELETE', '/api/v1/zones/cbd')).status, 404)
  const { rows } = await f.app.db.pool.query("SELECT action FROM audit_log WHERE target_type = 'zone' AND target_id = 'cbd' ORDER BY id")
  t.same(rows.map(r => r.action), ['zone.create', 'zone.update', 'zone.delete'], 'changes are audited')
})

t.test('overlapping zones: the smallest containing zone wins', async (t) => {
  await f.api('POST', '/api/v1/zones', { id: 'district', name: 'District', geometry: polygon(10, 10, 11, 11) })
  await f.api('POST', '/api/v1/zones', { id: 'campus', name: 'Campus', geometry: polygon(10.4, 10.4, 10.6, 10.6) })
  await f.api('POST', '/api/v1/zones', { id: 'a-twin', name: 'Twin', geometry: polygon(10.4, 10.4, 10.6, 10.6) })
  await f.api('POST', '/api/v1/zones', {
    id: 'ring', name: 'Ring road', geometry: { type: 'Polygon', coordinates: [rect(10.3, 10.3, 10.7, 10.7), rect(10.35, 10.35, 10.65, 10.65)] }
  })
  t.equal(index.locate(10.5, 10.5), 'a-twin', 'equal areas: the lowest id')
  t.equal(index.locate(10.2, 10.2), 'district')
  t.equal(index.locate(10.32, 10.5), 'ring', 'the ring is smaller than the district (its hole is not counted)')
  t.equal(index.locate(12, 12), null)
})

t.test('bad geometry is a 400 that says where', async (t) => {
  const cases: Array<[unknown, RegExp]> = [
    [{ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1]]] }, /geometry\.coordinates\[0\]: .*not closed/],
    [{ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [0, 0]]] }, /at least 4 positions/],
    [{ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 95], [0, 0]]] }, /geometry\.coordinates\[0\]\[2\]: latitude 95/],
    [{ type: 'MultiPolygon', coordinates: [[rect(0, 0, 1, 1)], [[[200, 0], [1, 0], [1, 1], [200, 0]]]] }, /coordinates\[1\]\[0\]\[0\]: longitude 200/]
  ]
  for (const [geometry, message] of cases) {
    const res = await f.api('POST', '/api/v1/zones', { name: 'Bad', geometry })
    t.equal(res.status, 400, JSON.stringify(geometry))
    t.equal(res.body.error.code, 'invalid_geometry')
    t.match(res.body.error.message, message)
    t.match(res.body.error.path, /^geometry\.coordinates/)
  }
  const put = await f.api('PUT', '/api/v1/zones/district', { name: 'x', geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1]]] } })
  t.equal(put.status, 400)
  t.equal(put.body.error.code, 'invalid_geometry')
  for (const body of [{ name: 'x' }, { geometry: polygon(0, 0, 1, 1) }, { name: 'x', geometry: { type: 'Point', coordinates: [0, 0] } }, { name: 'x', geometry: polygon(0, 0, 1, 1), id: 'bad/id' }]) {
    const res = await f.api('POST', '/api/v1/zones', body)
    t.equal(res.status, 400, JSON.stringify(body))
    t.equal(res.body.error.code, 'bad_request')
  }
  t.equal((await f.api('POST', '/api/v1/zones', { id: 'district', name: 'Again', geometry: polygon(0, 0, 1, 1) })).status, 409)
})

t.test('roles: viewers read, only admins write', async (t) => {
  const viewer = await keyWithRole(f, 'viewer')
  const dispatcher = await keyWithRole(f, 'dispatcher')
  t.equal((await f.api('GET', '/api/v1/zones', undefined, viewer)).status, 200)
  t.equal((await f.api('GET', '/api/v1/zones/district', undefined, viewer)).status, 200)
  t.equal((await f.api('GET', '/api/v1/zones', undefined, null)).status, 401)
  for (const key of [viewer, dispatcher]) {
    t.equal((await f.api('POST', '/api/v1/zones', { name: 'x', geometry: polygon(0, 0, 1, 1) }, key)).status, 403)
    t.equal((await f.api('PUT', '/api/v1/zones/district', { name: 'x', geometry: polygon(0, 0, 1, 1) }, key)).status, 403)
    t.equal((await f.api('DELETE', '/api/v1/zones/district', undefined, key)).status, 403)
  }
})

t.test('another node picks up changes by polling, also a change that commits out of order', async (t) => {
  // A second index on the same database stands for another node.
  const other = new ZoneIndex(f.app.db.pool, pino({ level: 'silent' }), { pollMs: 50 })
  await other.start()
  t.teardown(() => other.stop())
  t.equal(other.locate(10.2, 10.2), 'district', 'loaded at start')

  await f.api('POST', '/api/v1/zones', { id: 'late', name: 'Late', geometry: polygon(20, 20, 21, 21) })
  await eventually(() => other.locate(20.5, 20.5) === 'late', 'the other node sees a new zone')
  await f.api('DELETE', '/api/v1/zones/late')
  await eventually(() => other.locate(20.5, 20.5) === null, 'the other node drops a deleted zone')

  // T1 starts first (older now()), T2 commits and is seen, then T1 commits: count and
  // max(updated_at) are unchanged by T1, yet the index must notice it.
  const t1 = new pg.Client({ connectionString: f.db.url })
  await t1.connect()
  t.teardown(() => t1.end())
  await t1.query('BEGIN')
  await t1.query('UPDATE zones SET geometry = $1, min_lon = 30, min_lat = 30, max_lon = 31, max_lat = 31, updated_at = now() WHERE id = \'campus\'',
    [JSON.stringify(polygon(30, 30, 31, 31))])
  await f.api('PUT', '/api/v1/zones/ring', { name: 'Ring road', geometry: polygon(40, 40, 41, 41) })
  await eventually(() => other.locate(40.5, 40.5) === 'ring', 'the other node sees T2')
  await t1.query('COMMIT')
  await eventually(() => other.locate(30.5, 30.5) === 'campus', 'the other node sees T1, committed after T2')
})
