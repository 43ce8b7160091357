import type pg from 'pg'
import { emitEvent, incidentBody } from '../events/emit.js'
import { INCIDENT_COLUMNS, type IncidentRow } from './incident.js'
import { allowedNext, InvalidTransition, sqlStates, TERMINAL_STATES, type IncidentState } from './state-machine.js'
import { appendEvent } from './timeline.js'

/** Locks the incident row for the rest of the transaction; undefined when there is none. */
export async function lockIncident (client: pg.PoolClient, id: string): Promise<IncidentRow | undefined> {
  const { rows } = await client.query<IncidentRow>(`SELECT ${INCIDENT_COLUMNS} FROM incidents WHERE id = $1 FOR UPDATE`, [id])
  return rows[0]
}

export interface TransitionInput {
  to: IncidentState
  actor: string
  reason?: string | null
  /** set with ASSIGNED: who is assigned now */
  assignedResponderId?: string | null
}

/**
 * Moves a locked incident to `to` inside the caller's transaction: state, the matching timestamp,
 * a timeline event and a live event. Throws InvalidTransition with the allowed next states.
 */
export async function applyTransition (client: pg.PoolClient, row: IncidentRow, t: TransitionInput): Promise<IncidentRow> {
  const from = row.state
  const allowed = allowedNext(from)
  if (!allowed.includes(t.to)) throw new InvalidTransition(from, t.to, allowed)
  const { rows } = await client.query<IncidentRow>(
    `UPDATE incidents SET state = $2, updated_at = now(),
        assigned_responder_id = CASE WHEN $2 = 'ASSIGNED' THEN $3 ELSE assigned_responder_id END,
        assigned_at = CASE WHEN $2 = 'ASSIGNED' THEN now() ELSE assigned_at END,
        on_scene_at = CASE WHEN $2 = 'ON_SCENE' THEN now() ELSE on_scene_at END,
        resolved_at = CASE WHEN $2 = 'RESOLVED' THEN now() ELSE resolved_at END,
        closed_at = CASE WHEN $2 IN (${sqlStates(TERMINAL_STATES)}) THEN now() ELSE closed_at END
      WHERE id = $1 RETURNING ${INCIDENT_COLUMNS}`,
    [row.id, t.to, t.assignedResponderId ?? null])
  const updated = rows[0]
  await appendEvent(client, row.id, {
    actor: t.actor,
    type: 'transition',
    fromState: from,
    toState: t.to,
    reason: t.reason ?? null,
    data: t.assignedResponderId != null ? { responderId: t.assignedResponderId } : undefined
  })
  await emitEvent(client, { type: 'incident.transition', at: new Date().toISOString(), incident: incidentBody(updated), from, to: t.to, actor: t.actor, reason: t.reason ?? null })
  return updated
}
