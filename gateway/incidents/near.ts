/** "Incidents near a point" for the REST list: parsing and the SQL distance. */
import { greatCircleMetersSql } from '../storage/geo-sql.js'

export interface NearFilter { lat: number, lon: number, radiusM: number }

export const DEFAULT_RADIUS_M = 1000
export const MAX_RADIUS_M = 100_000

/** Distance in metres from an incidents row to ($lat, $lon). */
export const incidentDistanceSql = (lat: string, lon: string): string => greatCircleMetersSql('incidents', lat, lon)

/** `near=lat,lon` in decimal degrees; a message saying what is wrong, or the point. */
export function parseNear (near: string, radius: number | undefined): NearFilter | string {
  const parts = near.split(',').map(s => s.trim())
  const num = /^[+-]?(\d+(\.\d*)?|\.\d+)$/
  if (parts.length !== 2 || !num.test(parts[0]) || !num.test(parts[1])) {
    return `near must be "lat,lon" in decimal degrees (e.g. near=-33.92,18.42); got "${near}"`
  }
  const lat = Number(parts[0])
  const lon = Number(parts[1])
  if (lat < -90 || lat > 90) return `near: latitude ${lat} is outside -90..90`
  if (lon < -180 || lon > 180) return `near: longitude ${lon} is outside -180..180`
  const radiusM = radius ?? DEFAULT_RADIUS_M
  if (!(radiusM > 0) || radiusM > MAX_RADIUS_M) return `radius must be more than 0 and at most ${MAX_RADIUS_M} m; got ${radiusM}`
  return { lat, lon, radiusM }
}
