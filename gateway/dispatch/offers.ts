import type pg from 'pg'
import type { AlertKindName, MedicalProfileMessage } from '../codec/wire.js'
import { appendEvent } from '../incidents/timeline.js'
import type { DispatchPolicy } from '../rules/types.js'
import { cancelTimer } from '../timers/scheduler.js'
import { toResponder } from './messages.js'
import type { Outgoing } from './outgoing.js'
import { nearestCandidates, type Candidate } from './select.js'

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

/**
 * Offers a locked incident to up to `count` more of the nearest fitting responders within
 * `radiusM`, each with an expiry and a re-send timer. Returns how many offers went out.
 */
export async function createOffers (client: pg.PoolClient, out: Outgoing, incident: any, policy: DispatchPolicy, radiusM: number, count: number, deps: OfferDeps): Promise<number> {
  if (incident.lat === null || count <= 0) return 0
  const candidates = await nearestCandidates(client, {
    incidentId: incident.id, lat: incident.lat, lon: incident.lon, roles: policy.roles, radiusM, limit: count, zoneId: incident.zone_id ?? null
  })
  if (candidates.length === 0) return 0
  const { rows } = await client.query(
    `INSERT INTO offers (incident_id, responder_id, distance_m, expires_at)
     SELECT $1, r, d, now() + make_interval(secs => $4) FROM unnest($2::text[], $3::float8[]) AS c(r, d)
     RETURNING id, responder_id, expires_at, attempt`,
    [incident.id, candidates.map(c => c.id), candidates.map(c => c.distanceM), policy.offerTimeoutS])
  const byId = new Map(candidates.map(c => [c.id, c]))
  for (const o of rows) {
    await sendOffer(client, out, incident, o, byId.get(o.responder_id)!, deps)
  }
  // Expiry and first re-send of every offer, in one statement.
  const timers = rows.flatMap((o) => [
    [`${OFFER_EXPIRY}:${o.id as string}`, OFFER_EXPIRY, policy.offerTimeoutS, JSON.stringify({ offerId: o.id })],
    ...(RESEND_FIRST_S < policy.offerTimeoutS ? [[`${OFFER_RESEND}:${o.id as string}`, OFFER_RESEND, RESEND_FIRST_S, JSON.stringify({ offerId: o.id, delayS: RESEND_FIRST_S })]] : [])
  ])
  await client.query(
    `INSERT INTO timers (key, kind, due_at, payload)
     SELECT k, kind, now() + make_interval(secs => s), p::jsonb FROM unnest($1::text[], $2::text[], $3::float8[], $4::text[]) AS t(k, kind, s, p)
     ON CONFLICT (key) DO UPDATE SET kind = EXCLUDED.kind, due_at = EXCLUDED.due_at, payload = EXCLUDED.payload`,
    [timers.map(x => x[0]), timers.map(x => x[1]), timers.map(x => x[2]), timers.map(x => x[3])])
  await appendEvent(client, incident.id, {
    actor: 'system',
    type: 'offered',
    data: { radiusM, responders: candidates.map(c => ({ id: c.id, distanceM: Math.round(c.distanceM) })) }
  })
  return rows.length
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
  await cancelTimer(client, `${OFFER_EXPIRY}:${offerId}`)
  await cancelTimer(client, `${OFFER_RESEND}:${offerId}`)
}
