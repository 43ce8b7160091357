import type pg from 'pg'
import type { DispatchEngine, OpenedIncident } from '../../dispatch/engine.js'
import { emitEvents, incidentBody } from '../../events/emit.js'
import type { IncidentRow } from '../../incidents/incident.js'
import { Outgoing } from '../../storage/outgoing.js'
import type { OutboxMessage } from '../../storage/outbox.js'

/**
 * Persist, step 5 — dispatch starts in the same transaction: the dispatch engine picks responders
 * for each opened incident, and for each incident that has just got its first position, and writes
 * their offers, timers and contact notices (a replayed incident adopts the offers made while the
 * database was away instead of picking); the messages go to the outbox with the commit, so an
 * acknowledged alert's dispatch survives a crash right after it. Then one live event for every
 * incident a joining alert moved (after the offers, so it counts them). Returns the outbox rows to
 * publish once committed.
 */
export async function startDispatch (client: pg.PoolClient, engine: DispatchEngine, opened: OpenedIncident[], firstFixes: IncidentRow[] = [], moved: IncidentRow[] = []): Promise<OutboxMessage[]> {
  const out = new Outgoing()
  await engine.onOpened(client, out, opened)
  await engine.onLocated(client, out, firstFixes)
  const at = new Date().toISOString()
  await emitEvents(client, moved.map(row => ({ type: 'incident.updated' as const, at, incident: incidentBody(row), detail: { moved: true } })))
  return await out.flush(client)
}
