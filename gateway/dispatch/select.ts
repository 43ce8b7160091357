import type pg from 'pg'
import { greatCircleMetersSql } from '../storage/geo-sql.js'

export interface Candidate {
  id: string
  name: string
  codec: 'protobuf' | 'json'
  roles: string[]
  distanceM: number
}

export interface CandidateQuery {
  incidentId: string
  lat: number
  lon: number
  roles: string[]
  radiusM: number
  limit: number
  /** a responder with zones serves only incidents in one of them; one without zones serves everywhere */
  zoneId?: string | null
}

/**
 * Available responders with a fitting role, nearest first from their last known location, within
 * the radius, who have not had an offer for this incident yet.
 */
export async function nearestCandidates (client: pg.PoolClient | pg.Pool, q: CandidateQuery): Promise<Candidate[]> {
  return (await nearestCandidatesMany(client, [q]))[0]
}

/** The same for several incidents in one round trip (a group commit opens many at once); one list per query, in order. */
export async function nearestCandidatesMany (client: pg.PoolClient | pg.Pool, queries: CandidateQuery[]): Promise<Candidate[][]> {
  const lists: Candidate[][] = queries.map(() => [])
  if (queries.length === 0) return lists
  const { rows } = await client.query(
    `SELECT q.n, c.id, c.name, c.codec, c.roles, c.distance_m
       FROM jsonb_to_recordset($1::jsonb) AS q(n int, incident_id uuid, lat float8, lon float8, roles text[], radius_m float8, lim int, zone_id text)
       CROSS JOIN LATERAL (
         SELECT id, name, codec, roles, distance_m FROM (
           SELECT r.id, r.name, r.codec, r.roles, ${greatCircleMetersSql('r', 'q.lat', 'q.lon')} AS distance_m
             FROM responders r
            WHERE r.revoked_at IS NULL AND r.status = 'available' AND r.lat IS NOT NULL AND r.roles && q.roles
              AND NOT EXISTS (SELECT 1 FROM offers o WHERE o.incident_id = q.incident_id AND o.responder_id = r.id)
              AND (cardinality(r.zones) = 0 OR q.zone_id = ANY(r.zones))
         ) near
         WHERE distance_m <= q.radius_m
         ORDER BY distance_m, id
         LIMIT q.lim
       ) c
      ORDER BY q.n, c.distance_m, c.id`,
    [JSON.stringify(queries.map((q, n) => ({ n, incident_id: q.incidentId, lat: q.lat, lon: q.lon, roles: q.roles, radius_m: q.radiusM, lim: q.limit, zone_id: q.zoneId ?? null })))])
  for (const r of rows) lists[r.n].push({ id: r.id, name: r.name, codec: r.codec, roles: r.roles, distanceM: r.distance_m })
  return lists
}
