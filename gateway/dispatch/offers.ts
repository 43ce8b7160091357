import type pg from 'pg'
import type { AlertKindName, Codec, MedicalProfileMessage } from '../codec/wire.js'
import { flare } from '../../protos/gen/flare.js'
import type { IncidentRow } from '../incidents/incident.js'
import { OFFER_TO_SEND_COLUMNS, type OfferToSend } from '../incidents/offer.js'
import type { DispatchPolicy } from '../rules/types.js'
import { cancelTimers } from '../timers/scheduler.js'
import { toResponder } from './messages.js'
import type { Outgoing } from '../storage/outgoing.js'
import { candidatesSql, type Candidate } from './select.js'

const ALERT_KINDS = new Set(Object.keys(flare.v1.AlertKind).filter(k => k !== 'ALERT_KIND_UNSPECIFIED'))
const isAlertKind = (k: string): k is AlertKindName => ALERT_KINDS.has(k)

/**
 * One timer per pending offer, due at its next re-send or at its expiry, whichever is first (the
 * handler tells which from the offer row): one row per offer instead of two, and a crash after the
 * commit is covered by it too (an offer not yet delivered is re-sent when it comes due).
 */
export const OFFER_DUE = 'offer_due'
export const offerTimerKey = (offerId: string): string => `${OFFER_DUE}:${offerId}`
/** First re-send of an unanswered offer; doubles each time, until the offer expires. */
export const RESEND_FIRST_S = 5

/**
 * Reads the medical profiles for offers, by offer id, only for roles allowed to see them (and
 * audits each read): one call for a batch's offers.
 */
export type MedicalForOffers = (client: pg.PoolClient, requests: Array<{ personId: string, responder: { id: string, roles: string[] }, offerId: string }>) => Promise<Map<string, MedicalProfileMessage>>

/** Seals a message for the outbox (see OutboxMessage.sealed): the medical vault's sealMessage. */
export type SealMessage = (topic: string, payload: Buffer) => { keyId: string, blob: Buffer }

export interface OfferDeps {
  /**
   * Medical profiles in offers: read for allowed roles, and the offer sealed before it is stored,
   * so the profile is never in clear at rest. Both or neither: without a sealer, no profile.
   */
  medical?: { read: MedicalForOffers, seal: SealMessage }
}

/** The incident's dispatch policy as stored at open (rules may change later; the incident keeps its own). */
export function policyOf (row: Pick<IncidentRow, 'dispatch_policy'>): DispatchPolicy | undefined {
  return row.dispatch_policy ?? undefined
}

async function personName (client: pg.PoolClient, personId: string | null): Promise<string | undefined> {
  if (personId === null) return undefined
  const { rows } = await client.query<{ name: string }>('SELECT name FROM persons WHERE id = $1', [personId])
  return rows[0]?.name
}

/** What sending an offer needs to know of its responder: the codec, and the roles (medical details depend on them). */
export type OfferResponder = Pick<Candidate, 'codec' | 'roles'>

/**
 * Publishes (again) one offer row to its responder. `known`: the person's name and the medical
 * profile when the caller read them already for a whole batch (null: none), else they are read here.
 */
export async function sendOffer (client: pg.PoolClient, out: Outgoing, incident: IncidentRow, offer: Omit<OfferToSend, 'incident_id'>, responder: OfferResponder, deps: OfferDeps,
  known: { personName?: string | null, medical?: MedicalProfileMessage | null } = {}): Promise<void> {
  const medical = known.medical !== undefined
    ? known.medical ?? undefined
    : incident.person_id !== null && deps.medical !== undefined
      ? (await deps.medical.read(client, [{ personId: incident.person_id, responder: { id: offer.responder_id, roles: responder.roles }, offerId: offer.id }])).get(offer.id)
      : undefined
  await toResponder(client, out, offer.responder_id, {
    offer: {
      offerId: offer.id,
      incidentId: incident.id,
      incidentNumber: incident.number,
      // a dispatcher's incident may have no alert kind: the offer names its category alone
      kind: isAlertKind(incident.kind) ? incident.kind : undefined,
      category: incident.category,
      priority: incident.priority,
      location: incident.lat === null || incident.lon === null ? undefined : { lat: incident.lat, lon: incident.lon },
      expiresAtMs: offer.expires_at.getTime(),
      triggeredAtMs: incident.first_triggered_at.getTime(),
      deviceId: incident.device_id ?? undefined,
      zoneId: incident.zone_id ?? undefined,
      personName: known.personName !== undefined ? known.personName ?? undefined : await personName(client, incident.person_id),
      medical,
      attempt: offer.attempt
    }
  }, responder.codec, medical === undefined ? undefined : deps.medical?.seal)
}

/** One incident's turn for offers: up to `count` more of the nearest fitting responders within `radiusM`. */
export interface OfferRound { incident: IncidentRow, policy: DispatchPolicy, radiusM: number, count: number }

/**
 * Offers a locked incident to up to `count` more of the nearest fitting responders within
 * `radiusM`, each with an expiry and its timer. Returns how many offers went out.
 */
export async function createOffers (client: pg.PoolClient, out: Outgoing, incident: IncidentRow, policy: DispatchPolicy, radiusM: number, count: number, deps: OfferDeps): Promise<number> {
  return (await createOffersMany(client, out, [{ incident, policy, radiusM, count }], deps))[0]
}

