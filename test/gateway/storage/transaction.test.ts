// inTransaction (gateway/storage/transaction.ts): Flare's transactions run without JIT compilation,
// and only they: the connection goes back to the pool as it came.
import t from 'tap'
import pg from 'pg'
import { inTransaction } from '../../../gateway/storage/transaction.js'
import { createTestDatabase } from '../../helpers/database.js'

t.test('JIT compilation is off inside a transaction, and as the server has it after', async (t) => {
  const db = await createTestDatabase()
  t.teardown(db.drop)
  const pool = new pg.Pool({ connectionString: db.url, max: 1 })
  t.teardown(async () => { await pool.end() })
  const server = (await pool.query<{ jit: string }>('SHOW jit')).rows[0].jit
  t.equal(server, 'on', 'this server compiles by default (otherwise the test shows nothing)')
  const inside = await inTransaction(pool, async (client) => (await client.query<{ jit: string }>('SHOW jit')).rows[0].jit)
  t.equal(inside, 'off')
  t.equal((await pool.query<{ jit: string }>('SHOW jit')).rows[0].jit, server, 'the same connection, after the commit')
  await t.rejects(inTransaction(pool, async (client) => { await client.query('SELECT 1/0') }), /division by zero/)
  t.equal((await pool.query<{ jit: string }>('SHOW jit')).rows[0].jit, server, 'and after a rollback')
})
