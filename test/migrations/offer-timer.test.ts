// The offer-timer migration on a real PostgreSQL: a database with an offer's two timers (expiry
// and re-send) upgrades to one timer per offer, due at the earlier of the two, keeping the backoff.
import t from 'tap'
import pg from 'pg'
import pino from 'pino'
import { readdirSync } from 'node:fs'
import { runner } from 'node-pg-migrate'
import { createTestDatabase } from '../helpers/database.js'
import { migrate, MIGRATIONS_DIR } from '../../gateway/storage/migrate.js'

const log = pino({ level: 'silent' })

const db = await createTestDatabase()
const pool = new pg.Pool({ connectionString: db.url, max: 2 })
t.teardown(async () => { await pool.end(); await db.drop() })

async function run (direction: 'up' | 'down', count: number): Promise<string[]> {
  const client = await pool.connect()
  try {
    const ran = await runner({ dbClient: client, dir: MIGRATIONS_DIR, direction, count, migrationsTable: 'pgmigrations', log: () => {} })
    return ran.map(m => m.name)
  } finally {
    client.release()
  }
}

const MIGRATION = '1764041800000_offer-timer'
// it and those after it are stepped back over, then forward again
const since = readdirSync(MIGRATIONS_DIR).filter(f => f.endsWith('.sql') && f >= `${MIGRATION}.sql`).length

t.test('an offer\'s expiry and re-send timers become one timer, at the earlier due time', async (t) => {
  await migrate(pool, log)
  t.same((await run('down', since)).at(-1), MIGRATION)

  const resent = 'aaaaaaaa-0000-4000-8000-000000000001'
  const delivered = 'aaaaaaaa-0000-4000-8000-000000000002'
  await pool.query(
    `INSERT INTO timers (key, kind, due_at, payload) VALUES
       ('offer_expiry:${resent}', 'offer_expiry', now() + interval '30 seconds', jsonb_build_object('offerId', '${resent}')),
       ('offer_resend:${resent}', 'offer_resend', now() + interval '10 seconds', jsonb_build_object('offerId', '${resent}', 'delayS', 20)),
       ('offer_expiry:${delivered}', 'offer_expiry', now() + interval '40 seconds', jsonb_build_object('offerId', '${delivered}')),
       ('incident_escalate:x', 'incident_escalate', now() + interval '60 seconds', '{"incidentId":"x"}')`)

  t.same((await run('up', since))[0], MIGRATION)
  const { rows } = await pool.query(
    'SELECT key, kind, round(extract(epoch FROM due_at - now()))::int AS in_s, payload FROM timers ORDER BY key')
  t.same(rows, [
    { key: 'incident_escalate:x', kind: 'incident_escalate', in_s: 60, payload: { incidentId: 'x' } },
    { key: `offer_due:${resent}`, kind: 'offer_due', in_s: 10, payload: { offerId: resent, delayS: 20 } },
    { key: `offer_due:${delivered}`, kind: 'offer_due', in_s: 40, payload: { offerId: delivered, delayS: 5 } }
  ], 'one timer per offer at the earlier due time, the re-send\'s backoff kept (5 s when it had none); other timers untouched')
})
