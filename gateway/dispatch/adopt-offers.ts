import type pg from 'pg'
import { INCIDENT_COLUMNS, type IncidentRow } from '../incidents/incident.js'
import type { OfferToSend } from '../incidents/offer.js'
import { lockIncident } from '../incidents/transition.js'
import type { Outgoing } from '../storage/outgoing.js'
import type { DispatchEngine } from './engine.js'
import { OFFER_DUE, RESEND_FIRST_S, sendNewOffers, type OfferResponder } from './offers.js'

/** An offer degraded dispatch made while PostgreSQL was away, as the replay brings it in. */
export interface OutageOffer {
  offerId: string
  /** the final incident (in PostgreSQL) of the provisional one it was made for */
  incidentId: string
  responderId: string
  /** when it was made (ms): its expiry counts from then, with the incident's own offer timeout */
  madeAt: number
  distanceM?: number
  /** its answer, or its incident's accept, is in the journal too: it is not sent again */
  settled: boolean
}

/** An outage offer before its final incident is known (as the journal has it). */
export type OfferDraft = Omit<OutageOffer, 'incidentId'>

/**
 * The replay keeps the offers made while the database was away, under their own ids, instead of
 * dispatching those incidents afresh: the responder keeps the offer on the screen and a reply to it
 * is answered from PostgreSQL. One statement writes the offer rows (state pending; the answers
 * recorded in the journal follow as replies), their timers (an offer whose time ran out meanwhile
 * comes due at once and expires as any other) and an "offered" entry per incident; then each open
 * offer is sent again with the final incident, so the app shows its number. Repeats (a replay run
 * again after a crash) write nothing. An incident left with nothing pending is offered on.
 */
export async function adoptOffers (engine: DispatchEngine, client: pg.PoolClient, out: Outgoing, offers: OutageOffer[], known: ReadonlyMap<string, IncidentRow> = new Map()): Promise<void> {
  if (offers.length === 0) return
  const { rows } = await client.query<OfferToSend & OfferResponder & { n: number, announce: boolean, person_name: string | null }>(
    `WITH q AS (
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS q(n int, id uuid, incident_id uuid, responder_id text, made_at timestamptz, distance_m float8, settled boolean)
     ), adopted AS (
       INSERT INTO offers (id, incident_id, responder_id, distance_m, created_at, expires_at)
       SELECT q.id, q.incident_id, q.responder_id, q.distance_m, q.made_at,
              q.made_at + make_interval(secs => coalesce((i.dispatch_policy->>'offerTimeoutS')::float8, 0))
         FROM q JOIN incidents i ON i.id = q.incident_id JOIN responders r ON r.id = q.responder_id
        ORDER BY q.n
       ON CONFLICT DO NOTHING
       RETURNING id, incident_id, responder_id, expires_at, attempt
     ), timed AS (
       INSERT INTO timers (key, kind, due_at, payload)
       SELECT $2 || ':' || a.id, $2, LEAST(now() + make_interval(secs => $3::float8), a.expires_at), jsonb_build_object('offerId', a.id, 'delayS', $3::float8)
         FROM adopted a
       ON CONFLICT (key) DO NOTHING
     ), logged AS (
       INSERT INTO incident_events (incident_id, actor, type, reason, data)
       SELECT a.incident_id, 'system', 'offered', 'offered while the database was away',
              jsonb_build_object('responders', jsonb_agg(jsonb_build_object('id', a.responder_id, 'distanceM', round(q.distance_m::numeric)) ORDER BY q.n))
         FROM adopted a JOIN q USING (id) GROUP BY a.incident_id
     )
     SELECT q.n, a.id, a.incident_id, a.responder_id, a.expires_at, a.attempt, r.codec, r.roles,
            NOT q.settled AND a.expires_at > now() AS announce, pe.name AS person_name
       FROM adopted a JOIN q USING (id) JOIN responders r ON r.id = a.responder_id
       JOIN incidents i ON i.id = a.incident_id LEFT JOIN persons pe ON pe.id = i.person_id
      ORDER BY q.n`,
    [JSON.stringify(offers.map((o, n) => ({
      n,
      id: o.offerId,
      incident_id: o.incidentId,
      responder_id: o.responderId,
      made_at: new Date(o.madeAt).toISOString(),
      distance_m: o.distanceM ?? null,
      settled: o.settled
    }))), OFFER_DUE, RESEND_FIRST_S])
  const announce = rows.filter(r => r.announce)
  if (announce.length > 0) {
    const unknown = [...new Set(announce.map(o => o.incident_id))].filter(id => !known.has(id))
    const byId = new Map(known)
    if (unknown.length > 0) {
      const { rows: incidents } = await client.query<IncidentRow>(`SELECT ${INCIDENT_COLUMNS} FROM incidents WHERE id = ANY($1::uuid[])`, [unknown])
      for (const i of incidents) byId.set(i.id, i)
    }
    await sendNewOffers(client, out, announce.map(o => ({ offer: o, incident: byId.get(o.incident_id) as IncidentRow, responder: { codec: o.codec, roles: o.roles }, personName: o.person_name })), engine.d)
  }
  // An incident none of whose offers was written (its responders are gone, or they were there
  // already, from a replay before, and may be answered): on to the next candidates if nothing is pending.
  const written = new Set(rows.map(r => r.incident_id))
  const unwritten = [...new Set(offers.map(o => o.incidentId))].filter(id => !written.has(id))
  if (unwritten.length === 0) return
  const { rows: idle } = await client.query<{ id: string }>(
    `SELECT i.id FROM unnest($1::uuid[]) AS i(id)
      WHERE NOT EXISTS (SELECT 1 FROM offers o WHERE o.incident_id = i.id AND o.state IN ('pending', 'accepted'))`, [unwritten])
  for (const { id } of idle) {
    const row = await lockIncident(client, id)
    if (row !== undefined) await engine.offerMore(client, out, row)
  }
}
