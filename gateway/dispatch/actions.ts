import { deviceNews } from './device-news.js'
import type pg from 'pg'
import { audit } from '../audit/log.js'
import { appendEvent } from '../incidents/timeline.js'
import type { IncidentRow } from '../incidents/incident.js'
import { OFFER_TO_SEND_COLUMNS, type OfferToSend } from '../incidents/offer.js'
import { ENDED_STATES, IncidentNotFound, type IncidentState } from '../incidents/state-machine.js'
import { applyTransition, lockIncident } from '../incidents/transition.js'
import { assignIncident, releaseIncident } from './assignment.js'
import type { DispatchEngine } from './engine.js'
import { escalate } from './escalation.js'
import { sendOffer } from './offers.js'
import { transact, type Outgoing } from '../storage/outgoing.js'
import { toDevice } from './messages.js'
import type { OfferResponder } from './offers.js'

export class ResponderUnavailable extends Error {}

/** What dispatchers do to incidents over REST; each is one audited transaction. */
export class DispatcherActions {
  constructor (private readonly engine: DispatchEngine) {}

  private async locked<T> (incidentId: string, fn: (client: pg.PoolClient, out: Outgoing, row: IncidentRow) => Promise<T>): Promise<T> {
    return await transact(this.engine.d.pool, this.engine.d.outbox, async (client, out) => {
      const row = await lockIncident(client, incidentId)
      if (row === undefined) throw new IncidentNotFound(incidentId)
      return await fn(client, out, row)
    })
  }

  /** Any state change; ASSIGNED needs a responder (that is an assignment). */
  async transition (incidentId: string, to: IncidentState, actor: string, reason: string | null, responderId?: string): Promise<IncidentRow> {
    if (to === 'ASSIGNED') {
      if (responderId === undefined) throw new ResponderUnavailable('responderId is required to assign')
      return await this.assign(incidentId, responderId, actor, reason)
    }
    return await this.locked(incidentId, async (client, out, row) => {
      const updated = await applyTransition(client, row, { to, actor, reason })
      // leaving the open states frees the responder and withdraws what is still on offer
      if (ENDED_STATES.includes(to)) await releaseIncident(client, out, row, to === 'RESOLVED' ? 'resolved' : 'cancelled')
      if (to === 'CANCELLED') await toDevice(client, out, row, deviceNews.cancelled())
      if (to === 'RESOLVED') await this.engine.notifyContacts(client, out, updated, 'resolved')
      await audit(client, { actor, action: 'incident.transition', targetType: 'incident', targetId: row.id, details: { from: row.state, to, reason } })
      return updated
    })
  }

  /** Assigns or reassigns: the responder gets the offer already accepted on its behalf. */
  async assign (incidentId: string, responderId: string, actor: string, reason: string | null): Promise<IncidentRow> {
    return await this.locked(incidentId, async (client, out, row) => {
      const { rows } = await client.query<OfferResponder & { id: string, name: string }>('SELECT id, name, codec, roles FROM responders WHERE id = $1 AND revoked_at IS NULL', [responderId])
      if (rows.length === 0) throw new ResponderUnavailable(`no active responder "${responderId}"`)
      const responder = rows[0]
      const { rows: offers } = await client.query<OfferToSend>(
        `INSERT INTO offers (incident_id, responder_id, state, expires_at, answered_at) VALUES ($1, $2, 'accepted', now(), now())
         ON CONFLICT (incident_id, responder_id) DO UPDATE SET state = 'accepted', answered_at = now(), attempt = offers.attempt + 1
         RETURNING ${OFFER_TO_SEND_COLUMNS}`, [row.id, responderId])
      const updated = await assignIncident(this.engine, client, out, row, responder, actor, reason ?? 'assigned by dispatcher', offers[0].id)
      await sendOffer(client, out, updated, offers[0], responder, this.engine.d)
      await audit(client, { actor, action: 'incident.assign', targetType: 'incident', targetId: row.id, details: { responderId, previous: row.assigned_responder_id, reason } })
      return updated
    })
  }

  async escalate (incidentId: string, actor: string, reason: string): Promise<IncidentRow> {
    return await this.locked(incidentId, async (client, out, row) => {
      if (ENDED_STATES.includes(row.state)) throw new ResponderUnavailable(`incident is ${row.state}`)
      const updated = await escalate(client, out, row, actor, reason)
      await audit(client, { actor, action: 'incident.escalate', targetType: 'incident', targetId: row.id, details: { reason } })
      return updated
    })
  }

  async note (incidentId: string, actor: string, text: string): Promise<void> {
    await this.locked(incidentId, async (client, _out, row) => {
      await appendEvent(client, row.id, { actor, type: 'note', reason: text })
      await audit(client, { actor, action: 'incident.note', targetType: 'incident', targetId: row.id })
    })
  }
}
