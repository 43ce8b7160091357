import type pg from 'pg'
import { inTransaction } from './transaction.js'
import { enqueue, type Outbox, type OutboxMessage } from './outbox.js'

/** Messages a transaction wants published; they go into the outbox in that same transaction. */
export class Outgoing {
  readonly messages: Array<Omit<OutboxMessage, 'id'>> = []

  /** `sealed`: what the outbox row holds instead of the payload (see OutboxMessage). */
  add (topic: string, payload: Buffer, qos: 0 | 1 = 1, sealed?: OutboxMessage['sealed']): void {
    this.messages.push(sealed === undefined ? { topic, payload, qos } : { topic, payload, qos, sealed })
  }

  /** Writes them to the outbox (inside the transaction); returns the rows to publish after commit. */
  async flush (client: pg.PoolClient): Promise<OutboxMessage[]> {
    return await enqueue(client, this.messages.splice(0))
  }
}

/**
 * Runs fn in a transaction whose messages are committed to the outbox with it, then published at
 * once (the outbox relay covers a crash in between).
 */
export async function transact<T> (pool: pg.Pool, outbox: Outbox, fn: (client: pg.PoolClient, out: Outgoing) => Promise<T>): Promise<T> {
  let rows: OutboxMessage[] = []
  const result = await inTransaction(pool, async (client) => {
    const out = new Outgoing()
    const r = await fn(client, out)
    rows = await out.flush(client)
    return r
  })
  if (rows.length > 0) await outbox.publishCommitted(rows)
  return result
}
