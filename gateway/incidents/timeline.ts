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
  await client.query(
    'INSERT INTO incident_events (incident_id, actor, type, from_state, to_state, reason, data) VALUES ($1, $2, $3, $4, $5, $6, $7)',
    [incidentId, e.actor, e.type, e.fromState ?? null, e.toState ?? null, e.reason ?? null, e.data === undefined ? null : JSON.stringify(e.data)])
}
