import type pg from 'pg'
import { incidentColumns, type IncidentRow } from '../../incidents/incident.js'

/**
 * Persist, step 4 — position: incidents opened by alerts without a position take their devices'
 * last known ones (from telemetry), where there are, so dispatch can still pick the nearest
 * responders. Returns the updated incident rows by id.
 */
export async function useLastKnownLocations (client: pg.PoolClient, items: Array<{ incidentId: string, deviceId: string }>): Promise<Map<string, IncidentRow>> {
  if (items.length === 0) return new Map()
  const { rows } = await client.query<IncidentRow>(
    `UPDATE incidents i SET lat = d.lat, lon = d.lon FROM unnest($1::uuid[], $2::text[]) AS x(incident, device), devices d
      WHERE i.id = x.incident AND d.id = x.device AND d.lat IS NOT NULL RETURNING ${incidentColumns('i')}`,
    [items.map(x => x.incidentId), items.map(x => x.deviceId)])
  return new Map(rows.map(r => [r.id, r]))
}
