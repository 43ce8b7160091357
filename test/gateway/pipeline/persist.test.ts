/**
 * One group-commit batch through the persist stage, on the real schema: exact repeats inside the
 * batch and of stored alerts, a correlated repeat joining an incident opened in the same batch, an
 * alert whose rule opens nothing, and dispatch for every incident opened, all in one transaction.
 */
import t from 'tap'
import { startTestFlare } from '../../helpers/flare.js'
import { causedByTheData, persistBatch } from '../../../gateway/pipeline/persist.js'
import { inTransaction } from '../../../gateway/storage/transaction.js'
import type { ClassifiedAlert } from '../../../gateway/pipeline/types.js'
import type { Rule } from '../../../gateway/rules/types.js'
import { DEFAULT_RULES } from '../../../gateway/rules/defaults.js'
import { sql } from './support.js'

const HERE = { lat: -26.2041, lon: 28.0473 }
const panic: Rule = { ...DEFAULT_RULES.find(r => r.id === 'panic')!, correlation: { key: 'device', windowS: 300 }, dispatch: { roles: ['security'], radiusM: 5000, count: 1, offerTimeoutS: 60 } }
const logOnly: Rule = { ...panic, id: 'log-only', openIncident: false, dispatch: undefined }

function alert (deviceId: string, alertId: string, rule = panic): ClassifiedAlert {
  return {
    source: { deviceId, deviceKind: 'button', codec: 'json', personId: null, topic: `dev/${deviceId}/alert`, raw: Buffer.alloc(0), receivedAt: Date.now() },
    alert: { alertId, kind: 'PANIC', triggeredAt: Date.now(), location: HERE, message: { alertId, kind: 'PANIC', location: HERE } },
    rule,
    zoneId: null,
    correlationKey: `device:${deviceId}:PANIC`
  }
}

t.test('a mixed batch commits as one: repeats, a join within the batch, no-incident rules, offers for each opening', async (t) => {
  const f = await startTestFlare(t)
  const pool = sql(t, f)
  const engine = f.app.gateway.engine
  const r = await f.responder({ name: 'Near', roles: ['security'], lat: HERE.lat, lon: HERE.lon })

  const [earlier] = await inTransaction(pool, async (c) => await persistBatch(c, engine, [alert('dev-d', 'd-1')]))
  t.match(earlier, { status: 'ACCEPTED', opened: true })

  const results = await inTransaction(pool, async (c) => await persistBatch(c, engine, [
    alert('dev-a', 'a-1'),
    alert('dev-a', 'a-1'), // the same alert again (a QoS 1 redelivery in the same batch)
    alert('dev-a', 'a-2'), // a repeat press: same correlation key
    alert('dev-b', 'b-1'),
    alert('dev-c', 'c-1', logOnly),
    alert('dev-d', 'd-1') // stored by the earlier batch
  ]))
  const [a1, a1again, a2, b1, c1, d1] = results
  t.match(a1, { status: 'ACCEPTED', opened: true })
  t.match(a1again, { status: 'DUPLICATE', incidentId: a1.incidentId, incidentNumber: a1.incidentNumber }, 'a repeat inside the batch answers with the first one\'s incident')
  t.match(a2, { status: 'ACCEPTED', opened: false, incidentId: a1.incidentId }, 'the repeat press joins the incident opened earlier in the same batch')
  t.match(b1, { status: 'ACCEPTED', opened: true })
  t.not(b1.incidentId, a1.incidentId)
  t.same(c1, { status: 'ACCEPTED', incidentId: null, incidentNumber: null, opened: false, outbox: [] }, 'a rule that opens nothing: stored, no incident')
  t.match(d1, { status: 'DUPLICATE', incidentId: earlier.incidentId, incidentNumber: earlier.incidentNumber }, 'a repeat of a stored alert')

  const outbox = results.flatMap(x => x.status === 'ACCEPTED' ? x.outbox : [])
  t.same(outbox.map(m => m.topic), [`dispatch/${r.id}`, `dispatch/${r.id}`], 'one offer per opened incident, in the outbox')
  t.equal(a1.status === 'ACCEPTED' ? a1.outbox.length : -1, 2, 'the batch\'s messages ride on its first opening')
  t.same(outbox.map(m => JSON.parse(m.payload.toString()).offer.incidentId), [a1.incidentId, b1.incidentId])

  const { rows: incidents } = await pool.query('SELECT id, alert_count FROM incidents ORDER BY opened_at, number')
  t.equal(incidents.length, 3, 'three incidents: the earlier one, dev-a\'s and dev-b\'s')
  t.equal(incidents.find(i => i.id === a1.incidentId)?.alert_count, 2)
  const { rows: alerts } = await pool.query('SELECT device_id, alert_id, incident_id FROM alerts ORDER BY device_id, alert_id')
  t.same(alerts.map(a => [a.device_id, a.alert_id, a.incident_id]), [
    ['dev-a', 'a-1', a1.incidentId], ['dev-a', 'a-2', a1.incidentId], ['dev-b', 'b-1', b1.incidentId], ['dev-c', 'c-1', null], ['dev-d', 'd-1', earlier.incidentId]
  ], 'each alert stored once, linked to its incident')
  const { rows: timeline } = await pool.query('SELECT type FROM incident_events WHERE incident_id = $1 ORDER BY id', [a1.incidentId])
  t.same(timeline.map(e => e.type), ['opened', 'alert_joined', 'offered'])
  const { rows: offers } = await pool.query('SELECT incident_id, responder_id FROM offers ORDER BY created_at')
  t.same(new Set(offers.map(o => o.incident_id)), new Set([earlier.incidentId, a1.incidentId, b1.incidentId]))
  const { rows: timers } = await pool.query("SELECT count(*)::int AS n FROM timers WHERE kind = 'offer_due'")
  t.equal(timers[0].n, 3, 'one timer for each of the three offers')
})