/**
 * The same for several incidents at once (a group commit opens many), in one statement: candidates,
 * offer rows, their timers (first re-send, or expiry), the "offered" timeline entries and the persons'
 * names; then they are sent (sendNewOffers). Returns how many offers each round made.
 */
export async function createOffersMany (client: pg.PoolClient, out: Outgoing, rounds: OfferRound[], deps: OfferDeps): Promise<number[]> {
  const made = rounds.map(() => 0)
  const live = rounds.map((r, n) => ({ r, n })).filter(({ r }) => r.incident.lat !== null && r.count > 0)
  if (live.length === 0) return made
  const { rows } = await client.query<OfferToSend & OfferResponder & { n: number, person_name: string | null }>(
    `WITH q AS (
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS q(n int, incident_id uuid, person_id text, lat float8, lon float8, roles text[], radius_m float8, lim int, zone_id text, timeout_s float8)
     ), picked AS (
       SELECT q.n, q.incident_id, q.person_id, q.radius_m, q.timeout_s, c.id AS responder_id, c.name, c.codec, c.roles, c.distance_m
         FROM q CROSS JOIN LATERAL ${candidatesSql('q')} c
     ), offered AS (
       INSERT INTO offers (incident_id, responder_id, distance_m, expires_at)
       SELECT incident_id, responder_id, distance_m, now() + make_interval(secs => timeout_s) FROM picked ORDER BY n, distance_m, responder_id
       RETURNING ${OFFER_TO_SEND_COLUMNS}
     ), timed AS (
       INSERT INTO timers (key, kind, due_at, payload)
       SELECT $2 || ':' || o.id, $2, LEAST(now() + make_interval(secs => $3::float8), o.expires_at), jsonb_build_object('offerId', o.id, 'delayS', $3::float8)
         FROM offered o
     ), logged AS (
       INSERT INTO incident_events (incident_id, actor, type, data)
       SELECT incident_id, 'system', 'offered', jsonb_build_object('radiusM', radius_m,
                'responders', jsonb_agg(jsonb_build_object('id', responder_id, 'distanceM', round(distance_m::numeric)) ORDER BY distance_m, responder_id))
         FROM picked GROUP BY n, incident_id, radius_m ORDER BY n
     )
     SELECT p.n, o.id, o.incident_id, o.responder_id, o.expires_at, o.attempt, p.codec, p.roles, pe.name AS person_name
       FROM offered o JOIN picked p USING (incident_id, responder_id) LEFT JOIN persons pe ON pe.id = p.person_id
      ORDER BY p.n, p.distance_m, p.responder_id`,
    [JSON.stringify(live.map(({ r, n }) => ({
      n,
      incident_id: r.incident.id,
      person_id: r.incident.person_id,
      lat: r.incident.lat,
      lon: r.incident.lon,
      roles: r.policy.roles,
      radius_m: r.radiusM,
      lim: r.count,
      zone_id: r.incident.zone_id ?? null,
      timeout_s: r.policy.offerTimeoutS
    }))), OFFER_DUE, RESEND_FIRST_S])
  await sendNewOffers(client, out, rows.map(o => ({ offer: o, incident: rounds[o.n].incident, responder: { codec: o.codec, roles: o.roles }, personName: o.person_name })), deps)
  for (const o of rows) made[o.n]++
  return made
}

/**
 * Publishes offers just written, with their incidents' rows and persons' names at hand: the
 * medical profiles for all of them in one read (roles allowing), then each offer to its responder.
 */
export async function sendNewOffers (client: pg.PoolClient, out: Outgoing, offers: Array<{ offer: Omit<OfferToSend, 'incident_id'>, incident: IncidentRow, responder: OfferResponder, personName: string | null }>, deps: OfferDeps): Promise<void> {
  const withPerson = offers.flatMap(({ offer, incident, responder }) =>
    incident.person_id === null ? [] : [{ personId: incident.person_id, responder: { id: offer.responder_id, roles: responder.roles }, offerId: offer.id }])
  const medical = withPerson.length > 0 && deps.medical !== undefined ? await deps.medical.read(client, withPerson) : new Map<string, MedicalProfileMessage>()
  for (const { offer, incident, responder, personName } of offers) {
    await sendOffer(client, out, incident, offer, responder, deps, { personName, medical: medical.get(offer.id) ?? null })
  }
}

/** Withdraws the incident's pending offers (all but `keep`), telling each responder why. */
export async function withdrawPending (client: pg.PoolClient, out: Outgoing, incidentId: string, reason: string, keep?: string): Promise<string[]> {
  const { rows } = await client.query<{ id: string, responder_id: string, codec: Codec }>(
    `UPDATE offers o SET state = 'withdrawn', answered_at = now() FROM responders r
      WHERE o.incident_id = $1 AND o.state = 'pending' AND ($2::uuid IS NULL OR o.id <> $2) AND r.id = o.responder_id
      RETURNING o.id, o.responder_id, r.codec`,
    [incidentId, keep ?? null])
  for (const o of rows) await toResponder(client, out, o.responder_id, { withdrawn: { offerId: o.id, incidentId, reason } }, o.codec)
  await cancelTimers(client, rows.map(o => offerTimerKey(o.id)))
  return rows.map(r => r.responder_id)
}

/** An offer was answered (or withdrawn): nothing is due for it any more. */
export async function cancelOfferTimer (client: pg.PoolClient, offerId: string): Promise<void> {
  await cancelTimers(client, [offerTimerKey(offerId)])
}
