import t from 'tap'
import { createTestDatabase } from '../../helpers/database.js'
import { startTestFlare, type TestFlare } from '../../helpers/flare.js'
import { until } from '../../helpers/wait.js'

// Small batches, so that old data takes several rounds: each round stays bounded.
const ENV = { RETENTION_PURGE_BATCH: '2', RETENTION_RAW_PAYLOAD_DAYS: '90', RETENTION_POSITIONS_DAYS: '30', RETENTION_CLOSED_INCIDENTS_DAYS: '365', RETENTION_AUDIT_DAYS: '365', RETENTION_DELIVERIES_DAYS: '30' }

async function purged (f: TestFlare): Promise<Record<string, number>> {
  const text = await (await fetch(`${f.httpUrl}/metrics`)).text()
  return Object.fromEntries([...text.matchAll(/^flare_retention_purged_total\{kind="(\w+)"[^}]*\} (\d+)/gm)].map(m => [m[1], Number(m[2])]))
}

t.test('data past its period is removed in bounded rounds by one node at a time; recent data, open incidents and the statistics stay', async (t) => {
  const db = await createTestDatabase()
  t.teardown(() => db.drop())
  const a = await startTestFlare(t, ENV, db)
  const b = await startTestFlare(t, ENV, db)
  const pool = a.app.db.pool
  t.equal((await pool.query("SELECT count(*)::int AS n FROM timers WHERE kind = 'retention_purge'")).rows[0].n, 1, 'one purge timer for both nodes')

  // Three incidents: two cancelled long ago, one still open (its history is kept whatever its age).
  const d = await a.device({ kind: 'phone' })
  const c = await a.connect({ clientId: d.id, username: d.id, password: d.secret })
  const ids: string[] = []
  for (const n of [1, 2, 3]) {
    await c.publishAsync(`dev/${d.id}/alert`, JSON.stringify({ alertId: `old-${n}`, kind: 'PANIC', location: { lat: -33.92 + n / 100, lon: 18.42 } }), { qos: 1 })
    const inc = await until(async () => (await a.api('GET', '/api/v1/incidents?state=NEW')).body.items[0], (i: any) => i !== undefined)
    ids.push(inc.id)
    if (n < 3) t.equal((await a.api('POST', `/api/v1/incidents/${inc.id as string}/cancel`, { reason: 'test' })).status, 200)
  }
  await c.publishAsync(`dev/${d.id}/alert`, Buffer.from('not an alert'), { qos: 1 })
  await until(async () => (await pool.query('SELECT count(*)::int AS n FROM dead_letters')).rows[0].n, (n) => n === 1)
  const r = await a.responder({ name: 'Sam', roles: ['security'] })
  await pool.query('INSERT INTO responder_positions (responder_id, at, lat, lon) SELECT $1, now() - make_interval(days => g), -33.9, 18.4 FROM generate_series(0, 4) g', [r.id])

  // Age it: everything but today's position and one audit entry is past its period.
  await pool.query("UPDATE alerts SET received_at = now() - interval '100 days'")
  await pool.query("UPDATE dead_letters SET received_at = now() - interval '100 days'")
  await pool.query("UPDATE responder_positions SET at = now() - interval '40 days' WHERE at < now() - interval '12 hours'")
  await pool.query("UPDATE incident_locations SET at = now() - interval '40 days'")
  await pool.query("UPDATE incidents SET closed_at = now() - interval '400 days', opened_at = '2025-01-15T08:00:00Z' WHERE state = 'CANCELLED'")
  const audit = (await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log')).rows[0].n
  t.ok(audit >= 3, `${audit} audit entries`)
  await pool.query("UPDATE audit_log SET at = now() - interval '400 days' WHERE id <> (SELECT max(id) FROM audit_log)")

  // Due now: the nodes' schedulers race for it; rounds follow each other until nothing is left.
  await pool.query("UPDATE timers SET due_at = now() WHERE kind = 'retention_purge'")
  const left = async (): Promise<any> => (await pool.query(`SELECT
      (SELECT count(*) FROM alerts WHERE payload <> '{}'::jsonb)::int AS payloads,
      (SELECT count(*) FROM dead_letters)::int AS dead,
      (SELECT count(*) FROM responder_positions)::int AS positions,
      (SELECT count(*) FROM incidents)::int AS incidents,
      (SELECT count(*) FROM audit_log)::int AS audit`)).rows[0]
  const after = await until(left, (l) => l.incidents === 1 && l.audit <= 1 && l.positions === 1 && l.payloads === 0, 30_000)
  t.match(after, { payloads: 0, dead: 0, positions: 1, incidents: 1, audit: 1 })

  const open = (await pool.query('SELECT id, state FROM incidents')).rows[0]
  t.same(open, { id: ids[2], state: 'NEW' }, 'the open incident stays')
  t.equal((await pool.query('SELECT count(*)::int AS n FROM incident_locations WHERE incident_id = $1', [ids[2]])).rows[0].n, 1, 'with its location history, whatever its age')
  t.equal((await pool.query('SELECT count(*)::int AS n FROM alerts WHERE incident_id = $1', [ids[2]])).rows[0].n, 1, 'and its alert (payload emptied)')
  t.same((await pool.query('SELECT day::text, category, priority, final_state, incidents::int, alerts::int FROM incident_statistics')).rows,
    [{ day: '2025-01-15', category: 'security', priority: 1, final_state: 'CANCELLED', incidents: 2, alerts: 2 }], 'the removed incidents are kept as numbers')

  // Each row was removed once: the two nodes' counts add up to exactly what was there.
  const [pa, pb] = [await purged(a), await purged(b)]
  const sum = (k: string): number => (pa[k] ?? 0) + (pb[k] ?? 0)
  t.equal(sum('closedIncidents'), 2)
  t.equal(sum('rawPayloads'), 3 + 1, 'three payloads emptied (oldest first, before their incidents went), a dead letter removed')
  t.equal(sum('positions'), 4 + 2, 'four old positions, and the cancelled incidents\' locations')
  t.equal(sum('auditLog'), audit - 1)
  const later = async (): Promise<number> => (await pool.query("SELECT count(*)::int AS n FROM timers WHERE kind = 'retention_purge' AND due_at > now() + interval '50 minutes'")).rows[0].n
  t.equal(await until(later, (n) => n === 1), 1, 'done: a round that found nothing more puts the next one an interval away')
})
