// Losing a node under load: two nodes, devices on both pressing PANIC at a steady rate, responders
// on both; node A is SIGKILLed mid-run. Its devices reconnect to node B and replay what they are
// still owed an answer for, like firmware does. Afterwards: every acknowledged alert (PUBACK or
// AlertAck) is in an incident with an offer, no device has two incidents, the outbox drains, A's
// responders are marked offline by B, and every offer timer (some due while A was dying) has fired
// exactly once.
import t from 'tap'
import type { MqttClient } from 'mqtt'
import { subscribe } from '../helpers/mqtt.js'
import { putRules, responderApp, sleep, startCluster, until, type Cluster, type FlareNode } from './support.js'

const HERE = { lat: 52.3676, lon: 4.9041 }
const DEVICES = 20
const PRESS_EVERY_MS = 1000 // per device: 20 devices → 20 alerts/s in total
const KILL_AFTER_MS = 6000 // the first offers' re-send (5 s) and expiry (6 s) timers are coming due then
const LOAD_AFTER_KILL_MS = 5000
const OFFER_TIMEOUT_S = 6
const TIMER_LEASE_S = 10 // gateway/timers/scheduler.ts
/**
 * Far above the 1 s default. Under full CI load a group commit can miss 1 s: the node goes degraded
 * and acknowledges from its journal, without trying PostgreSQL, until its probe replays the journal.
 * A killed in that window keeps what it acknowledged in its journal until it restarts, which this
 * test never does, so those alerts were missing from PostgreSQL (the intermittent failure). This test
 * is about failover with PostgreSQL up; degraded mode has its own tests.
 */
const PERSIST_DEADLINE_MS = 30_000

/**
 * A device as firmware behaves: every press has its own alertId and stays owed until the gateway's
 * AlertAck for that alertId arrives; when the connection drops it connects to the surviving node
 * and publishes everything still owed again, with the same alertIds.
 */
class Firmware {
  client?: MqttClient
  readonly owed = new Map<string, string>() // alertId → payload
  readonly pubacked = new Set<string>()
  readonly answered = new Map<string, string>() // alertId → AlertAck status
  /** alerts answered with a provisional number: a node acknowledged them from its journal */
  readonly provisional = new Set<string>()
  readonly sent: string[] = []
  private readonly published = new Set<string>()
  /** publishes of an alert already published once, on an earlier connection (replays after a move) */
  replays = 0
  moves = 0
  private seq = 0
  stopped = false

  constructor (private readonly cluster: Cluster, readonly id: string, private readonly secret: string, public node: FlareNode, private readonly fallback: FlareNode) {}

  async connect (node: FlareNode): Promise<void> {
    this.node = node
    const client = await this.cluster.connect(node, { clientId: this.id, username: this.id, password: this.secret })
    client.on('message', (topic, payload) => {
      if (topic !== `dev/${this.id}/ack`) return
      const ack = JSON.parse(payload.toString())
      if (ack.alertId === undefined || ack.status === 'UPDATE') return
      if (String(ack.incidentNumber).startsWith('P-')) this.provisional.add(ack.alertId)
      if (!this.answered.has(ack.alertId)) this.answered.set(ack.alertId, ack.status)
      this.owed.delete(ack.alertId)
    })
    if (await subscribe(client, `dev/${this.id}/ack`) !== 1) throw new Error('ack subscription refused')
    this.client = client
    client.once('close', () => {
      if (this.client === client) this.client = undefined
      if (!this.stopped) void this.move()
    })
    for (const alertId of this.owed.keys()) this.send(alertId)
  }

  /** The node went away: connect to the survivor (retrying) and replay what is owed. */
  private async move (): Promise<void> {
    this.moves++
    for (let i = 0; i < 50 && !this.stopped; i++) {
      try {
        await this.connect(this.fallback)
        return
      } catch {
        await sleep(200)
      }
    }
  }

  press (): string {
    const alertId = `${this.id}-${++this.seq}`
    this.owed.set(alertId, JSON.stringify({ alertId, kind: 'PANIC', location: HERE }))
    this.sent.push(alertId)
    this.send(alertId)
    return alertId
  }

  private send (alertId: string): void {
    const client = this.client
    const payload = this.owed.get(alertId)
    if (client === undefined || payload === undefined) return
    if (this.published.has(alertId)) this.replays++
    this.published.add(alertId)
    client.publish(`dev/${this.id}/alert`, payload, { qos: 1 }, (err) => {
      if (err === undefined || err === null) this.pubacked.add(alertId)
    })
  }
}

