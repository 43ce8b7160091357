import type pg from 'pg'
import { greatCircleMetersSql } from '../storage/geo-sql.js'

export interface Candidate {
  id: string
  name: string
  codec: 'protobuf' | 'json'
  roles: string[]
  distanceM: number
}

/**
 * Available responders with a fitting role, nearest first from their last known location, within
 * the radius, who have not had an offer for this incident yet.
 */
export async function nearestCandidates (client: pg.PoolClient | pg.Pool, q: {
  incidentId: string
  lat: number
  lon: number
  roles: string[]
  radiusM: number
  limit: number
  /** a responder with zones serves only incidents in one of them; one without zones serves everywhere */
  zoneId?: string | null
}): Promise<Candidate[]> {
  const { rows } = await client.query(
    `SELECT id, name, codec, roles, distance_m FROM (
       SELECT r.id, r.name, r.codec, r.roles, ${greatCircleMetersSql('r', '$1', '$2')} AS distance_m
         FROM responders r
        WHERE r.revoked_at IS NULL AND r.status = 'available' AND r.lat IS NOT NULL AND r.roles && $3::text[]
          AND NOT EXISTS (SELECT 1 FROM offers o WHERE o.incident_id = $4 AND o.responder_id = r.id)
          AND (cardinality(r.zones) = 0 OR $7::text = ANY(r.zones))
     ) c
     WHERE distance_m <= $5
     ORDER BY distance_m, id
     LIMIT $6`,
    [q.lat, q.lon, q.roles, q.incidentId, q.radiusM, q.limit, q.zoneId ?? null])
  return rows.map(r => ({ id: r.id, name: r.name, codec: r.codec, roles: r.roles, distanceM: r.distance_m }))
}
