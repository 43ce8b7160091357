import type pg from 'pg'
import { incidentColumns, type IncidentRow } from '../../incidents/incident.js'

/**
 * Persist, step 4 — position: incidents opened by alerts without a position (no fix, no install
 * location) take their devices' last known ones (from telemetry), where there are, so dispatch can
 * still pick the nearest responders (not one a later alert of the batch placed meanwhile); each
 * also becomes the first row of the incident's location history. Returns the updated incident rows
 * by id.
 */
export async function useLastKnownLocations (client: pg.PoolClient, items: Array<{ incidentId: string, deviceId: string }>): Promise<Map<string, IncidentRow>> {
  if (items.length === 0) return new Map()
  const { rows } = await client.query<IncidentRow>(
    `WITH located AS (
       UPDATE incidents i SET lat = d.lat, lon = d.lon, location_updated_at = now() FROM unnest($1::uuid[], $2::text[]) AS x(incident, device), devices d
        WHERE i.id = x.incident AND i.lat IS NULL AND d.id = x.device AND d.lat IS NOT NULL RETURNING ${incidentColumns('i')}
     ), history AS (
       INSERT INTO incident_locations (incident_id, lat, lon, source) SELECT id, lat, lon, 'telemetry' FROM located
     )
     SELECT * FROM located`,
    [items.map(x => x.incidentId), items.map(x => x.deviceId)])
  return new Map(rows.map(r => [r.id, r]))
}
