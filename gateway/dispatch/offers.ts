import type pg from 'pg'
import type { AlertKindName, MedicalProfileMessage } from '../codec/wire.js'
import { appendEvents } from '../incidents/timeline.js'
import type { DispatchPolicy } from '../rules/types.js'
import { cancelTimers, setTimers } from '../timers/scheduler.js'
import { toResponder } from './messages.js'
import type { Outgoing } from './outgoing.js'
import { nearestCandidatesMany, type Candidate } from './select.js'

export const OFFER_EXPIRY = 'offer_expiry'
export const OFFER_RESEND = 'offer_resend'
/** First re-send of an unanswered offer; doubles each time, until the offer expires. */
export const RESEND_FIRST_S = 5

/** Reads a medical profile for an offer, only for roles allowed to see it (and audits the read). */
export type MedicalForOffer = (client: pg.PoolClient, personId: string, responder: { id: string, roles: string[] }, offerId: string) => Promise<MedicalProfileMessage | undefined>

export interface OfferDeps {
  medicalForOffer?: MedicalForOffer
}

/** The incident's dispatch policy as stored at open (rules may change later; the incident keeps its own). */
export function policyOf (row: any): DispatchPolicy | undefined {
  return row.dispatch_policy ?? undefined
}

async function personName (client: pg.PoolClient, personId: string | null): Promise<string | undefined> {
  if (personId === null) return undefined
  const { rows } = await client.query('SELECT name FROM persons WHERE id = $1', [personId])
  return rows[0]?.name
}

/** Publishes (again) one offer row to its responder. */
export async function sendOffer (client: pg.PoolClient, out: Outgoing, incident: any, offer: { id: string, responder_id: string, expires_at: Date, attempt: number }, responder: Pick<Candidate, 'codec' | 'roles'>, deps: OfferDeps): Promise<void> {
  const medical = incident.person_id !== null && deps.medicalForOffer !== undefined
    ? await deps.medicalForOffer(client, incident.person_id, { id: offer.responder_id, roles: responder.roles }, offer.id)
    : undefined
  await toResponder(client, out, offer.responder_id, {
    offer: {
      offerId: offer.id,
      incidentId: incident.id,
      incidentNumber: incident.number,
      kind: incident.kind as AlertKindName,
      category: incident.category,
      priority: incident.priority,
      location: incident.lat === null ? undefined : { lat: incident.lat, lon: incident.lon },
      expiresAtMs: offer.expires_at.getTime(),
      triggeredAtMs: incident.first_triggered_at.getTime(),
      deviceId: incident.device_id,
      zoneId: incident.zone_id ?? undefined,
      personName: await personName(client, incident.person_id),
      medical,
      attempt: offer.attempt
    }
  }, responder.codec)
}

/** One incident's turn for offers: up to `count` more of the nearest fitting responders within `radiusM`. */
export interface OfferRound { incident: any, policy: DispatchPolicy, radiusM: number, count: number }

/**
 * Offers a locked incident to up to `count` more of the nearest fitting responders within
 * `radiusM`, each with an expiry and a re-send timer. Returns how many offers went out.
 */
export async function createOffers (client: pg.PoolClient, out: Outgoing, incident: any, policy: DispatchPolicy, radiusM: number, count: number, deps: OfferDeps): Promise<number> {
  return (await createOffersMany(client, out, [{ incident, policy, radiusM, count }], deps))[0]
}

/**
 * The same for several incidents at once (a group commit opens many), in a fixed number of round
 * trips: candidates, offer rows, timers, timeline. Returns how many offers each round made.
 */
export async function createOffersMany (client: pg.PoolClient, out: Outgoing, rounds: OfferRound[], deps: OfferDeps): Promise<number[]> {
  const made = rounds.map(() => 0)
  const live = rounds.map((r, n) => ({ ...r, n })).filter(r => r.incident.lat !== null && r.count > 0)
  if (live.length === 0) return made
  const lists = await nearestCandidatesMany(client, live.map(r => ({
    incidentId: r.incident.id, lat: r.incident.lat, lon: r.incident.lon, roles: r.policy.roles, radiusM: r.radiusM, limit: r.count, zoneId: r.incident.zone_id ?? null
  })))
  const picks = live.flatMap((r, i) => lists[i].map(c => ({ round: r, c })))
  if (picks.length === 0) return made
  const { rows } = await client.query(
    `INSERT INTO offers (incident_id, responder_id, distance_m, expires_at)
     SELECT i, r, d, now() + make_interval(secs => s)
       FROM unnest($1::uuid[], $2::text[], $3::float8[], $4::float8[]) WITH ORDINALITY AS c(i, r, d, s, n)
      ORDER BY n
     RETURNING id, incident_id, responder_id, expires_at, attempt`,
    [picks.map(p => p.round.incident.id), picks.map(p => p.c.id), picks.map(p => p.c.distanceM), picks.map(p => p.round.policy.offerTimeoutS)])
  const offerOf = new Map(rows.map(o => [`${o.incident_id as string}/${o.responder_id as string}`, o]))
  const timers: Array<{ key: string, kind: string, dueInS: number, payload: Record<string, unknown> }> = []
  for (const { round, c } of picks) {
    const o = offerOf.get(`${round.incident.id as string}/${c.id}`)
    await sendOffer(client, out, round.incident, o, c, deps)
    made[round.n]++
    const timeoutS = round.policy.offerTimeoutS
    timers.push({ key: `${OFFER_EXPIRY}:${o.id as string}`, kind: OFFER_EXPIRY, dueInS: timeoutS, payload: { offerId: o.id } })
    if (RESEND_FIRST_S < timeoutS) timers.push({ key: `${OFFER_RESEND}:${o.id as string}`, kind: OFFER_RESEND, dueInS: RESEND_FIRST_S, payload: { offerId: o.id, delayS: RESEND_FIRST_S } })
  }
  await setTimers(client, timers)
  await appendEvents(client, live.flatMap((r, i) => lists[i].length === 0 ? [] : [{
    incidentId: r.incident.id,
    actor: 'system',
    type: 'offered',
    data: { radiusM: r.radiusM, responders: lists[i].map(c => ({ id: c.id, distanceM: Math.round(c.distanceM) })) }
  }]))
  return made
}

/** Withdraws the incident's pending offers (all but `keep`), telling each responder why. */
export async function withdrawPending (client: pg.PoolClient, out: Outgoing, incidentId: string, reason: string, keep?: string): Promise<string[]> {
  const { rows } = await client.query(
    `UPDATE offers SET state = 'withdrawn', answered_at = now()
      WHERE incident_id = $1 AND state = 'pending' AND ($2::uuid IS NULL OR id <> $2) RETURNING id, responder_id`,
    [incidentId, keep ?? null])
  for (const o of rows) {
    await toResponder(client, out, o.responder_id, { withdrawn: { offerId: o.id, incidentId, reason } })
    await cancelOfferTimers(client, o.id)
  }
  return rows.map(r => r.responder_id)
}

export async function cancelOfferTimers (client: pg.PoolClient, offerId: string): Promise<void> {
  await cancelTimers(client, [`${OFFER_EXPIRY}:${offerId}`, `${OFFER_RESEND}:${offerId}`])
}
