// The live feed across nodes and failures: events committed anywhere reach every node's dashboards;
// a lost LISTEN session comes back and re-syncs; a dashboard that stops reading is dropped.
import t from 'tap'
import pg from 'pg'
import { startTestFlare, type TestFlare } from '../../helpers/flare.js'
import { seedIncident } from '../../helpers/incidents.js'
import { aboutIncident, dashboard, isSnapshot, liveUrl } from './support.js'

async function until<T> (probe: () => Promise<T | undefined>, what: string, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs
  for (;;) {
    const v = await probe()
    if (v !== undefined) return v
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** Backend pids of the live feed's LISTEN sessions on this test database. */
async function listeners (f: TestFlare): Promise<number[]> {
  const { rows } = await f.app.db.pool.query(
    "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'flare-live' AND query ILIKE 'LISTEN%' ORDER BY pid")
  return rows.map((r) => r.pid)
}

async function liveClients (f: TestFlare): Promise<number> {
  const text = await (await fetch(`${f.httpUrl}/metrics`)).text()
  const line = text.split('\n').find((l) => l.startsWith('flare_live_clients'))
  return Number(line?.split(' ').pop())
}

t.test('two nodes on one database: an incident opened through node A reaches a dashboard on node B', async (t) => {
  const a = await startTestFlare(t, { NODE_ID: 'node-a' })
  const b = await startTestFlare(t, { NODE_ID: 'node-b' }, a.db)
  t.equal((await listeners(a)).length, 2, 'each node holds its own LISTEN session')
  const onB = await dashboard(t, liveUrl(b))
  await onB.next(isSnapshot)

  // Through node A's real pipeline: a device pressing PANIC on A's broker.
  const dev = await a.device({ kind: 'phone' })
  const client = await a.connect({ clientId: dev.id, username: dev.id, password: dev.secret })
  await client.publishAsync(`dev/${dev.id}/alert`, JSON.stringify({ alertId: 'x-node', kind: 'PANIC', location: { lat: -33.9, lon: 18.4 } }), { qos: 1 })
  const opened = await onB.next((m) => m.type === 'incident.opened')
  const { rows } = await a.app.db.pool.query('SELECT i.id FROM alerts al JOIN incidents i ON i.id = al.incident_id WHERE al.alert_id = $1', ['x-node'])
  t.equal(opened.incident.id, rows[0].id, 'the dashboard on B saw the incident A opened')

  // And a late dashboard on B gets it in its snapshot.
  const late = await dashboard(t, liveUrl(b))
  t.ok((await late.next(isSnapshot)).incidents.some((i: any) => i.id === rows[0].id))
})

t.test('the LISTEN session is re-established after the database drops it, and dashboards re-sync', async (t) => {
  const f = await startTestFlare(t)
  const d = await dashboard(t, liveUrl(f))
  await d.next(isSnapshot)
  const [before] = await listeners(f)
  t.ok(before, 'a LISTEN session is up')

  const admin = new pg.Client({ connectionString: f.db.url })
  await admin.connect()
  t.teardown(() => admin.end())
  await admin.query('SELECT pg_terminate_backend($1)', [before])
  const missed = await seedIncident(f.app.db.pool, { priority: 1 }) // committed while nobody listens (most likely)

  const after = await until(async () => (await listeners(f)).find((p) => p !== before), 'a new LISTEN session')
  t.not(after, before, 'a new session')
  const resync = await d.next((m) => isSnapshot(m) && m.incidents.some((i: any) => i.id === missed.id), 15_000, 1)
  t.ok(resync, 'a fresh snapshot covers what happened in the gap')

  const next = await seedIncident(f.app.db.pool, { priority: 1 })
  await d.next(aboutIncident('incident.opened', next.id))
  t.pass('live events flow again')
})

t.test('a dashboard that stops reading is dropped instead of buffered without end', async (t) => {
  const f = await startTestFlare(t)
  const slow = await dashboard(t, liveUrl(f))
  await slow.next(isSnapshot)
  const healthy = await dashboard(t, liveUrl(f))
  await healthy.next(isSnapshot)
  t.equal(await liveClients(f), 2)

  // Stop reading: the kernel buffers fill, then ws's own buffer grows past the limit.
  ;(slow.ws as any)._socket.pause()
  const pad = 'x'.repeat(7000) // NOTIFY payloads stay under 8 kB
  let batches = 0
  await until(async () => {
    await f.app.db.pool.query(
      `SELECT pg_notify('flare_events', json_build_object('type', 'responder.updated', 'at', now(), 'responder', json_build_object('id', 'r-' || $1 || '-' || g), 'pad', $2::text)::text)
         FROM generate_series(1, 500) g`, [batches++, pad])
    return await liveClients(f) === 1 ? true : undefined
  }, 'the slow dashboard to be dropped', 60_000)
  t.equal(await liveClients(f), 1, 'the slow dashboard is gone, the healthy one stays')

  ;(slow.ws as any)._socket.resume()
  const { code } = await slow.closed
  t.ok(code === 1013 || code === 1006, `closed with 1013 (or cut off, if it read too late): ${code}`)
  await healthy.next((m) => m.type === 'responder.updated' && m.responder.id === `r-${batches - 1}-500`, 30_000)
  t.pass('the healthy dashboard got everything')
})