t.test('SIGKILL of one node under load: nothing acknowledged is lost, nothing doubles, timers fire once', async (t) => {
  const cluster = await startCluster(t, ['node-a', 'node-b'], { PERSIST_DEADLINE_MS: String(PERSIST_DEADLINE_MS) })
  const [a, b] = cluster.nodes
  await putRules(cluster, {
    rules: [{
      id: 'p',
      match: { kinds: ['PANIC'] },
      category: 'security',
      priority: 1,
      openIncident: true,
      correlation: { key: 'device', windowS: 300 },
      dispatch: { roles: ['security'], radiusM: 5000, count: 1, offerTimeoutS: OFFER_TIMEOUT_S }
    }]
  })

  // Six responders, alternating nodes, at different distances; none answers, so every offer ends by expiry.
  const responders = []
  for (let i = 0; i < 6; i++) {
    const node = i % 2 === 0 ? a : b
    const r = await cluster.responder(a, { name: `R${i}`, roles: ['security'], lat: HERE.lat + 0.001 * (i + 1), lon: HERE.lon })
    responders.push({ ...await responderApp(cluster, node, r), node })
  }
  const onA = responders.filter(r => r.node === a).map(r => r.id)
  const onB = responders.filter(r => r.node === b).map(r => r.id)
  await until('every responder online', async () => {
    const { rows } = await cluster.sql.query('SELECT count(*)::int AS n FROM responders WHERE online')
    return rows[0].n === responders.length ? true : undefined
  }, 15_000)

  const devices: Firmware[] = []
  for (let i = 0; i < DEVICES; i++) {
    const d = await cluster.device(a, { kind: 'phone' })
    const fw = new Firmware(cluster, d.id, d.secret, i % 2 === 0 ? a : b, b)
    await fw.connect(fw.node)
    devices.push(fw)
  }
  const startedOnA = devices.filter(d => d.node === a)

  // Steady load: each device presses once a second, staggered so the 20 presses spread over the second.
  const timers = devices.map((fw, i) => {
    let handle: NodeJS.Timeout | undefined
    const start = setTimeout(() => { fw.press(); handle = setInterval(() => fw.press(), PRESS_EVERY_MS) }, i * (PRESS_EVERY_MS / DEVICES))
    return () => { clearTimeout(start); clearInterval(handle) }
  })
  t.teardown(() => { for (const stop of timers) stop() })

  await sleep(KILL_AFTER_MS)
  // A burst on A, and the kill as soon as the first of it is committed: alerts are then in A's
  // pipeline when it dies, committed but not yet answered (replayed to B → DUPLICATE) or not
  // committed (replayed → ACCEPTED). Which, and how many, depends on the moment; the checks below
  // hold either way.
  const burst = startedOnA.map(d => ({ d, alertId: d.press() }))
  const burstAt = Date.now()
  for (;;) {
    const { rows } = await cluster.sql.query('SELECT count(*)::int AS n FROM alerts WHERE alert_id = ANY($1)', [burst.map(b => b.alertId)])
    if (rows[0].n > 0 || Date.now() - burstAt > 3000) break
  }
  await a.kill()
  const killedAt = Date.now()
  t.comment(`${burst.filter(({ d, alertId }) => d.answered.has(alertId)).length} of the burst of ${burst.length} answered when A was killed, ${killedAt - burstAt} ms after it`)
  t.comment(`node A killed after ${KILL_AFTER_MS} ms of load`)
  // Whatever A left in the outbox (committed, maybe published, not yet deleted) must be relayed by B.
  const { rows: leftAtKill } = await cluster.sql.query('SELECT id FROM outbox')
  await sleep(LOAD_AFTER_KILL_MS)
  for (const stop of timers) stop()

  // Every press is answered in the end: the devices that were on A moved to B and replayed.
  await until('every press answered by an AlertAck', async () => devices.every(d => d.owed.size === 0) ? true : undefined, 30_000)
  for (const d of devices) d.stopped = true
  t.ok(startedOnA.every(d => d.moves >= 1 && d.node === b), 'every device that was on A moved to B')
  t.ok(devices.filter(d => !startedOnA.includes(d)).every(d => d.moves === 0), 'devices on B stayed where they were')

  const sent = devices.flatMap(d => d.sent.map(alertId => `${d.id}/${alertId}`))
  const pubacked = devices.flatMap(d => [...d.pubacked].map(alertId => `${d.id}/${alertId}`))
  // The AlertAck is written before the PUBACK (after-commit.ts), and on the node the device is
  // connected to it is written at once: A can die between the two. Such a press was answered
  // (committed, ACCEPTED or DUPLICATE), so the firmware stops owing it and never sees its PUBACK.
  const answeredOnly = devices.flatMap(d => [...d.answered.keys()].filter(alertId => !d.pubacked.has(alertId)).map(alertId => `${d.id}/${alertId}`))
  const acknowledged = [...pubacked, ...answeredOnly]
  t.comment(`${sent.length} presses, ${pubacked.length} PUBACKed, ${answeredOnly.length} answered by an AlertAck whose PUBACK died with A; ${devices.reduce((n, d) => n + d.replays, 0)} replayed after the move, ${devices.reduce((n, d) => n + [...d.answered.values()].filter(s => s === 'DUPLICATE').length, 0)} of them answered DUPLICATE (A had committed them)`)
  t.ok(sent.length >= DEVICES * 8, `load ran: ${sent.length} presses`)
  t.same(sent.filter(k => !acknowledged.includes(k)), [], 'every press was acknowledged in the end: PUBACKed or answered (on A, or replayed to B)')
  t.same(answeredOnly.filter(k => !startedOnA.some(d => k.startsWith(`${d.id}/`))), [], 'only presses on A lack a PUBACK')
  t.ok(devices.every(d => [...d.answered.values()].every(s => s === 'ACCEPTED' || s === 'DUPLICATE')), 'every AlertAck is ACCEPTED or DUPLICATE')
  // Should a node still go degraded, the checks below would fail for that reason: say so here.
  t.same(devices.flatMap(d => [...d.provisional].map(alertId => `${d.id}/${alertId}`)), [], 'no alert was acknowledged from a journal (no node went degraded)')

  // --- every PUBACKed alert is in the alerts table and in an incident
  const ids = devices.map(d => d.id)
  const { rows: alerts } = await cluster.sql.query('SELECT device_id, alert_id, incident_id FROM alerts WHERE device_id = ANY($1)', [ids])
  const stored = new Map(alerts.map(r => [`${r.device_id}/${r.alert_id}`, r.incident_id as string | null]))
  const missing = acknowledged.filter(k => !stored.has(k))
  t.same(missing, [], 'every acknowledged alert (PUBACK or AlertAck) is in the alerts table')
  t.same(acknowledged.filter(k => stored.get(k) == null), [], 'and belongs to an incident')
  t.equal(alerts.length, new Set(alerts.map(r => `${r.device_id}/${r.alert_id}`)).size, 'no alert stored twice')

  // --- one incident per device and kind (every later press joined it), each with an offer
  const { rows: incidents } = await cluster.sql.query(
    `SELECT i.device_id, i.kind, count(*)::int AS n, min(i.id::text) AS id,
            (SELECT count(*)::int FROM offers o WHERE o.incident_id = min(i.id::text)::uuid) AS offers
       FROM incidents i WHERE i.device_id = ANY($1) GROUP BY i.device_id, i.kind`, [ids])
  t.equal(incidents.length, DEVICES, 'every device has an incident')
  t.same(incidents.filter(r => r.n !== 1), [], 'no device has two incidents of a kind')
  t.same(incidents.filter(r => r.offers < 1), [], 'every incident got an offer')
  const perIncident = new Map<string, number>()
  for (const r of alerts) perIncident.set(r.incident_id, (perIncident.get(r.incident_id) ?? 0) + 1)
  const { rows: counts } = await cluster.sql.query('SELECT id::text, alert_count FROM incidents WHERE device_id = ANY($1)', [ids])
  t.same(counts.filter(r => r.alert_count !== perIncident.get(r.id)).map(r => r.id), [], 'each incident counts exactly its stored alerts')

  // --- the outbox: what A left is relayed by B, and the outbox drains
  await until('the rows A left in the outbox to be relayed', async () => {
    const { rows } = await cluster.sql.query('SELECT count(*)::int AS n FROM outbox WHERE id = ANY($1::bigint[])', [leftAtKill.map(r => r.id)])
    return rows[0].n === 0 ? true : undefined
  }, 20_000)
  t.pass(`the ${leftAtKill.length} outbox row(s) present when A died were published by B`)
  await until('an empty outbox', async () => {
    const { rows } = await cluster.sql.query('SELECT count(*)::int AS n FROM outbox')
    return rows[0].n === 0 ? true : undefined
  }, 20_000, 100)
  t.pass('the outbox drained')

  // --- presence: B marks A's responders offline once A's heartbeat is older than 15 s
  const offline = await until('A\'s responders marked offline by B', async () => {
    const { rows } = await cluster.sql.query('SELECT id, online, online_node FROM responders WHERE id = ANY($1)', [onA])
    return rows.every(r => !r.online && r.online_node === null) ? rows : undefined
  }, 40_000, 500)
  t.equal(offline.length, onA.length, `A's ${onA.length} responders are offline`)
  t.comment(`A's responders marked offline ~${Math.round((Date.now() - killedAt) / 1000)} s after the kill (heartbeat timeout 15 s)`)
  const { rows: stillOn } = await cluster.sql.query('SELECT id FROM responders WHERE id = ANY($1) AND online AND online_node LIKE \'node-b-%\'', [onB])
  t.equal(stillOn.length, onB.length, 'B\'s responders are still online, held by B')
  const view = await b.api('GET', '/api/v1/cluster?all=true')
  t.same(view.body.nodes.map((n: any) => `${n.nodeId}:${n.alive}`).sort(), ['node-a:false', 'node-b:true'], 'B\'s cluster view: A dead, B alive')
  t.same((await b.api('GET', '/api/v1/cluster')).body.nodes.map((n: any) => n.nodeId), ['node-b'], 'only B listed as live')

  // --- timers: every offer timer that came due (also those due or claimed while A was dying) fired,
  // and fired once: no pending offer is overdue by more than the lease, no offer expired twice.
  await until('no offer overdue by more than the timer lease', async () => {
    const { rows } = await cluster.sql.query(
      "SELECT count(*)::int AS n FROM offers WHERE state = 'pending' AND expires_at < now() - make_interval(secs => $1)", [TIMER_LEASE_S + 3])
    return rows[0].n === 0 ? true : undefined
  }, 30_000, 500)
  const { rows: overdueTimers } = await cluster.sql.query(
    'SELECT key FROM timers WHERE due_at < now() - make_interval(secs => $1)', [TIMER_LEASE_S + 3])
  t.same(overdueTimers, [], 'no timer is left overdue (a dead node\'s claims came due again and were fired)')
  const { rows: offers } = await cluster.sql.query(
    `SELECT o.id::text, o.state, o.expires_at <= $2::timestamptz + interval '2 seconds' AS due_around_kill,
            (SELECT count(*)::int FROM incident_events e WHERE e.incident_id = o.incident_id AND e.type = 'offer_expired' AND e.data->>'offerId' = o.id::text) AS expired_events
       FROM offers o JOIN incidents i ON i.id = o.incident_id WHERE i.device_id = ANY($1)`, [ids, new Date(killedAt)])
  t.ok(offers.length >= DEVICES * 2, `offers went on after the kill (${offers.length} offers)`)
  t.same(offers.filter(o => o.expired_events > 1), [], 'no offer expired twice (offer_expired events per offer ≤ 1)')
  t.same(offers.filter(o => o.state === 'expired' && o.expired_events !== 1), [], 'each expired offer has exactly one offer_expired event')
  t.same(offers.filter(o => o.state !== 'expired' && o.expired_events !== 0), [], 'no offer_expired event for an offer in another state')
  t.same(offers.filter(o => o.due_around_kill && o.state !== 'expired').map(o => `${o.id}:${o.state}`), [], 'every offer due before (or just after) the kill ended expired')
  t.comment(`${offers.filter(o => o.due_around_kill).length} offers were due by the kill (+2 s); ${offers.filter(o => o.state === 'expired').length} expired in all`)

  // --- the responders on B: offers arrived there, and each offer id at most once per attempt
  const seen = responders.filter(r => r.node === b).flatMap(r => r.inbox.messages.map(m => JSON.parse(m.toString())).filter(m => m.offer !== undefined).map(m => `${m.offer.offerId}#${m.offer.attempt}`))
  t.ok(seen.length > 0, `B's responders received offers (${seen.length} offer messages, ${new Set(seen).size} distinct offer/attempt pairs)`)
})
