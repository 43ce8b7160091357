// Great-circle helpers for placing devices and moving responders. Spherical earth: metre-level
// accuracy is plenty for a simulator.
import type { Rng } from './random.js'

export interface Point { lat: number, lon: number }
export interface Area extends Point { radiusM: number }

const EARTH_M = 6371000
const rad = (deg: number): number => (deg * Math.PI) / 180
const deg = (r: number): number => (r * 180) / Math.PI

/** Haversine distance in metres (the same formula Flare's responder selection uses). */
export function distanceM (a: Point, b: Point): number {
  const dLat = rad(b.lat - a.lat)
  const dLon = rad(b.lon - a.lon)
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2
  return 2 * EARTH_M * Math.asin(Math.min(1, Math.sqrt(h)))
}

/** The point `meters` from `from` on the initial bearing `bearingRad` (0 = north). */
export function offset (from: Point, meters: number, bearingRad: number): Point {
  const d = meters / EARTH_M
  const lat1 = rad(from.lat)
  const lon1 = rad(from.lon)
  const lat2 = Math.asin(Math.sin(lat1) * Math.cos(d) + Math.cos(lat1) * Math.sin(d) * Math.cos(bearingRad))
  const lon2 = lon1 + Math.atan2(Math.sin(bearingRad) * Math.sin(d) * Math.cos(lat1), Math.cos(d) - Math.sin(lat1) * Math.sin(lat2))
  return { lat: deg(lat2), lon: ((deg(lon2) + 540) % 360) - 180 }
}

/** Uniformly distributed over the disc (sqrt of the radius draw, or points crowd the centre). */
export function randomPointIn (area: Area, rng: Rng): Point {
  return offset(area, area.radiusM * Math.sqrt(rng.next()), rng.next() * 2 * Math.PI)
}

/** Moves `from` up to `stepM` towards `to`; lands exactly on `to` when it is that close. */
export function moveToward (from: Point, to: Point, stepM: number): Point {
  const d = distanceM(from, to)
  if (d <= stepM || d === 0) return { lat: to.lat, lon: to.lon }
  const f = stepM / d
  // Linear interpolation in degrees: over a single step of at most a few hundred metres the error
  // against the true great circle is far below GPS accuracy.
  return { lat: from.lat + (to.lat - from.lat) * f, lon: from.lon + (to.lon - from.lon) * f }
}
