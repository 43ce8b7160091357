import type pg from 'pg'
import type { IncidentEventBody, IncidentRow } from '../incidents/incident.js'
import type { IncidentState } from '../incidents/state-machine.js'

export type { IncidentEventBody } from '../incidents/incident.js'

/** PostgreSQL NOTIFY channel carrying live events to every node's dashboards. */
export const EVENTS_CHANNEL = 'flare_events'

export type LiveEvent =
  | { type: 'incident.opened' | 'incident.updated', at: string, incident: IncidentEventBody, detail?: Record<string, unknown> }
  | { type: 'incident.transition', at: string, incident: IncidentEventBody, from: IncidentState, to: IncidentState, actor: string, reason?: string | null }
  | { type: 'responder.updated', at: string, responder: { id: string, status?: string, online?: boolean, lat?: number | null, lon?: number | null, currentIncidentId?: string | null } }

/**
 * Emits a live event inside the caller's transaction: NOTIFY is delivered on commit only, so
 * dashboards never see a change that was rolled back. Payloads stay small (NOTIFY's limit is 8 kB).
 */
export async function emitEvent (db: pg.PoolClient | pg.Pool, event: LiveEvent): Promise<void> {
  await emitEvents(db, [event])
}

/** Several live events in one round trip, delivered in this order on commit. */
export async function emitEvents (db: pg.PoolClient | pg.Pool, events: LiveEvent[]): Promise<void> {
  if (events.length === 0) return
  await db.query('SELECT pg_notify($1, e) FROM unnest($2::text[]) WITH ORDINALITY AS x(e, n) ORDER BY n', [EVENTS_CHANNEL, events.map(e => JSON.stringify(e))])
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
    assignedResponderId: r.assigned_responder_id ?? null
  }
}
