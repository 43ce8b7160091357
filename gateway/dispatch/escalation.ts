import type pg from 'pg'
import { randomUUID } from 'node:crypto'
import { encode } from '../codec/wire.js'
import { emitEvent, incidentBody } from '../events/emit.js'
import { INCIDENT_COLUMNS, type IncidentRow } from '../incidents/incident.js'
import { appendEvent } from '../incidents/timeline.js'
import type { Outgoing } from '../storage/outgoing.js'

export const INCIDENT_ESCALATE = 'incident_escalate'
export const INCIDENT_ON_SCENE = 'incident_on_scene'
/** Where escalations go for incidents outside every zone. */
export const NO_ZONE = 'unzoned'

/**
 * Escalates a locked incident to its zone's supervisors (zone/{zoneId}/escalations) and, per its
 * policy, raises its priority. Returns the updated row.
 */
export async function escalate (client: pg.PoolClient, out: Outgoing, row: IncidentRow, actor: string, reason: string): Promise<IncidentRow> {
  const raise = row.escalation_policy?.raisePriority !== false
  const { rows } = await client.query<IncidentRow>(
    `UPDATE incidents SET escalation_level = escalation_level + 1, updated_at = now(),
        priority = CASE WHEN $2 THEN GREATEST(1, priority - 1) ELSE priority END
      WHERE id = $1 RETURNING ${INCIDENT_COLUMNS}`, [row.id, raise])
  const updated = rows[0]
  const zoneId = updated.zone_id ?? NO_ZONE
  out.add(`zone/${zoneId}/escalations`, encode('Escalation', {
    escalationId: randomUUID(),
    incidentId: updated.id,
    incidentNumber: updated.number,
    zoneId,
    priority: updated.priority,
    reason,
    location: updated.lat === null || updated.lon === null ? undefined : { lat: updated.lat, lon: updated.lon },
    atMs: Date.now()
  }, 'json'))
  await appendEvent(client, row.id, {
    actor,
    type: 'escalated',
    reason,
    data: { level: updated.escalation_level, zoneId, priorityFrom: row.priority, priorityTo: updated.priority }
  })
  await emitEvent(client, { type: 'incident.updated', at: new Date().toISOString(), incident: incidentBody(updated), detail: { escalated: reason } })
  return updated
}
