import type pg from 'pg'

/**
 * Flare's transactions run without JIT compilation: their statements work on batches of up to a
 * thousand rows, whose cost estimates pass jit_above_cost, and compiling took 17 ms of a 41 ms
 * statement (a replay's live events). In the same round trip as BEGIN, and for the transaction only,
 * so it holds also behind a pooler that shares server connections.
 */
const BEGIN = 'BEGIN; SET LOCAL jit = off'

/** Runs fn in a transaction on one pooled client. */
export async function inTransaction<T> (pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect()
  try {
    await client.query(BEGIN)
    const result = await fn(client)
    await client.query('COMMIT')
    return result
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {})
    throw err
  } finally {
    client.release()
  }
}
