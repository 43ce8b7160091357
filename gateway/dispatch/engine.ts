import type pg from 'pg'
import type { Logger } from 'pino'
import { emitEvent, emitEvents, incidentBody } from '../events/emit.js'
import { INCIDENT_COLUMNS, pendingOffersSql, type IncidentRow } from '../incidents/incident.js'
import type { IncidentState } from '../incidents/state-machine.js'
import { OFFER_TO_SEND_COLUMNS, type OfferToSend } from '../incidents/offer.js'
import { appendEvent, appendEvents } from '../incidents/timeline.js'
import { lockIncident } from '../incidents/transition.js'
import type { Rule } from '../rules/types.js'
import { setTimer, setTimers, type TimerScheduler, type DueTimer } from '../timers/scheduler.js'
import { escalate, INCIDENT_ESCALATE, INCIDENT_ON_SCENE } from './escalation.js'
import { cancelOfferTimer, createOffers, createOffersMany, OFFER_DUE, offerTimerKey, policyOf, RESEND_FIRST_S, sendOffer, type OfferDeps, type OfferResponder, type OfferRound } from './offers.js'
import type { Outbox } from '../storage/outbox.js'
import { transact, type Outgoing } from '../storage/outgoing.js'
import { toResponder } from './messages.js'
import type { Codec } from '../codec/wire.js'
import { adoptOffers, type OfferDraft } from './adopt-offers.js'

/** ContactNotice messages for the emergency contacts of the incidents' persons, in one read (gateway/persons/notices.ts). */
export type ContactNotices = (client: pg.PoolClient, incidents: ContactNoticeIncident[], event: 'opened' | 'assigned' | 'resolved', extra?: { responderName?: string }) => Promise<Array<{ topic: string, payload: Buffer, qos: 0 | 1 }>>

/** What a contact notice says about the incident. */
export interface ContactNoticeIncident { number: string, personId: string | null, kind: string, lat: number | null, lon: number | null }

type NoticeRow = Pick<IncidentRow, 'number' | 'person_id' | 'kind' | 'lat' | 'lon'>

/**
 * An incident that has just opened, with the rule that opened it. `outageOffers`: a journal
 * replay's incident, with the offers degraded dispatch made for it (adopted instead of a candidate
 * search: adopt-offers.ts).
 */
export interface OpenedIncident { row: IncidentRow, rule: Rule, outageOffers?: OfferDraft[] }

export interface EngineDeps extends OfferDeps {
  pool: pg.Pool
  outbox: Outbox
  log: Logger
  contactNotices?: ContactNotices
}

/** Reason recorded when every candidate, also in the widened radius, declined or let the offer expire. */
export const RAN_OUT = 'no responder available or willing, also in the widened radius'
/** Default "must be on scene within" after assignment, when the rule's escalation policy says nothing. */
export const ON_SCENE_WITHIN_S = 900

/**
 * The dispatch loop's core: opening dispatch for a new incident, keeping offers going (next
 * candidates, a wider radius, then escalation), and the timers behind it (offer expiry, re-send,
 * escalation, on-scene deadline). Every step is one transaction whose messages go through the outbox.
 */
export class DispatchEngine {
  constructor (readonly d: EngineDeps) {}

  /**
   * Inside the pipeline's transaction, right after incidents opened: each row is the whole
   * incidents row (every column of INCIDENT_COLUMNS, as inserted, with its rule's policies).
   * Many at once under group commit: each step is one statement for all of them.
   */
  async onOpened (client: pg.PoolClient, out: Outgoing, opened: OpenedIncident[]): Promise<void> {
    const at = new Date().toISOString()
    await setTimers(client, opened.flatMap(({ row, rule }) => rule.escalation === undefined
      ? []
      : [{ key: `${INCIDENT_ESCALATE}:${row.id}`, kind: INCIDENT_ESCALATE, dueInS: rule.escalation.afterS, payload: { incidentId: row.id } }]))
    await this.notifyContactsMany(client, out, opened.filter(({ rule }) => rule.notifyContacts).map(({ row }) => row), 'opened')
    const dispatched = opened.filter(({ rule, outageOffers }) => rule.dispatch !== undefined && outageOffers === undefined).map(({ row }) => row)
    await appendEvents(client, dispatched.filter(row => row.lat === null).map(row => ({
      incidentId: row.id, actor: 'system', type: 'no_location', reason: 'the alert carried no location and the device has none on record: assign by hand, or dispatch starts when a position arrives'
    })))
    const rounds = dispatched.flatMap((row): OfferRound[] => {
      const policy = policyOf(row)
      return row.lat === null || policy === undefined ? [] : [{ incident: row, policy, radiusM: row.dispatch_radius_m ?? policy.radiusM, count: policy.count }]
    })
    const made = await createOffersMany(client, out, rounds, this.d)
    await adoptOffers(this, client, out, opened.flatMap(({ row, outageOffers }) => (outageOffers ?? []).map(o => ({ ...o, incidentId: row.id }))),
      new Map(opened.map(({ row }) => [row.id, row])))
    // After the offers, so the events count them; before any escalation's event.
    await emitEvents(client, opened.map(({ row }) => ({ type: 'incident.opened' as const, at, incident: incidentBody(row) })))
    for (const [i, round] of rounds.entries()) {
      if (made[i] === 0) await this.widenOrEscalate(client, out, round.incident, round.radiusM)
    }
  }

