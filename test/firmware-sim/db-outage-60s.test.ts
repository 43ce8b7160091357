// A long database outage under firmware-sim load: PostgreSQL's path is cut through the simulator's
// proxy for 60 s while devices press and responders answer. What must hold afterwards: every alert
// that got a PUBACK is in PostgreSQL once, no incident is doubled, responders got offers (with
// provisional numbers) while the database was away, a device that connects for the very first time
// during the outage is let in and its alert acknowledged, and the simulator's invariants hold.
import t from 'tap'
import pg from 'pg'
import mqtt from 'mqtt'
import { ADMIN_KEY, startTestFlare } from '../helpers/flare.js'
import { createTestDatabase } from '../helpers/database.js'
import { provisionFleet } from '../../firmware-sim/provision.js'
import { runScenario } from '../../firmware-sim/sim/engine.js'
import { remoteControl, serveControl, startDbProxy } from '../../firmware-sim/db-proxy.js'
import { formatViolations } from '../../firmware-sim/report-table.js'

const AREA = { lat: -33.9249, lon: 18.4241, radiusM: 2000 }
const CUT_AT_MS = 3000
const CUT_FOR_MS = 60_000
// The presses go on a little after the restore (the engine restores at the end of the presses at the latest).
const RUN_MS = CUT_AT_MS + CUT_FOR_MS + 3000

