// The database enforces the lifecycle too: a CHECK on incidents.state, and the partial unique index
// that lets only one open incident hold a correlation key. Migrations are never edited (they have
// run on real installs), so this test fails when the state machine and the schema drift apart.
import t from 'tap'
import pg from 'pg'
import { pino } from 'pino'
import { createTestDatabase } from '../../helpers/database.js'
import { migrate } from '../../../gateway/storage/migrate.js'
import { ENDED_STATES, INCIDENT_STATES } from '../../../gateway/incidents/state-machine.js'
import { INCIDENT_COLUMNS } from '../../../gateway/incidents/incident.js'

const log = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' })

/** The quoted literals of an SQL definition as PostgreSQL prints it: ARRAY['NEW'::text, …]. */
const literals = (sql: string): string[] => [...sql.matchAll(/'([^']*)'/g)].map(m => m[1])

t.test('the schema agrees with the state machine', async (t) => {
  const db = await createTestDatabase()
  const pool = new pg.Pool({ connectionString: db.url, max: 2 })
  t.teardown(async () => { await pool.end(); await db.drop() })
  await migrate(pool, log)

  t.test('the CHECK on incidents.state allows exactly the known states', async (t) => {
    const { rows } = await pool.query(
      `SELECT pg_get_constraintdef(c.oid) AS def FROM pg_constraint c
        WHERE c.conrelid = 'incidents'::regclass AND c.contype = 'c' AND pg_get_constraintdef(c.oid) LIKE '%state%'`)
    t.equal(rows.length, 1, 'one CHECK names the state')
    t.same(literals(rows[0].def).sort(), [...INCIDENT_STATES].sort(), rows[0].def)
  })

  t.test('the open-correlation index leaves out exactly the ended states', async (t) => {
    const { rows } = await pool.query(
      "SELECT indexdef FROM pg_indexes WHERE tablename = 'incidents' AND indexdef LIKE '%UNIQUE%(correlation_key)%'")
    t.equal(rows.length, 1, 'one partial unique index on correlation_key')
    const def: string = rows[0].indexdef
    t.match(def, /correlation_key IS NOT NULL/)
    t.match(def, /state <> ALL/, 'its predicate is "state NOT IN (…)", the form openStateSql() writes')
    t.same(literals(def).sort(), [...ENDED_STATES].sort(), def)
  })

  t.test('INCIDENT_COLUMNS names every column of incidents, and no other', async (t) => {
    const { rows } = await pool.query<{ column_name: string }>(
      "SELECT column_name FROM information_schema.columns WHERE table_name = 'incidents' AND table_schema = current_schema()")
    t.same(INCIDENT_COLUMNS.split(', ').sort(), rows.map(r => r.column_name).sort())
  })
})