  /**
   * Inside the caller's transaction, for incidents that have just got their first position (a
   * later alert's fix, telemetry, a dispatcher): those still NEW with a dispatch policy are offered
   * now, as they would have been at opening, topped up to the policy's count.
   */
  async onLocated (client: pg.PoolClient, out: Outgoing, rows: IncidentRow[]): Promise<void> {
    const waiting = rows.filter(row => row.state === 'NEW' && row.lat !== null && policyOf(row) !== undefined)
    if (waiting.length === 0) return
    const { rows: pending } = await client.query<{ incident_id: string, n: number }>(
      `SELECT id AS incident_id, ${pendingOffersSql('id')} AS n FROM unnest($1::uuid[]) AS id`, [waiting.map(r => r.id)])
    const pendingOf = new Map(pending.map(p => [p.incident_id, p.n]))
    const rounds = waiting.flatMap((row): OfferRound[] => {
      const policy = policyOf(row) as NonNullable<ReturnType<typeof policyOf>>
      const count = policy.count - (pendingOf.get(row.id) ?? 0)
      return count > 0 ? [{ incident: row, policy, radiusM: row.dispatch_radius_m ?? policy.radiusM, count }] : []
    })
    await appendEvents(client, rounds.map(r => ({
      incidentId: r.incident.id, actor: 'system', type: 'located', reason: 'the incident has a position now: dispatch starts', data: { lat: r.incident.lat, lon: r.incident.lon }
    })))
    const made = await createOffersMany(client, out, rounds, this.d)
    for (const [i, round] of rounds.entries()) {
      if (made[i] === 0) await this.widenOrEscalate(client, out, round.incident, round.radiusM)
    }
  }

  /**
   * For a locked incident still NEW: tops pending offers up to the policy's count; when nobody is
   * pending and nobody new is in range, widens the radius once, then escalates.
   */
  async offerMore (client: pg.PoolClient, out: Outgoing, row: IncidentRow, knownPending?: number): Promise<void> {
    const policy = policyOf(row)
    if (row.state !== 'NEW' || policy === undefined || row.lat === null) return
    const pending = knownPending ??
      (await client.query<{ n: number }>(`SELECT ${pendingOffersSql('$1')} AS n`, [row.id])).rows[0].n
    const radius = row.dispatch_radius_m ?? policy.radiusM
    if (await createOffers(client, out, row, policy, radius, policy.count - pending, this.d) > 0 || pending > 0) return
    await this.widenOrEscalate(client, out, row, radius)
  }

  /** Nobody pending and nobody new within `radius`: widen once (the escalation policy's factor), else escalate. */
  private async widenOrEscalate (client: pg.PoolClient, out: Outgoing, row: IncidentRow, radius: number): Promise<void> {
    const policy = policyOf(row)
    if (policy === undefined) return
    const widest = policy.radiusM * (row.escalation_policy?.widenRadiusFactor ?? 1)
    if (radius < widest) {
      await client.query('UPDATE incidents SET dispatch_radius_m = $2 WHERE id = $1', [row.id, widest])
      await appendEvent(client, row.id, { actor: 'system', type: 'radius_widened', reason: `no responder accepted within ${Math.round(radius)} m`, data: { fromM: radius, toM: widest } })
      if (await createOffers(client, out, row, policy, widest, policy.count, this.d) > 0) return
    }
    const { rows: already } = await client.query("SELECT 1 FROM incident_events WHERE incident_id = $1 AND type = 'escalated' AND reason = $2", [row.id, RAN_OUT])
    if (already.length === 0) await escalate(client, out, row, 'system', RAN_OUT)
  }

  async notifyContacts (client: pg.PoolClient, out: Outgoing, row: NoticeRow, event: 'opened' | 'assigned' | 'resolved', responderName?: string): Promise<void> {
    await this.notifyContactsMany(client, out, [row], event, responderName)
  }

  private async notifyContactsMany (client: pg.PoolClient, out: Outgoing, rows: NoticeRow[], event: 'opened' | 'assigned' | 'resolved', responderName?: string): Promise<void> {
    const withPerson = rows.filter(r => r.person_id !== null)
    if (this.d.contactNotices === undefined || withPerson.length === 0) return
    const incidents = withPerson.map(r => ({ number: r.number, personId: r.person_id, kind: r.kind, lat: r.lat, lon: r.lon }))
    const notices = await this.d.contactNotices(client, incidents, event, { responderName })
    for (const n of notices) out.add(n.topic, n.payload, n.qos)
  }

  register (timers: TimerScheduler): void {
    timers.on(OFFER_DUE, async (t) => { await this.offerDue(t) })
    timers.on(INCIDENT_ESCALATE, async (t) => { await this.escalationDue(t, ['NEW'], (s) => `not accepted within ${s} s`) })
    timers.on(INCIDENT_ON_SCENE, async (t) => { await this.escalationDue(t, ['ASSIGNED', 'EN_ROUTE'], (s) => `responder not on scene within ${s} s`) })
  }