t.test('an alert that opens an incident is written once; one that joins is linked by one update', async (t) => {
  const f = await startTestFlare(t)
  const pool = sql(t, f)
  const engine = f.app.gateway.engine
  // Counts every update of an alert row, by alert id, in this test's own database.
  await pool.query('CREATE TABLE alert_updates (alert_id text)')
  await pool.query(`CREATE FUNCTION count_alert_update() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN INSERT INTO alert_updates VALUES (NEW.alert_id); RETURN NEW; END $$`)
  await pool.query('CREATE TRIGGER alert_updated BEFORE UPDATE ON alerts FOR EACH ROW EXECUTE FUNCTION count_alert_update()')

  const [opens, joins, opensToo] = await inTransaction(pool, async (c) => await persistBatch(c, engine, [
    alert('dev-w', 'w-1'), alert('dev-w', 'w-2'), alert('dev-x', 'x-1')
  ]))
  t.match(opens, { status: 'ACCEPTED', opened: true })
  t.match(joins, { status: 'ACCEPTED', opened: false, incidentId: opens.incidentId })
  t.match(opensToo, { status: 'ACCEPTED', opened: true })
  const { rows: updates } = await pool.query('SELECT alert_id FROM alert_updates ORDER BY alert_id')
  t.same(updates.map(u => u.alert_id), ['w-2'], 'only the joining alert\'s row was updated')
  const { rows: alerts } = await pool.query('SELECT alert_id, incident_id FROM alerts WHERE device_id IN (\'dev-w\', \'dev-x\') ORDER BY alert_id')
  t.same(alerts.map(a => [a.alert_id, a.incident_id]), [['w-1', opens.incidentId], ['w-2', opens.incidentId], ['x-1', opensToo.incidentId]], 'each row names its incident')
})

t.test('which failures a batch is retried alert by alert for', async (t) => {
  const pgError = (code: string): Error => Object.assign(new Error(code), { code })
  t.ok(causedByTheData(pgError('40P01')), 'a deadlock with another batch')
  t.ok(causedByTheData(pgError('23505')), 'a constraint')
  t.notOk(causedByTheData(pgError('08006')), 'the connection failed')
  t.notOk(causedByTheData(pgError('57P01')), 'the server is shutting down')
  t.notOk(causedByTheData(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })), 'not reachable at all')
  t.notOk(causedByTheData(new Error('timeout exceeded when trying to connect')), 'the pool timed out')
})
