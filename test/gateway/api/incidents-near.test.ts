// GET /api/v1/incidents?near=lat,lon&radius=m: great-circle distance in SQL, with the other filters and pagination.
import t from 'tap'
import { startTestFlare } from '../../helpers/flare.js'
import { seedIncident } from '../../helpers/incidents.js'

const CENTRE = { lat: -33.9249, lon: 18.4241 }

/** Haversine in metres, to check the database's figure independently. */
function haversine (a: { lat: number, lon: number }, b: { lat: number, lon: number }): number {
  const rad = (d: number): number => d * Math.PI / 180
  const h = Math.sin(rad(b.lat - a.lat) / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(rad(b.lon - a.lon) / 2) ** 2
  return 2 * 6371000 * Math.asin(Math.min(1, Math.sqrt(h)))
}

t.test('near a point', async (t) => {
  const f = await startTestFlare(t)
  const pool = f.app.db.pool
  const at = { lat: CENTRE.lat, lon: CENTRE.lon }
  const north500 = { lat: CENTRE.lat + 0.0045, lon: CENTRE.lon }
  const east5k = { lat: CENTRE.lat, lon: CENTRE.lon + 0.0541 }
  const far = { lat: CENTRE.lat + 1.35, lon: CENTRE.lon }
  const i = {
    here: await seedIncident(pool, { ...at, openedAgoS: 600 }),
    north: await seedIncident(pool, { ...north500, openedAgoS: 500, priority: 2 }),
    east: await seedIncident(pool, { ...east5k, openedAgoS: 400 }),
    far: await seedIncident(pool, { ...far, openedAgoS: 300 }),
    nowhere: await seedIncident(pool, { openedAgoS: 200 }),
    resolvedHere: await seedIncident(pool, { ...at, state: 'RESOLVED', openedAgoS: 100 })
  }
  const list = async (q: string): Promise<any[]> => {
    const res = await f.api('GET', `/api/v1/incidents?${q}`)
    t.equal(res.status, 200, `${q}: ${JSON.stringify(res.body?.error)}`)
    return res.body.items
  }
  const near = `near=${CENTRE.lat},${CENTRE.lon}`

  const def = await list(near)
  t.same(def.map((x) => x.id), [i.resolvedHere.id, i.north.id, i.here.id], 'default radius 1 km, newest first')
  t.ok(def.every((x) => typeof x.distanceM === 'number'), 'items carry distanceM')
  t.ok(def.find((x) => x.id === i.here.id).distanceM < 0.01)
  t.ok(Math.abs(def.find((x) => x.id === i.north.id).distanceM - haversine(CENTRE, north500)) < 0.01, 'the same distance as haversine')

  const wide = await list(`${near}&radius=10000`)
  t.same(wide.map((x) => x.id), [i.resolvedHere.id, i.east.id, i.north.id, i.here.id])
  t.ok(Math.abs(wide.find((x) => x.id === i.east.id).distanceM - haversine(CENTRE, east5k)) < 0.01)
  t.ok(wide.find((x) => x.id === i.east.id).distanceM > 4900, 'about 5 km')
  t.same((await list(`${near}&radius=100000`)).map((x) => x.id).includes(i.far.id), false, '150 km is beyond the largest radius')
  t.same((await list(`near=${far.lat},${far.lon}&radius=100`)).map((x) => x.id), [i.far.id])
  t.same((await list(`${near}&radius=400`)).map((x) => x.id), [i.resolvedHere.id, i.here.id], 'a 500 m incident is outside 400 m')

  t.same((await list(`${near}&state=NEW`)).map((x) => x.id), [i.north.id, i.here.id], 'combined with state')
  t.same((await list(`${near}&radius=10000&priority=2`)).map((x) => x.id), [i.north.id], 'combined with priority')

  const all = await list('limit=50')
  t.equal(all.length, 6, 'without near: every incident, also those without a position')
  t.ok(all.every((x) => !('distanceM' in x)), 'and no distanceM')

  // Pages of one, following the cursor: the near filter holds on every page.
  const seen: string[] = []
  let cursor: string | null = null
  do {
    const res: any = await f.api('GET', `/api/v1/incidents?${near}&radius=10000&limit=1${cursor === null ? '' : `&cursor=${cursor}`}`)
    t.equal(res.status, 200)
    seen.push(...res.body.items.map((x: any) => x.id))
    t.ok(res.body.items.every((x: any) => x.distanceM <= 10000))
    cursor = res.body.next
  } while (cursor !== null && seen.length < 10)
  t.same(seen, wide.map((x) => x.id), 'the pages add up to the list')
})

t.test('a malformed near or radius is a 400 that says what is wrong', async (t) => {
  const f = await startTestFlare(t)
  const cases: Array<[string, RegExp]> = [
    ['near=abc', /near must be "lat,lon"/],
    ['near=-33.9', /near must be "lat,lon"/],
    ['near=1,2,3', /near must be "lat,lon"/],
    ['near=1,', /near must be "lat,lon"/],
    ['near=1e2,3', /near must be "lat,lon"/],
    ['near=91,0', /latitude 91 is outside -90\.\.90/],
    ['near=0,-181', /longitude -181 is outside -180\.\.180/],
    ['near=0,0&radius=0', /radius must be more than 0 and at most 100000/],
    ['near=0,0&radius=100001', /radius must be more than 0 and at most 100000/],
    ['near=0,0&radius=far', /radius/],
    ['radius=500', /radius needs near/]
  ]
  for (const [q, message] of cases) {
    const res = await f.api('GET', `/api/v1/incidents?${q}`)
    t.equal(res.status, 400, q)
    t.equal(res.body.error.code, 'bad_request', q)
    t.match(res.body.error.message, message, q)
  }
  t.equal((await f.api('GET', '/api/v1/incidents?near=%20-33.9%20,%2018.4%20')).status, 200, 'spaces around the numbers are fine')
})