t.test('steady presses with PostgreSQL cut for 60 s', async (t) => {
  const db = await createTestDatabase()
  t.teardown(db.drop)
  const proxy = await startDbProxy()
  t.teardown(proxy.close)
  const control = await serveControl(proxy, 0)
  t.teardown(control.close)
  const f = await startTestFlare(t, { DATABASE_URL: proxy.through(db.url) }, db)
  // Modest load: the suite runs two files at once on two cores.
  const fleet = await provisionFleet({
    urls: { http: f.httpUrl, mqtt: f.mqttUrl, ws: f.wsUrl },
    apiKey: ADMIN_KEY,
    buttons: 6,
    wearables: 2,
    phones: 2,
    responders: 4,
    area: AREA,
    seed: 23,
    idPrefix: 'outage60'
  })
  // Provisioned now (REST needs PostgreSQL) but connected for the first time only while it is cut:
  // principals are held in memory, so it must be admitted.
  const newcomer = await f.device({ kind: 'phone' })

  let cutResolve: () => void = () => {}
  const cutAt = new Promise<void>((resolve) => { cutResolve = resolve })
  const outageControl = remoteControl(`http://127.0.0.1:${control.port}`)
  const firstContact = cutAt.then(async () => {
    // Well into the outage: the node is degraded by now, whatever the persist deadline.
    await new Promise(resolve => setTimeout(resolve, 15_000))
    const duringOutage = proxy.isCut
    const client = mqtt.connect(f.mqttUrl, { clientId: newcomer.id, username: newcomer.id, password: newcomer.secret, reconnectPeriod: 0, connectTimeout: 10_000 })
    try {
      const connack = await new Promise<number>((resolve, reject) => {
        client.once('connect', (p) => resolve(p.returnCode ?? 0))
        client.once('error', (err: any) => typeof err.code === 'number' ? resolve(err.code) : reject(err))
      })
      if (connack !== 0) return { duringOutage, connack }
      await client.subscribeAsync(`dev/${newcomer.id}/ack`, { qos: 1 })
      const ack = new Promise<any>((resolve) => client.on('message', (_topic, payload) => {
        const a = JSON.parse(payload.toString())
        if (a.alertId === 'first-contact' && a.status !== 'UPDATE') resolve(a)
      }))
      await client.publishAsync(`dev/${newcomer.id}/alert`, JSON.stringify({ alertId: 'first-contact', kind: 'PANIC', location: { lat: AREA.lat, lon: AREA.lon } }), { qos: 1 })
      const pubackedDuringOutage = proxy.isCut
      return { duringOutage, connack, pubackedDuringOutage, ack: await ack }
    } finally {
      await client.endAsync(true).catch(() => {})
    }
  })

  const r = await runScenario({
    fleet,
    scenario: 'steady',
    durationMs: RUN_MS,
    rate: 3,
    seed: 5,
    apiKey: ADMIN_KEY,
    responders: { thinkMs: [50, 400], acceptProbability: 0.7, maxTravelMs: 800, locationEveryMs: 400, onSceneMs: 300 },
    settleMs: 1000,
    dbOutage: {
      startMs: CUT_AT_MS,
      durationMs: CUT_FOR_MS,
      control: { cut: async () => { await outageControl.cut(); cutResolve() }, restore: async () => { await outageControl.restore() } }
    }
  })

  const o = r.report.dbOutage
  const cut = r.log.dbOutage
  t.ok(o !== undefined && cut !== undefined, 'the report and the log have the outage')
  t.ok(o!.pressedDuring > 0, `${o!.pressedDuring} presses during the outage`)
  t.equal(o!.pubackedDuring, o!.pressedDuring, 'each one PUBACKed (from the journal)')
  t.equal(r.report.alerts.unanswered, 0, 'no alert unanswered')

  // Offers during the outage come from degraded dispatch, for provisional incidents.
  const offeredWhileCut = r.log.offers.filter(e => e.receivedAtMs >= cut!.cutAtMs && e.receivedAtMs <= cut!.restoredAtMs)
  const provisionalOffers = offeredWhileCut.filter(e => e.incidentNumber.startsWith('P-'))
  t.ok(provisionalOffers.length > 0, `${provisionalOffers.length} offers of provisional incidents reached responders while PostgreSQL was cut`)

  const newcomerResult = await firstContact
  t.equal(newcomerResult.duringOutage, true, 'the new device connected while PostgreSQL was cut')
  t.equal(newcomerResult.connack, 0, 'CONNACK 0: admitted from the principals in memory')
  t.equal(newcomerResult.pubackedDuringOutage, true, 'its alert was PUBACKed during the outage')
  t.match(newcomerResult.ack, { alertId: 'first-contact', status: 'ACCEPTED', incidentNumber: /^P-/ }, 'and acknowledged with a provisional number')

  // PostgreSQL itself, past the proxy: the replay put everything acknowledged there, once.
  const direct = new pg.Pool({ connectionString: db.url, max: 2 })
  t.teardown(async () => { await direct.end() })
  const stored = new Map<string, string | null>()
  for (const row of (await direct.query<{ device_id: string, alert_id: string, incident_id: string | null }>('SELECT device_id, alert_id, incident_id FROM alerts')).rows) {
    stored.set(`${row.device_id}/${row.alert_id}`, row.incident_id)
  }
  const pubacked = r.log.alerts.filter(e => e.pubackAtMs !== undefined && e.malformed === undefined)
  const missing = pubacked.filter(e => !stored.has(`${e.deviceId}/${e.alertId}`))
  t.same(missing.map(e => `${e.deviceId}/${e.alertId}`), [], `every one of the ${pubacked.length} PUBACKed alerts is in PostgreSQL`)
  t.ok(stored.has(`${newcomer.id}/first-contact`), 'the new device\'s alert too')
  const doubled = await direct.query('SELECT device_id, alert_id FROM alerts GROUP BY 1, 2 HAVING count(*) > 1')
  t.same(doubled.rows, [], 'no alert stored twice')
  const counts = await direct.query<{ id: string, alert_count: number, n: number }>(
    'SELECT i.id, i.alert_count, count(a.*)::int AS n FROM incidents i LEFT JOIN alerts a ON a.incident_id = i.id GROUP BY i.id, i.alert_count HAVING i.alert_count <> count(a.*)')
  t.same(counts.rows, [], 'every incident has exactly the alerts it counts')

  // Every alert acknowledged with a provisional number is in an incident after the replay. A
  // provisional incident may end up as more than one final incident without any double: an alert
  // that joined it after it was resolved during the outage (degraded mode's correlation ignores the
  // trip) or after its window opens a new one in PostgreSQL, as it would have with PostgreSQL there.
  // Doubles (an incident opened while another of its key was open) are the invariant checker's
  // one-incident-per-correlation, below.
  const noIncident: string[] = []
  let provisionalAlerts = 0
  for (const e of r.log.alerts) {
    if (!e.acks.some(a => a.incidentNumber?.startsWith('P-') === true)) continue
    provisionalAlerts++
    if (stored.get(`${e.deviceId}/${e.alertId}`) == null) noIncident.push(`${e.deviceId}/${e.alertId}`)
  }
  t.ok(provisionalAlerts > 0, `${provisionalAlerts} alerts were given a provisional number`)
  t.same(noIncident, [], 'each of them is in an incident after the replay')

  const inv = r.invariants
  t.equal(inv?.ok, true, inv?.ok === true ? 'every invariant holds' : `violations:\n${formatViolations(inv?.violations ?? []).join('\n')}`)
  t.ok(proxy.forwarded > 0 && !proxy.isCut, 'the proxy carried Flare\'s connections and is restored')
})
