import type pg from 'pg'
import { Type, type Static } from 'typebox'
import { incidentBody } from '../events/emit.js'
import { INCIDENT_COLUMNS, IncidentEventBodySchema, IncidentSchema, viewSql, type IncidentEventBody, type IncidentViewRow } from '../incidents/incident.js'
import { openStateSql } from '../incidents/state-machine.js'

/** Which incident events a dashboard wants; responder events are not filtered. */
export interface LiveFilter {
  zones?: string[]
  /** the least urgent priority wanted: 2 → priorities 1 and 2 */
  maxPriority?: number
}

/** An incident in a dashboard's snapshot: what its live events carry, and a few counts and times. */
export const SnapshotIncidentSchema = Type.Object({
  ...IncidentEventBodySchema.properties,
  ...Type.Pick(IncidentSchema, ['alertCount', 'escalationLevel', 'firstTriggeredAt', 'openedAt', 'updatedAt']).properties
})

export type SnapshotIncident = Static<typeof SnapshotIncidentSchema>

/** A dashboard that connects late must not wait for the next change to see what is going on. */
export const SNAPSHOT_LIMIT = 1000

/** Open incidents matching the filter, most urgent and oldest first. */
export async function openIncidents (pool: pg.Pool, f: LiveFilter): Promise<{ incidents: SnapshotIncident[], truncated: boolean }> {
  const { rows } = await pool.query<IncidentViewRow>(viewSql(
    `SELECT ${INCIDENT_COLUMNS} FROM incidents
      WHERE ${openStateSql()}
        AND ($1::text[] IS NULL OR zone_id = ANY($1))
        AND ($2::int IS NULL OR priority <= $2)
      ORDER BY priority, opened_at, id
      LIMIT $3`, 'ORDER BY i.priority, i.opened_at, i.id'),
  [f.zones ?? null, f.maxPriority ?? null, SNAPSHOT_LIMIT + 1])
  const incidents = rows.slice(0, SNAPSHOT_LIMIT).map((r): SnapshotIncident => ({
    ...incidentBody(r),
    personName: r.person_name,
    deviceName: r.device_name,
    assignedResponder: r.assigned_responder_id === null ? null : { id: r.assigned_responder_id, name: r.responder_name ?? r.assigned_responder_id },
    pendingOffers: r.pending_offers,
    alertCount: r.alert_count,
    escalationLevel: r.escalation_level,
    firstTriggeredAt: r.first_triggered_at.toISOString(),
    openedAt: r.opened_at.toISOString(),
    updatedAt: r.updated_at.toISOString()
  }))
  return { incidents, truncated: rows.length > SNAPSHOT_LIMIT }
}

/** The same filter as the snapshot, applied to live events. */
export function wants (f: LiveFilter, event: { type: string, incident?: IncidentEventBody }): boolean {
  // Responders move between zones and serve several; every dashboard sees them.
  if (!event.type.startsWith('incident.') || event.incident === undefined) return true
  const i = event.incident
  if (f.maxPriority !== undefined && !(i.priority <= f.maxPriority)) return false
  if (f.zones !== undefined && (i.zoneId == null || !f.zones.includes(i.zoneId))) return false
  return true
}