  /**
   * An offer's timer came due: past its expiry it is withdrawn and the next candidate offered;
   * before it, an offer not yet delivered is re-sent. The offer row decides, not the timer, so a
   * timer that fires early (a lease ending, a node restarting) cannot expire an offer.
   */
  private async offerDue (t: DueTimer): Promise<void> {
    const offerId = t.payload.offerId as string
    const { rows } = await this.d.pool.query<{ expired: boolean, delivered: boolean }>(
      "SELECT expires_at <= now() AS expired, delivered_at IS NOT NULL AS delivered FROM offers WHERE id = $1 AND state = 'pending'", [offerId])
    if (rows.length === 0) return
    if (rows[0].expired) await this.offerExpired(offerId)
    else await this.resendOffer(offerId, Number(t.payload.delayS ?? RESEND_FIRST_S), rows[0].delivered)
  }

  /** An unanswered offer ran out: withdraw it and move on to the next candidate. */
  private async offerExpired (offerId: string): Promise<void> {
    await transact(this.d.pool, this.d.outbox, async (client, out) => {
      const incidentId = await this.incidentOfOffer(client, offerId)
      if (incidentId === undefined) return
      const row = await lockIncident(client, incidentId)
      const { rows } = await client.query<{ responder_id: string, codec: Codec }>(
        `UPDATE offers o SET state = 'expired', answered_at = now() FROM responders r
          WHERE o.id = $1 AND o.state = 'pending' AND r.id = o.responder_id RETURNING o.responder_id, r.codec`, [offerId])
      if (rows.length === 0 || row === undefined) return
      await cancelOfferTimer(client, offerId)
      await toResponder(client, out, rows[0].responder_id, { withdrawn: { offerId, incidentId, reason: 'expired' } }, rows[0].codec)
      await appendEvent(client, incidentId, { actor: 'system', type: 'offer_expired', data: { offerId, responderId: rows[0].responder_id } })
      await this.offerMore(client, out, row)
      // the board's count of unanswered offers
      await emitEvent(client, { type: 'incident.updated', at: new Date().toISOString(), incident: incidentBody(row), detail: { offerExpired: offerId } })
    })
  }

  /**
   * The broker's offline queue is not trusted alone: a pending offer not yet delivered is re-sent
   * on a doubling backoff; the timer then comes due at the next re-send or at the expiry.
   */
  private async resendOffer (offerId: string, delayS: number, delivered: boolean): Promise<void> {
    await transact(this.d.pool, this.d.outbox, async (client, out) => {
      const key = offerTimerKey(offerId)
      // Nothing to re-send, but a pending offer keeps its timer, or it would never expire.
      const untilTheExpiry = async (): Promise<void> => {
        await client.query("UPDATE timers t SET due_at = o.expires_at FROM offers o WHERE t.key = $1 AND o.id = $2 AND o.state = 'pending'", [key, offerId])
      }
      if (delivered) return await untilTheExpiry()
      const { rows } = await client.query<OfferToSend & { left_s: string }>(
        `UPDATE offers SET attempt = attempt + 1 WHERE id = $1 AND state = 'pending' AND delivered_at IS NULL AND expires_at > now()
         RETURNING ${OFFER_TO_SEND_COLUMNS}, extract(epoch FROM expires_at - now()) AS left_s`, [offerId])
      // delivered, or expired, since offerDue looked
      if (rows.length === 0) return await untilTheExpiry()
      const o = rows[0]
      const incident = (await client.query<IncidentRow>(`SELECT ${INCIDENT_COLUMNS} FROM incidents WHERE id = $1`, [o.incident_id])).rows[0]
      const responder = (await client.query<OfferResponder>('SELECT codec, roles FROM responders WHERE id = $1', [o.responder_id])).rows[0]
      await sendOffer(client, out, incident, o, responder, this.d)
      const next = delayS * 2
      await setTimer(client, key, OFFER_DUE, Math.min(next, Number(o.left_s)), { offerId, delayS: next })
    })
  }

  private async escalationDue (t: DueTimer, whileIn: readonly IncidentState[], reason: (s: number) => string): Promise<void> {
    const incidentId = t.payload.incidentId as string
    await transact(this.d.pool, this.d.outbox, async (client, out) => {
      const row = await lockIncident(client, incidentId)
      if (row === undefined || !whileIn.includes(row.state)) return
      // Waiting since opening while NEW, since assignment after it (assigned_at is set on every assignment).
      const since = row.state === 'NEW' ? row.opened_at : (row.assigned_at ?? row.opened_at)
      const s = Math.round((Date.now() - since.getTime()) / 1000)
      await escalate(client, out, row, 'system', reason(s))
    })
  }

  async incidentOfOffer (client: pg.PoolClient, offerId: string): Promise<string | undefined> {
    const { rows } = await client.query<{ incident_id: string }>('SELECT incident_id FROM offers WHERE id = $1', [offerId])
    return rows[0]?.incident_id
  }
}
