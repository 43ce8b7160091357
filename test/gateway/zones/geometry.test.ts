import t from 'tap'
import { approxAreaM2, bboxOf, containsPoint, GeometryError, validateGeometry, type ZoneGeometry } from '../../../gateway/zones/geometry.js'
import { rect } from './support.js'

const square: ZoneGeometry = { type: 'Polygon', coordinates: [rect(18, -34, 19, -33)] }
const withHole: ZoneGeometry = { type: 'Polygon', coordinates: [rect(0, 0, 10, 10), rect(4, 4, 6, 6)] }
const multi: ZoneGeometry = { type: 'MultiPolygon', coordinates: [[rect(0, 0, 1, 1)], [rect(5, 5, 6, 6), rect(5.4, 5.4, 5.6, 5.6)]] }
// A concave "U": the notch between the arms is outside.
const u: ZoneGeometry = { type: 'Polygon', coordinates: [[[0, 0], [3, 0], [3, 3], [2, 3], [2, 1], [1, 1], [1, 3], [0, 3], [0, 0]]] }

t.test('inside and outside a simple polygon; coordinates are [lon, lat]', async (t) => {
  t.ok(containsPoint(square, -33.5, 18.5), 'centre')
  t.notOk(containsPoint(square, 18.5, -33.5), 'lat and lon swapped is elsewhere')
  t.notOk(containsPoint(square, -33.5, 19.5), 'east of it')
  t.notOk(containsPoint(square, -32.9, 18.5), 'north of it')
})

t.test('edges and vertices count as inside', async (t) => {
  t.ok(containsPoint(square, -34, 18.5), 'on the southern edge')
  t.ok(containsPoint(square, -33.5, 19), 'on the eastern edge')
  t.ok(containsPoint(square, -33, 19), 'on a vertex')
  t.ok(containsPoint(square, -34, 18), 'on the first vertex')
  const tri: ZoneGeometry = { type: 'Polygon', coordinates: [[[0, 0], [10, 0], [0, 10], [0, 0]]] }
  t.ok(containsPoint(tri, 5, 5), 'on a diagonal edge (lat 5, lon 5)')
  t.ok(containsPoint(tri, 3.3, 6.7), 'on a diagonal edge, with rounding')
  t.notOk(containsPoint(tri, 5.001, 5.001), 'just beyond the diagonal')
  t.notOk(containsPoint(square, -34.000001, 18.5), 'just south of the southern edge')
})

t.test('a ray through a vertex is counted once', async (t) => {
  const diamond: ZoneGeometry = { type: 'Polygon', coordinates: [[[0, -1], [1, 0], [0, 1], [-1, 0], [0, -1]]] }
  t.ok(containsPoint(diamond, 0, 0), 'the ray to +lon passes the vertex at (1, 0)')
  t.notOk(containsPoint(diamond, 0, -2), 'left of the diamond on the vertex line')
  t.notOk(containsPoint(diamond, 0, 1.5))
  t.ok(containsPoint(u, 0.5, 2.5), 'concave: ray crosses both arms')
  t.notOk(containsPoint(u, 2, 1.5), 'in the notch')
  t.ok(containsPoint(u, 1, 0.5), 'left arm at the height of the notch floor: the ray runs along that edge')
  t.ok(containsPoint(u, 1, 1.5), 'on the notch floor edge (lat 1, lon 1.5)')
})

t.test('holes are outside; a hole\'s edge belongs to the zone', async (t) => {
  t.ok(containsPoint(withHole, 2, 2))
  t.notOk(containsPoint(withHole, 5, 5), 'in the hole')
  t.ok(containsPoint(withHole, 4, 5), 'on the hole\'s edge')
  t.ok(containsPoint(withHole, 5, 8), 'north of the hole, inside the outer ring')
})

t.test('MultiPolygon: any part, with its own holes', async (t) => {
  t.ok(containsPoint(multi, 0.5, 0.5))
  t.ok(containsPoint(multi, 5.2, 5.2))
  t.notOk(containsPoint(multi, 5.5, 5.5), 'in the second part\'s hole')
  t.notOk(containsPoint(multi, 3, 3), 'between the parts')
})

t.test('bbox and area', async (t) => {
  t.same(bboxOf(multi), { minLat: 0, minLon: 0, maxLat: 6, maxLon: 6 })
  t.same(bboxOf(square), { minLat: -34, minLon: 18, maxLat: -33, maxLon: 19 })
  const big = approxAreaM2(withHole)
  const full = approxAreaM2({ type: 'Polygon', coordinates: [rect(0, 0, 10, 10)] })
  t.ok(Math.abs(big / full - 0.96) < 0.001, 'the hole (4 of 100 square degrees) is subtracted')
  t.ok(approxAreaM2({ type: 'Polygon', coordinates: [rect(0, 60, 1, 61)] }) < approxAreaM2({ type: 'Polygon', coordinates: [rect(0, 0, 1, 1)] }), 'a degree is narrower at 60°')
})

t.test('validation says what is wrong and where', async (t) => {
  const cases: Array<[unknown, string, RegExp]> = [
    [null, 'geometry', /GeoJSON Polygon or MultiPolygon/],
    [{ type: 'Point', coordinates: [0, 0] }, 'type', /"Point"/],
    [{ type: 'Polygon', coordinates: [] }, 'coordinates', /non-empty/],
    [{ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [0, 0]]] }, 'coordinates[0]', /at least 4 positions/],
    [{ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1]]] }, 'coordinates[0]', /not closed/],
    [{ type: 'Polygon', coordinates: [[[0, 0], [181, 0], [1, 1], [0, 0]]] }, 'coordinates[0][1]', /longitude 181/],
    [{ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 91], [0, 0]]] }, 'coordinates[0][2]', /latitude 91/],
    [{ type: 'Polygon', coordinates: [[[0, 0], [1], [1, 1], [0, 0]]] }, 'coordinates[0][1]', /\[lon, lat\]/],
    [{ type: 'Polygon', coordinates: [[[0, 0], [1, 'x'], [1, 1], [0, 0]]] }, 'coordinates[0][1]', /finite numbers/],
    [{ type: 'Polygon', coordinates: [[[0, 0], [1, 1], [2, 2], [0, 0]]] }, 'coordinates[0]', /no area/],
    [{ type: 'Polygon', coordinates: [rect(0, 0, 1, 1), [[0, 0]]] }, 'coordinates[1]', /at least 4/],
    [{ type: 'MultiPolygon', coordinates: [[rect(0, 0, 1, 1)], []] }, 'coordinates[1]', /non-empty/],
    [{ type: 'MultiPolygon', coordinates: [[rect(0, 0, 1, 1)], [[[0, 0], [1, 0], [1, 1], [0, 1]]]] }, 'coordinates[1][0]', /not closed/]
  ]
  for (const [g, path, reason] of cases) {
    try {
      validateGeometry(g)
      t.fail(`accepted ${JSON.stringify(g)}`)
    } catch (err) {
      t.type(err, GeometryError)
      t.equal((err as GeometryError).path, path, JSON.stringify(g))
      t.match((err as GeometryError).reason, reason)
    }
  }
  t.same(validateGeometry(square), square)
  t.ok(validateGeometry({ type: 'Polygon', coordinates: [[[0, 0, 5], [1, 0, 5], [1, 1, 5], [0, 0, 5]]] }), 'altitude is allowed')
})
