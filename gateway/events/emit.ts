import type pg from 'pg'
import { pendingOffersSql, type IncidentEventBody, type IncidentRow } from '../incidents/incident.js'
import type { IncidentState } from '../incidents/state-machine.js'

export type { IncidentEventBody } from '../incidents/incident.js'

/** PostgreSQL NOTIFY channel carrying live events to every node's dashboards. */
export const EVENTS_CHANNEL = 'flare_events'

export type LiveEvent =
  | { type: 'incident.opened' | 'incident.updated', at: string, incident: IncidentEventBody, detail?: Record<string, unknown> }
  | { type: 'incident.transition', at: string, incident: IncidentEventBody, from: IncidentState, to: IncidentState, actor: string, reason?: string | null }
  | { type: 'responder.updated', at: string, responder: { id: string, status?: string, online?: boolean, lat?: number | null, lon?: number | null, currentIncidentId?: string | null, name?: string, roles?: string[], zones?: string[] } }

/**
 * Emits a live event inside the caller's transaction: NOTIFY is delivered on commit only, so
 * dashboards never see a change that was rolled back. Payloads stay small (NOTIFY's limit is 8 kB).
 */
export async function emitEvent (db: pg.PoolClient | pg.Pool, event: LiveEvent): Promise<void> {
  await emitEvents(db, [event])
}

/** Incident ids are UUIDs; a provisional incident's (degraded mode) is not, and is never looked up. */
const UUID = '\'^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$\''

/**
 * Several live events in one round trip, delivered in this order on commit. An incident's event
 * gains, in the same statement, what the board shows beside the row: the person's and device's
 * names, the assigned responder's name and the number of offers awaiting an answer.
 *
 * Each event's text is parsed as jsonb once: OFFSET 0 keeps the lateral subquery from being
 * flattened into one parse per reference.
 *
 * The same statement writes the webhook deliveries the events call for (gateway/webhooks): an
 * opening, a state change (and a resolution, cancellation or closing), an escalation, for every
 * subscription whose events and filters match. Inside the caller's transaction, so a committed
 * change always has its deliveries; with no subscriptions it costs a look at an empty table.
 */
export async function emitEvents (db: pg.PoolClient | pg.Pool, events: LiveEvent[]): Promise<void> {
  if (events.length === 0) return
  await db.query(
    `WITH ev AS (
       SELECT u.n, CASE WHEN x.e->'incident'->>'id' ~ ${UUID}
         THEN jsonb_set(x.e, '{incident}', (x.e->'incident') || COALESCE((
           SELECT jsonb_build_object('personName', p.name, 'deviceName', d.name,
                    'assignedResponder', CASE WHEN r.id IS NULL THEN NULL ELSE jsonb_build_object('id', r.id, 'name', r.name) END,
                    'pendingOffers', ${pendingOffersSql('i.id')})
             FROM incidents i
             LEFT JOIN persons p ON p.id = i.person_id
             LEFT JOIN devices d ON d.id = i.device_id
             LEFT JOIN responders r ON r.id = x.e->'incident'->>'assignedResponderId'
            WHERE i.id = (x.e->'incident'->>'id')::uuid), '{}'::jsonb))
         ELSE x.e END AS e,
         -- other events go out as they came, byte for byte
         x.e->'incident'->>'id' ~ ${UUID} AS enriched, u.e AS raw
         FROM unnest($2::text[]) WITH ORDINALITY AS u(e, n) CROSS JOIN LATERAL (SELECT u.e::jsonb AS e OFFSET 0) x
     ), hooked AS (
       INSERT INTO webhook_deliveries (webhook_id, event_type, incident_id, payload)
       SELECT w.id, t.type, (ev.e->'incident'->>'id')::uuid, jsonb_set(ev.e, '{type}', to_jsonb(t.type)) || jsonb_build_object('liveType', ev.e->>'type')
         FROM ev
         CROSS JOIN LATERAL unnest(CASE ev.e->>'type'
           WHEN 'incident.opened' THEN ARRAY['incident.opened']
           WHEN 'incident.transition' THEN ARRAY['incident.updated'] || CASE ev.e->>'to'
             WHEN 'RESOLVED' THEN ARRAY['incident.resolved'] WHEN 'CANCELLED' THEN ARRAY['incident.cancelled']
             WHEN 'CLOSED' THEN ARRAY['incident.closed'] ELSE ARRAY[]::text[] END
           WHEN 'incident.updated' THEN CASE WHEN ev.e->'detail' ? 'escalated' THEN ARRAY['incident.escalated'] ELSE ARRAY[]::text[] END
           ELSE ARRAY[]::text[] END) AS t(type)
         JOIN webhooks w ON w.revoked_at IS NULL AND t.type = ANY(w.events)
          AND (w.categories IS NULL OR ev.e->'incident'->>'category' = ANY(w.categories))
          AND (w.zones IS NULL OR ev.e->'incident'->>'zoneId' = ANY(w.zones))
          AND (w.max_priority IS NULL OR (ev.e->'incident'->>'priority')::int <= w.max_priority)
        WHERE ev.e->'incident'->>'id' ~ ${UUID}
        ORDER BY ev.n
     )
     SELECT pg_notify($1, CASE WHEN ev.enriched THEN ev.e::text ELSE ev.raw END) FROM ev ORDER BY ev.n`,
    [EVENTS_CHANNEL, events.map(e => JSON.stringify(e))])
}

/** What an event carries of an incident, from its row; the property order is the one events have always had. */
export function incidentBody (r: IncidentRow): IncidentEventBody {
  return {
    id: r.id,
    number: r.number,
    state: r.state,
    priority: r.priority,
    category: r.category,
    kind: r.kind,
    zoneId: r.zone_id ?? null,
    lat: r.lat ?? null,
    lon: r.lon ?? null,
    assignedResponderId: r.assigned_responder_id ?? null,
    source: r.source ?? 'device',
    deviceId: r.device_id ?? null,
    personId: r.person_id ?? null,
    address: r.address ?? null,
    escalationLevel: r.escalation_level ?? 0,
    firstTriggeredAt: r.first_triggered_at?.toISOString(),
    openedAt: r.opened_at?.toISOString(),
    locationUpdatedAt: r.location_updated_at?.toISOString() ?? null
  }
}
