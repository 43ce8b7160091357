import type pg from 'pg'
import type { ClientPrincipal } from '../../broker/acl.js'
import type { ReplyResultMessage, ResponderReplyMessage } from '../codec/wire.js'
import { emitEvent, incidentBody } from '../events/emit.js'
import { OFFER_COLUMNS, type OfferRow } from '../incidents/offer.js'
import { appendEvent } from '../incidents/timeline.js'
import { InvalidTransition, type IncidentState } from '../incidents/state-machine.js'
import { applyTransition, lockIncident } from '../incidents/transition.js'
import type { IncidentRow } from '../incidents/incident.js'
import { cancelTimer } from '../timers/scheduler.js'
import { assignIncident, releaseIncident } from './assignment.js'
import type { DispatchEngine } from './engine.js'
import { INCIDENT_ON_SCENE } from './escalation.js'
import { toDevice, toResponder } from './messages.js'
import { deviceNews } from './device-news.js'
import { cancelOfferTimer } from './offers.js'
import { transact, type Outgoing } from '../storage/outgoing.js'

const STATE_OF: Record<string, IncidentState> = { EN_ROUTE: 'EN_ROUTE', ON_SCENE: 'ON_SCENE', RESOLVED: 'RESOLVED' }

type Result = Omit<ReplyResultMessage, 'replyId'>

/**
 * resp/{id}/reply: accept, decline, en_route, on_scene, resolved. Each reply is answered on
 * dispatch/{id} with a ReplyResult; a repeated reply id gets the first answer again, unapplied.
 */
export async function handleReply (engine: DispatchEngine, responder: ClientPrincipal, reply: ResponderReplyMessage): Promise<ReplyResultMessage> {
  return await transact(engine.d.pool, engine.d.outbox, async (client, out) => {
    const replyId = reply.replyId
    if (replyId !== undefined && replyId !== '') {
      const claimed = await client.query(
        "INSERT INTO responder_replies (responder_id, reply_id, result) VALUES ($1, $2, '{}') ON CONFLICT DO NOTHING RETURNING 1", [responder.id, replyId])
      if (claimed.rows.length === 0) {
        const { rows } = await client.query<{ result: ReplyResultMessage }>('SELECT result FROM responder_replies WHERE responder_id = $1 AND reply_id = $2', [responder.id, replyId])
        const first = rows[0].result
        await toResponder(client, out, responder.id, { result: first }, responder.codec)
        return first
      }
    }
    const result: ReplyResultMessage = { replyId, ...await applyReply(engine, client, out, responder, reply) }
    if (replyId !== undefined && replyId !== '') {
      await client.query('UPDATE responder_replies SET result = $3 WHERE responder_id = $1 AND reply_id = $2', [responder.id, replyId, JSON.stringify(result)])
    }
    await toResponder(client, out, responder.id, { result }, responder.codec)
    return result
  })
}

