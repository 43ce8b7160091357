import { greatCircleMetersSql } from '../storage/geo-sql.js'

export interface Candidate {
  id: string
  name: string
  codec: 'protobuf' | 'json'
  roles: string[]
  distanceM: number
}

/**
 * Who may get an offer: available responders with a fitting role, nearest first from their last
 * known location, within the radius, who have not had an offer for this incident yet. A responder
 * with zones serves only incidents in one of them; one without zones serves everywhere.
 *
 * An SQL LATERAL subquery over the row `q` (columns incident_id, lat, lon, roles, radius_m, lim,
 * zone_id), so one statement selects for many incidents at once (gateway/dispatch/offers.ts).
 */
export function candidatesSql (q: string): string {
  return `(
    SELECT id, name, codec, roles, distance_m FROM (
      SELECT r.id, r.name, r.codec, r.roles, ${greatCircleMetersSql('r', `${q}.lat`, `${q}.lon`)} AS distance_m
        FROM responders r
       WHERE r.revoked_at IS NULL AND r.status = 'available' AND r.lat IS NOT NULL AND r.roles && ${q}.roles
         AND NOT EXISTS (SELECT 1 FROM offers o WHERE o.incident_id = ${q}.incident_id AND o.responder_id = r.id)
         AND (cardinality(r.zones) = 0 OR ${q}.zone_id = ANY(r.zones))
    ) near
    WHERE distance_m <= ${q}.radius_m
    ORDER BY distance_m, id
    LIMIT ${q}.lim
  )`
}
