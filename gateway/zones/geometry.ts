/**
 * Zone geometry: GeoJSON (RFC 7946) Polygon and MultiPolygon, positions in [lon, lat] order.
 *
 * Point-in-polygon is planar ray casting on degrees. That is exact enough for zones of a city or
 * region; a polygon that crosses the antimeridian must be split into a MultiPolygon (as RFC 7946
 * asks). Points on a boundary (outer ring or hole) count as inside the zone, so that a wall button
 * mounted on a zone's edge is never "nowhere".
 */

export type Position = number[]
export type Ring = Position[]
export interface PolygonGeometry { type: 'Polygon', coordinates: Ring[] }
export interface MultiPolygonGeometry { type: 'MultiPolygon', coordinates: Ring[][] }
export type ZoneGeometry = PolygonGeometry | MultiPolygonGeometry

export interface BBox { minLat: number, minLon: number, maxLat: number, maxLon: number }

/** A geometry that is not a valid zone; `path` points at the offending part, e.g. `coordinates[0][3]`. */
export class GeometryError extends Error {
  constructor (readonly path: string, readonly reason: string) {
    super(`${path}: ${reason}`)
    this.name = 'GeometryError'
  }
}

/** Keeps a zone cheap to test and to hold in memory on every node. */
export const MAX_POSITIONS = 50_000

/** How far (in degrees, ≈ 0.1 mm) a point may be from an edge and still count as on it: absorbs float rounding. */
const EDGE_EPS = 1e-9

function checkRing (ring: unknown, path: string, counter: { n: number }): Ring {
  if (!Array.isArray(ring)) throw new GeometryError(path, 'a linear ring must be an array of positions')
  if (ring.length < 4) throw new GeometryError(path, `a linear ring needs at least 4 positions (a triangle plus the closing position), got ${ring.length}`)
  counter.n += ring.length
  if (counter.n > MAX_POSITIONS) throw new GeometryError(path, `a zone may have at most ${MAX_POSITIONS} positions`)
  ring.forEach((p, i) => {
    const at = `${path}[${i}]`
    if (!Array.isArray(p) || p.length < 2 || p.length > 3) throw new GeometryError(at, 'a position must be [lon, lat] (or [lon, lat, altitude])')
    if (!p.every(v => typeof v === 'number' && Number.isFinite(v))) throw new GeometryError(at, 'a position must hold finite numbers')
    if (p[0] < -180 || p[0] > 180) throw new GeometryError(at, `longitude ${p[0]} is outside -180..180 (positions are [lon, lat])`)
    if (p[1] < -90 || p[1] > 90) throw new GeometryError(at, `latitude ${p[1]} is outside -90..90 (positions are [lon, lat])`)
  })
  const first = ring[0] as number[]
  const last = ring[ring.length - 1] as number[]
  if (first[0] !== last[0] || first[1] !== last[1]) {
    throw new GeometryError(path, `the ring is not closed: the last position [${last[0]}, ${last[1]}] must repeat the first [${first[0]}, ${first[1]}]`)
  }
  if (ringArea(ring as Ring) === 0) throw new GeometryError(path, 'the ring encloses no area (all positions on one line)')
  return ring as Ring
}

function checkPolygon (rings: unknown, path: string, counter: { n: number }): Ring[] {
  if (!Array.isArray(rings) || rings.length === 0) throw new GeometryError(path, 'a polygon must be a non-empty array of linear rings (the outer ring, then holes)')
  return rings.map((r, i) => checkRing(r, `${path}[${i}]`, counter))
}

/**
 * Checks a GeoJSON Polygon or MultiPolygon and returns it typed. Not checked: self-intersection,
 * ring orientation (RFC 7946 says parsers must not reject on it) and holes lying inside their outer ring.
 */
