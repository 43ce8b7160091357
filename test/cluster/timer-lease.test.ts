// A timer claimed by a node that dies before finishing it: the claim is a 10 s lease
// (gateway/timers/scheduler.ts), so the row comes due again and the surviving node fires it, once.
// To catch a node holding a claim, the test locks the incident row the offer-expiry handler needs:
// whichever node claims the timer blocks inside its handler (seen in pg_stat_activity by the
// node's application_name), and that node is SIGKILLed there.
import t from 'tap'
import pg from 'pg'
import { subscribe, collect } from '../helpers/mqtt.js'
import { nextOf, putRules, startCluster, until } from './support.js'

const HERE = { lat: 59.3293, lon: 18.0686 }

t.test('an offer-expiry timer claimed by a node that is killed mid-handler fires once, on the other node', async (t) => {
  const cluster = await startCluster(t, ['node-a', 'node-b'])
  const [a] = cluster.nodes
  // offerTimeoutS 5: the offer's timer is due at its expiry (the first re-send would be at 5 s too).
  await putRules(cluster, {
    rules: [{ id: 'p', match: { kinds: ['PANIC'] }, category: 'security', priority: 1, openIncident: true, correlation: { key: 'device', windowS: 300 }, dispatch: { roles: ['security'], radiusM: 5000, count: 1, offerTimeoutS: 5 } }]
  })
  const first = await cluster.responder(a, { name: 'First', roles: ['security'], lat: HERE.lat + 0.001, lon: HERE.lon })
  const second = await cluster.responder(a, { name: 'Second', roles: ['security'], lat: HERE.lat + 0.002, lon: HERE.lon })

  const d = await cluster.device(a, { kind: 'phone' })
  const dev = await cluster.connect(a, { clientId: d.id, username: d.id, password: d.secret })
  await dev.publishAsync(`dev/${d.id}/alert`, JSON.stringify({ alertId: 'lease-1', kind: 'PANIC', location: HERE }), { qos: 1 })
  const offer = await until('the first offer', async () => {
    const { rows } = await cluster.sql.query('SELECT o.id::text, o.incident_id::text, o.responder_id, o.expires_at FROM offers o JOIN incidents i ON i.id = o.incident_id WHERE i.device_id = $1', [d.id])
    return rows[0]
  }, 10_000, 50)
  t.equal(offer.responder_id, first.id, 'the nearest responder got the first offer')
  const key = `offer_due:${offer.id}`

  // Hold the incident row: the expiry handler's SELECT … FOR UPDATE waits on it.
  const locker = new pg.Client({ connectionString: cluster.db.url })
  await locker.connect()
  t.teardown(async () => { await locker.end().catch(() => {}) })
  await locker.query('BEGIN')
  await locker.query('SELECT id FROM incidents WHERE id = $1 FOR UPDATE', [offer.incident_id])

  const claimer = await until('a node to claim the expiry and wait on the incident lock', async () => {
    const { rows } = await cluster.sql.query(
      "SELECT application_name FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND application_name LIKE 'node-%'")
    return rows[0]?.application_name as string | undefined
  }, 20_000, 50)
  const dying = cluster.nodes.find(n => n.nodeId === claimer)!
  const survivor = cluster.nodes.find(n => n.nodeId !== claimer)!
  t.comment(`${claimer} claimed the timer; ${survivor.nodeId} survives`)
  const { rows: leased } = await cluster.sql.query('SELECT due_at > $2::timestamptz + interval \'5 seconds\' AS leased FROM timers WHERE key = $1', [key, offer.expires_at])
  t.same(leased, [{ leased: true }], 'the timer row carries the claimer\'s lease (due again ~10 s after the claim)')

  await dying.kill()
  await locker.query('ROLLBACK')
  const { rows: still } = await cluster.sql.query('SELECT state FROM offers WHERE id = $1', [offer.id])
  t.equal(still[0].state, 'pending', 'the dead node did not finish the handler')

  // The lease runs out and the survivor fires the timer.
  const expired = await until('the offer to expire through the survivor', async () => {
    const { rows } = await cluster.sql.query("SELECT answered_at FROM offers WHERE id = $1 AND state = 'expired'", [offer.id])
    return rows[0]
  }, 30_000, 100)
  t.ok(expired.answered_at.getTime() >= offer.expires_at.getTime(), 'expired, not before it was due')
  const { rows: timerLeft } = await cluster.sql.query('SELECT key FROM timers WHERE key = $1', [key])
  t.same(timerLeft, [], 'the timer row is gone')
  const { rows: events } = await cluster.sql.query("SELECT count(*)::int AS n FROM incident_events WHERE incident_id = $1 AND type = 'offer_expired'", [offer.incident_id])
  t.equal(events[0].n, 1, 'exactly one offer_expired event')
  const { rows: next } = await cluster.sql.query('SELECT id::text, responder_id, state FROM offers WHERE incident_id = $1 AND id <> $2', [offer.incident_id, offer.id])
  t.match(next, [{ responder_id: second.id, state: 'pending' }], 'the handler went on: the next nearest got an offer')

  // The next responder connects to the survivor and asks for what it is owed.
  const client = await cluster.connect(survivor, { clientId: second.id, username: second.id, password: second.secret })
  const inbox = collect(client, `dispatch/${second.id}`)
  t.equal(await subscribe(client, `dispatch/${second.id}`), 1)
  await client.publishAsync(`resp/${second.id}/sync`, '', { qos: 1 })
  const owed = await nextOf(inbox, 'offer')
  t.equal(owed.offerId, next[0].id, 'sync on the survivor re-sends the pending offer')
})
