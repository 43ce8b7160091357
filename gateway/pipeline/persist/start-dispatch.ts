import type pg from 'pg'
import type { DispatchEngine } from '../../dispatch/engine.js'
import type { Rule } from '../../rules/types.js'
import { Outgoing } from '../../storage/outgoing.js'
import type { OutboxMessage } from '../../storage/outbox.js'

/**
 * Persist, step 5 — dispatch starts in the same transaction: the dispatch engine picks responders
 * for each opened incident and writes their offers, timers and contact notices; the messages go to
 * the outbox with the commit, so an acknowledged alert's dispatch survives a crash right after it.
 * Returns the outbox rows to publish once committed.
 */
export async function startDispatch (client: pg.PoolClient, engine: DispatchEngine, opened: Array<{ row: any, rule: Rule }>): Promise<OutboxMessage[]> {
  const out = new Outgoing()
  await engine.onOpened(client, out, opened)
  return await out.flush(client)
}