export function validateGeometry (g: unknown): ZoneGeometry {
  if (typeof g !== 'object' || g === null || Array.isArray(g)) throw new GeometryError('geometry', 'must be a GeoJSON Polygon or MultiPolygon object')
  const { type, coordinates } = g as { type?: unknown, coordinates?: unknown }
  const counter = { n: 0 }
  if (type === 'Polygon') return { type, coordinates: checkPolygon(coordinates, 'coordinates', counter) }
  if (type === 'MultiPolygon') {
    if (!Array.isArray(coordinates) || coordinates.length === 0) throw new GeometryError('coordinates', 'a MultiPolygon must be a non-empty array of polygons')
    return { type, coordinates: coordinates.map((p, i) => checkPolygon(p, `coordinates[${i}]`, counter)) }
  }
  throw new GeometryError('type', `must be "Polygon" or "MultiPolygon", got ${JSON.stringify(type) ?? 'nothing'}`)
}

function polygonsOf (g: ZoneGeometry): Ring[][] {
  return g.type === 'Polygon' ? [g.coordinates] : g.coordinates
}

export function bboxOf (g: ZoneGeometry): BBox {
  const b = { minLat: Infinity, minLon: Infinity, maxLat: -Infinity, maxLon: -Infinity }
  for (const poly of polygonsOf(g)) {
    for (const [lon, lat] of poly[0]) { // holes lie within the outer ring
      if (lat < b.minLat) b.minLat = lat
      if (lat > b.maxLat) b.maxLat = lat
      if (lon < b.minLon) b.minLon = lon
      if (lon > b.maxLon) b.maxLon = lon
    }
  }
  return b
}

/** Shoelace area in square degrees (unsigned). */
function ringArea (ring: Ring): number {
  let sum = 0
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) sum += (ring[j][0] * ring[i][1]) - (ring[i][0] * ring[j][1])
  return Math.abs(sum) / 2
}

/**
 * Approximate area in m² (equirectangular: longitude scaled by cos(latitude)). Only used to rank
 * overlapping zones, which are close to each other, so the approximation does not change the order.
 */
export function approxAreaM2 (g: ZoneGeometry): number {
  const M_PER_DEG = 111_320
  let total = 0
  for (const poly of polygonsOf(g)) {
    const lats = poly[0].map(p => p[1])
    const cos = Math.cos(((Math.min(...lats) + Math.max(...lats)) / 2) * Math.PI / 180)
    const deg2 = ringArea(poly[0]) - poly.slice(1).reduce((s, hole) => s + ringArea(hole), 0)
    total += Math.max(0, deg2) * cos * M_PER_DEG * M_PER_DEG
  }
  return total
}

function onEdge (x: number, y: number, ring: Ring): boolean {
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]
    const [xj, yj] = ring[j]
    if (x < Math.min(xi, xj) - EDGE_EPS || x > Math.max(xi, xj) + EDGE_EPS) continue
    if (y < Math.min(yi, yj) - EDGE_EPS || y > Math.max(yi, yj) + EDGE_EPS) continue
    const cross = (xj - xi) * (y - yi) - (yj - yi) * (x - xi)
    const len = Math.hypot(xj - xi, yj - yi)
    if (Math.abs(cross) <= EDGE_EPS * Math.max(len, EDGE_EPS)) return true
  }
  return false
}

/** Ray casting: counts crossings of a ray from the point towards +x; odd means inside. */
function insideRing (x: number, y: number, ring: Ring): boolean {
  let inside = false
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]
    const [xj, yj] = ring[j]
    // The half-open test (yi > y) !== (yj > y) counts a vertex exactly at the ray's height once.
    if ((yi > y) !== (yj > y) && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside
  }
  return inside
}

function inPolygon (x: number, y: number, rings: Ring[]): boolean {
  const [outer, ...holes] = rings
  if (onEdge(x, y, outer)) return true
  if (!insideRing(x, y, outer)) return false
  for (const hole of holes) {
    if (onEdge(x, y, hole)) return true // a hole's edge still belongs to the zone
    if (insideRing(x, y, hole)) return false
  }
  return true
}

export function inBBox (lat: number, lon: number, b: BBox): boolean {
  return lat >= b.minLat - EDGE_EPS && lat <= b.maxLat + EDGE_EPS && lon >= b.minLon - EDGE_EPS && lon <= b.maxLon + EDGE_EPS
}

/** Whether (lat, lon) lies in the geometry (boundaries included). Note the argument order: lat first, as everywhere in Flare's API. */
export function containsPoint (g: ZoneGeometry, lat: number, lon: number): boolean {
  return polygonsOf(g).some(rings => inPolygon(lon, lat, rings))
}
