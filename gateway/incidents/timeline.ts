import type pg from 'pg'

export interface TimelineEvent {
  actor: string
  type: string
  fromState?: string | null
  toState?: string | null
  reason?: string | null
  data?: Record<string, unknown>
}

/** Appends to an incident's timeline; always called inside the transaction that made the change. */
export async function appendEvent (client: pg.PoolClient, incidentId: string, e: TimelineEvent): Promise<void> {
  await appendEvents(client, [{ incidentId, ...e }])
}

/** Several timeline entries (of one or many incidents) in one statement, in the order given. */
export async function appendEvents (client: pg.PoolClient, events: Array<TimelineEvent & { incidentId: string }>): Promise<void> {
  if (events.length === 0) return
  await client.query(
    `INSERT INTO incident_events (incident_id, actor, type, from_state, to_state, reason, data)
     SELECT incident_id, actor, type, from_state, to_state, reason, data
       FROM jsonb_to_recordset($1::jsonb) AS e(n int, incident_id uuid, actor text, type text, from_state text, to_state text, reason text, data jsonb)
      ORDER BY n`,
    [JSON.stringify(events.map((e, n) => ({ n, incident_id: e.incidentId, actor: e.actor, type: e.type, from_state: e.fromState ?? null, to_state: e.toState ?? null, reason: e.reason ?? null, data: e.data ?? null })))])
}

/** An incident_events row (snake_case, as pg returns it). */
export type TimelineRow = {
  id: string
  incident_id: string
  at: Date
  actor: string
  type: string
  from_state: string | null
  to_state: string | null
  reason: string | null
  data: unknown
}

/** The columns an incident's timeline is read with (incident_id is known to the reader). */
export const TIMELINE_COLUMNS = 'id, at, actor, type, from_state, to_state, reason, data'

/** A timeline entry in GET /incidents/:id. */
export interface TimelineEntry {
  id: number
  at: string
  actor: string
  type: string
  fromState: string | null
  toState: string | null
  reason: string | null
  data: unknown
}

export function timelineEntryFromRow (r: Omit<TimelineRow, 'incident_id'>): TimelineEntry {
  return { id: Number(r.id), at: r.at.toISOString(), actor: r.actor, type: r.type, fromState: r.from_state, toState: r.to_state, reason: r.reason, data: r.data }
}
