import type pg from 'pg'
import { emitEvent } from '../events/emit.js'
import type { IncidentRow } from '../incidents/incident.js'
import { applyTransition } from '../incidents/transition.js'
import { cancelTimer, cancelTimers, setTimer } from '../timers/scheduler.js'
import type { DispatchEngine } from './engine.js'
import { INCIDENT_ESCALATE, INCIDENT_ON_SCENE } from './escalation.js'
import { deviceNews } from './device-news.js'
import { toDevice } from './messages.js'
import { cancelOfferTimer, withdrawPending } from './offers.js'
import type { Outgoing } from '../storage/outgoing.js'
import { ON_SCENE_WITHIN_S } from './engine.js'

/** Marks a responder busy on an incident, or free again. Also a live event for dashboards. */
export async function setResponderBusy (client: pg.PoolClient, responderId: string, incidentId: string | null): Promise<void> {
  const { rows } = await client.query<{ id: string, status: string, online: boolean, lat: number | null, lon: number | null, current_incident_id: string | null }>(
    `UPDATE responders SET status = CASE WHEN $2::uuid IS NULL THEN 'available' ELSE 'busy' END, current_incident_id = $2
      WHERE id = $1 AND (status <> 'off_duty' OR $2::uuid IS NOT NULL) RETURNING id, status, online, lat, lon, current_incident_id`, [responderId, incidentId])
  if (rows.length > 0) {
    const r = rows[0]
    await emitEvent(client, { type: 'responder.updated', at: new Date().toISOString(), responder: { id: r.id, status: r.status, online: r.online, lat: r.lat, lon: r.lon, currentIncidentId: r.current_incident_id } })
  }
}

/**
 * Gives a locked incident to a responder: an accepted offer, or a dispatcher's (re)assignment.
 * Withdraws the other pending offers, frees a previous assignee, moves to ASSIGNED, arms the
 * on-scene deadline and tells the device and the person's contacts that help is coming.
 */
export async function assignIncident (engine: DispatchEngine, client: pg.PoolClient, out: Outgoing, row: IncidentRow, responder: { id: string, name: string }, actor: string, reason: string | null, acceptedOfferId?: string): Promise<IncidentRow> {
  await withdrawPending(client, out, row.id, 'taken', acceptedOfferId)
  if (acceptedOfferId !== undefined) await cancelOfferTimer(client, acceptedOfferId)
  const previous = row.assigned_responder_id
  if (previous !== null && previous !== responder.id) await setResponderBusy(client, previous, null)
  const updated = await applyTransition(client, row, { to: 'ASSIGNED', actor, reason, assignedResponderId: responder.id })
  await setResponderBusy(client, responder.id, row.id)
  await cancelTimer(client, `${INCIDENT_ESCALATE}:${row.id}`)
  await setTimer(client, `${INCIDENT_ON_SCENE}:${row.id}`, INCIDENT_ON_SCENE, row.escalation_policy?.onSceneWithinS ?? ON_SCENE_WITHIN_S, { incidentId: row.id })
  await toDevice(client, out, row, deviceNews.accepted(responder.name))
  await engine.notifyContacts(client, out, updated, 'assigned', responder.name)
  return updated
}

/** Ends an incident's claim on its responder and timers (resolved, cancelled, closed). */
export async function releaseIncident (client: pg.PoolClient, out: Outgoing, row: IncidentRow, reason: string): Promise<void> {
  await withdrawPending(client, out, row.id, reason)
  if (row.assigned_responder_id !== null) {
    const { rows } = await client.query<{ current_incident_id: string | null }>('SELECT current_incident_id FROM responders WHERE id = $1', [row.assigned_responder_id])
    if (rows[0]?.current_incident_id === row.id) await setResponderBusy(client, row.assigned_responder_id, null)
  }
  await cancelTimers(client, [`${INCIDENT_ESCALATE}:${row.id}`, `${INCIDENT_ON_SCENE}:${row.id}`])
}