async function applyReply (engine: DispatchEngine, client: pg.PoolClient, out: Outgoing, responder: ClientPrincipal, reply: ResponderReplyMessage): Promise<Result> {
  const actor = `responder:${responder.id}`
  const action = reply.action
  if (action === 'ACCEPT' || action === 'DECLINE') {
    const offerId = reply.offerId
    if (offerId === undefined || offerId === '' || !/^[0-9a-f-]{36}$/i.test(offerId)) return { ok: false, reason: 'offerId is required for ACCEPT and DECLINE' }
    const incidentId = await engine.incidentOfOffer(client, offerId)
    if (incidentId === undefined) return { ok: false, offerId, reason: 'unknown offer' }
    // Incident first, then offer: the same lock order as every other path, so racing accepts cannot deadlock.
    const row = await lockIncident(client, incidentId)
    if (row === undefined) return { ok: false, offerId, reason: 'unknown offer' }
    const offer = (await client.query<OfferRow>(`SELECT ${OFFER_COLUMNS} FROM offers WHERE id = $1 AND responder_id = $2 FOR UPDATE`, [offerId, responder.id])).rows[0]
    if (offer === undefined) return { ok: false, offerId, incidentId, reason: 'this offer is not yours' }
    if (action === 'ACCEPT') {
      if (offer.state === 'accepted') return { ok: true, offerId, incidentId }
      if (offer.state !== 'pending' || row.state !== 'NEW') {
        if (offer.state === 'pending') {
          await client.query("UPDATE offers SET state = 'withdrawn', answered_at = now() WHERE id = $1", [offerId])
          await cancelOfferTimer(client, offerId)
        }
        await toResponder(client, out, responder.id, { withdrawn: { offerId, incidentId, reason: 'taken' } }, responder.codec)
        return { ok: false, offerId, incidentId, reason: offer.state === 'pending' ? 'taken' : `offer is ${offer.state}` }
      }
      await client.query("UPDATE offers SET state = 'accepted', answered_at = now() WHERE id = $1", [offerId])
      const { rows } = await client.query<{ name: string }>('SELECT name FROM responders WHERE id = $1', [responder.id])
      await assignIncident(engine, client, out, row, { id: responder.id, name: rows[0].name }, actor, 'offer accepted', offerId)
      return { ok: true, offerId, incidentId }
    }
    if (offer.state !== 'pending') return { ok: false, offerId, incidentId, reason: `offer is ${offer.state}` }
    await recordDecline(engine, client, out, row, offerId, actor, reply.reason ?? null)
    return { ok: true, offerId, incidentId }
  }

  const to = typeof action === 'string' ? STATE_OF[action] : undefined
  if (to === undefined) return { ok: false, reason: `unknown action ${String(action)}` }
  const incidentId = reply.incidentId ?? (reply.offerId !== undefined ? await engine.incidentOfOffer(client, reply.offerId) : undefined)
  if (incidentId === undefined || !/^[0-9a-f-]{36}$/i.test(incidentId)) return { ok: false, reason: 'incidentId (or offerId) is required' }
  const row = await lockIncident(client, incidentId)
  if (row === undefined) return { ok: false, incidentId, reason: 'unknown incident' }
  if (row.assigned_responder_id !== responder.id) return { ok: false, incidentId, reason: 'the incident is not assigned to you' }
  try {
    await applyTransition(client, row, { to, actor, reason: reply.reason ?? null })
  } catch (err) {
    if (err instanceof InvalidTransition) return { ok: false, incidentId, reason: err.message, allowedNext: err.allowed }
    throw err
  }
  const { rows } = await client.query<{ name: string }>('SELECT name FROM responders WHERE id = $1', [responder.id])
  const name = rows[0]?.name ?? responder.id
  if (to === 'EN_ROUTE') {
    await toDevice(client, out, row, deviceNews.enRoute(name, reply.etaS))
  } else if (to === 'ON_SCENE') {
    await cancelTimer(client, `${INCIDENT_ON_SCENE}:${row.id}`)
    await toDevice(client, out, row, deviceNews.onScene(name))
  } else {
    await releaseIncident(client, out, row, 'resolved')
    await toDevice(client, out, row, deviceNews.resolved(name))
    await engine.notifyContacts(client, out, row, 'resolved', name)
  }
  return { ok: true, incidentId }
}

/**
 * A pending offer of a locked incident declined (now, or at `at` when a replay brings in a decline
 * made while the database was away): its timer goes, the timeline says so and the next candidate
 * is offered.
 */
export async function recordDecline (engine: DispatchEngine, client: pg.PoolClient, out: Outgoing, row: IncidentRow, offerId: string, actor: string, reason: string | null, at?: Date): Promise<void> {
  const { rowCount } = await client.query("UPDATE offers SET state = 'declined', answered_at = coalesce($2, now()) WHERE id = $1 AND state = 'pending'", [offerId, at ?? null])
  if (rowCount === 0) return
  await cancelOfferTimer(client, offerId)
  await appendEvent(client, row.id, { actor, type: 'offer_declined', reason, data: { offerId } })
  await engine.offerMore(client, out, row)
  await emitEvent(client, { type: 'incident.updated', at: new Date().toISOString(), incident: incidentBody(row), detail: { offerDeclined: offerId } })
}

/** A decline made while the database was away, brought in by the replay once its offer is adopted. */
export async function declinedWhileAway (engine: DispatchEngine, client: pg.PoolClient, out: Outgoing, incidentId: string, offerId: string, responderId: string, at: number): Promise<void> {
  const row = await lockIncident(client, incidentId)
  if (row === undefined) return
  const { rows } = await client.query('SELECT 1 FROM offers WHERE id = $1 AND responder_id = $2', [offerId, responderId])
  if (rows.length === 0) return
  await recordDecline(engine, client, out, row, offerId, `responder:${responderId}`, 'declined while the database was away', new Date(at))
}
