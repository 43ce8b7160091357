import type pg from 'pg'
import type { DispatchEngine, OpenedIncident } from '../../dispatch/engine.js'
import { Outgoing } from '../../storage/outgoing.js'
import type { OutboxMessage } from '../../storage/outbox.js'

/**
 * Persist, step 5 — dispatch starts in the same transaction: the dispatch engine picks responders
 * for each opened incident and writes their offers, timers and contact notices; the messages go to
 * the outbox with the commit, so an acknowledged alert's dispatch survives a crash right after it.
 * Returns the outbox rows to publish once committed.
 */
export async function startDispatch (client: pg.PoolClient, engine: DispatchEngine, opened: OpenedIncident[]): Promise<OutboxMessage[]> {
  const out = new Outgoing()
  await engine.onOpened(client, out, opened)
  return await out.flush(client)
}
