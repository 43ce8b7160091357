/** Incidents written straight into the database, for tests that need exact zones, priorities, places and times. */
import type pg from 'pg'
import { randomBytes } from 'node:crypto'
import { emitEvent, incidentBody } from '../../gateway/events/emit.js'
import { inTransaction } from '../../gateway/storage/transaction.js'

export interface IncidentSeed {
  priority?: number
  zoneId?: string | null
  state?: string
  lat?: number | null
  lon?: number | null
  /** seconds before now */
  openedAgoS?: number
  /** seconds between the press and the incident row (device clock) */
  pressBeforeOpenS?: number
  assignedAfterS?: number
  onSceneAfterS?: number
  resolvedAfterS?: number
  deviceId?: string
}

/**
 * Inserts an incident (and, like the pipeline, an 'opened' timeline row) and emits
 * 'incident.opened' in the same transaction, as the pipeline does on commit.
 */
export async function seedIncident (pool: pg.Pool, s: IncidentSeed = {}): Promise<any> {
  return await inTransaction(pool, async (c) => {
    const ago = s.openedAgoS ?? 0
    const press = ago + (s.pressBeforeOpenS ?? 0)
    const at = (after: number | undefined): string | null => after === undefined ? null : `${press - after} seconds`
    const { rows: [row] } = await c.query(
      `INSERT INTO incidents (number, state, kind, category, priority, rule_id, device_id, zone_id, lat, lon, correlation_window_s,
                              first_triggered_at, opened_at, last_alert_at, updated_at, assigned_at, on_scene_at, resolved_at)
       VALUES ($1, $2, 'PANIC', 'panic', $3, 'test', $4, $5, $6, $7, 60,
               now() - $8::interval, now() - $9::interval, now() - $9::interval, now() - $9::interval,
               now() - $10::interval, now() - $11::interval, now() - $12::interval)
       RETURNING *`,
      [`TEST-${randomBytes(4).toString('hex')}`, s.state ?? 'NEW', s.priority ?? 1, s.deviceId ?? 'dev-test', s.zoneId ?? null,
        s.lat ?? null, s.lon ?? null, `${press} seconds`, `${ago} seconds`, at(s.assignedAfterS), at(s.onSceneAfterS), at(s.resolvedAfterS)])
    await c.query("INSERT INTO incident_events (incident_id, actor, type, to_state) VALUES ($1, 'test', 'opened', 'NEW')", [row.id])
    await emitEvent(c, { type: 'incident.opened', at: new Date().toISOString(), incident: incidentBody(row) })
    return row
  })
}
