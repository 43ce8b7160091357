// The outbox's fast path and its relay on a real PostgreSQL: a row the fast path is still publishing
// is not published again by the relay, however long the publish takes; a row another node's relay
// has claimed does not hold up the fast path's delete.
import t from 'tap'
import type { Test } from 'tap'
import pg from 'pg'
import pino from 'pino'
import { createTestDatabase } from '../../helpers/database.js'
import { migrate } from '../../../gateway/storage/migrate.js'
import { enqueue, Outbox, type OutboxMessage } from '../../../gateway/storage/outbox.js'
import { until } from '../../helpers/wait.js'

const log = pino({ level: 'silent' })

async function setUp (t: Test): Promise<pg.Pool> {
  const db = await createTestDatabase()
  const pool = new pg.Pool({ connectionString: db.url, max: 6 })
  t.teardown(async () => { await pool.end(); await db.drop() })
  await migrate(pool, log)
  return pool
}

async function committed (pool: pg.Pool, topics: string[]): Promise<OutboxMessage[]> {
  const client = await pool.connect()
  try {
    return await enqueue(client, topics.map(topic => ({ topic, payload: Buffer.from(topic), qos: 1 as const })))
  } finally {
    client.release()
  }
}

const rows = async (pool: pg.Pool): Promise<string[]> => (await pool.query<{ topic: string }>('SELECT topic FROM outbox ORDER BY id')).rows.map(r => r.topic)

t.test('a slow fast-path publish is not relayed again', async (t) => {
  const pool = await setUp(t)
  const published: string[] = []
  let release = (): void => {}
  const slow = new Promise<void>((resolve) => { release = resolve })
  const outbox = new Outbox(pool, async (topic) => {
    if (topic === 'dispatch/slow') await slow
    published.push(topic)
  }, log)
  const messages = await committed(pool, ['dispatch/slow', 'dispatch/quick'])
  const fast = outbox.publishCommitted(messages)
  await until(async () => await rows(pool), r => r.length === 1)
  t.same(await rows(pool), ['dispatch/slow'], 'the quick one is published and deleted; the slow one is still being published')

  // Past the grace (0 here): the relay passes over what the fast path holds.
  t.equal(await outbox.relay(0), 0, 'the relay publishes nothing')
  release()
  await fast
  await until(async () => await rows(pool), r => r.length === 0)
  t.same(published, ['dispatch/quick', 'dispatch/slow'], 'each published once')
  await outbox.stop()
})

t.test('a publish that fails leaves the row to the relay', async (t) => {
  const pool = await setUp(t)
  let fail = true
  const published: string[] = []
  const outbox = new Outbox(pool, async (topic) => {
    if (fail) throw new Error('the broker refused it')
    published.push(topic)
  }, log)
  const messages = await committed(pool, ['dispatch/a'])
  await t.rejects(outbox.publishCommitted(messages), /refused/)
  fail = false
  t.equal(await outbox.relay(0), 1, 'the relay publishes it')
  t.same(published, ['dispatch/a'])
  t.same(await rows(pool), [], 'and deletes it')
  await outbox.stop()
})

t.test("the fast path's delete does not wait for a row another node's relay holds", async (t) => {
  const pool = await setUp(t)
  const outbox = new Outbox(pool, async () => {}, log)
  const messages = await committed(pool, ['dispatch/held', 'dispatch/free'])
  // Another node's relay has claimed the first row and is still publishing it.
  const other = await pool.connect()
  t.teardown(() => { other.release() })
  await other.query('BEGIN')
  await other.query('SELECT id FROM outbox WHERE id = $1 FOR UPDATE', [messages[0].id])

  await outbox.publishCommitted(messages)
  await until(async () => await rows(pool), r => r.length === 1)
  t.same(await rows(pool), ['dispatch/held'], 'the free row is deleted at once; the held one is left to its relay')
  await outbox.stop()
  t.equal((await pool.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()")).rows[0].n, 0, 'nothing waits on its lock')
  await other.query('DELETE FROM outbox WHERE id = $1', [messages[0].id])
  await other.query('COMMIT')
  t.same(await rows(pool), [])
})
