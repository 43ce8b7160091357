/**
 * Dedup: exact repeats (same device and alert id) are answered DUPLICATE with the original incident
 * number, also when they are real QoS 1 redeliveries (DUP flag, same packet id); correlated repeats
 * (another press of the same kind) join the open incident; resolved incidents and expired windows
 * make a new press open a new incident.
 */
import t from 'tap'
import { startTestFlare, type TestFlare } from '../../helpers/flare.js'
import { collect, subscribe } from '../../helpers/mqtt.js'
import { decode, encode, type AlertAckMessage } from '../../../gateway/codec/wire.js'
import { eventually, listIncidents, metricsText, rawConnect, sample, sql } from './support.js'

const HERE = { lat: 51.5072, lon: -0.1276 }
const INCIDENT_NUMBER = /^INC-\d{8}-\d{4}$/

/** A JSON phone connected with mqtt.js, subscribed to its acks. */
async function phone (f: TestFlare) {
  const d = await f.device({ kind: 'phone' })
  const client = await f.connect({ clientId: d.id, username: d.id, password: d.secret })
  const acks = collect(client, `dev/${d.id}/ack`)
  if (await subscribe(client, `dev/${d.id}/ack`) !== 1) throw new Error('ack subscription refused')
  const press = async (alert: Record<string, unknown>): Promise<AlertAckMessage> => {
    await client.publishAsync(`dev/${d.id}/alert`, JSON.stringify({ kind: 'PANIC', location: HERE, ...alert }), { qos: 1 })
    return decode('AlertAck', await acks.next(), 'json')
  }
  return { d, client, acks, press }
}

async function incidentDetail (f: TestFlare, number: string): Promise<any> {
  const res = await f.api('GET', `/api/v1/incidents/${number}`)
  if (res.status !== 200) throw new Error(`GET /incidents/${number}: ${res.status}`)
  return res.body
}

t.test('an exact repeat is DUPLICATE with the original number and changes nothing', async (t) => {
  const f = await startTestFlare(t)
  await f.responder({ roles: ['security'], ...HERE })
  const p = await phone(f)
  const first = await p.press({ alertId: 'same-1' })
  t.match(first, { alertId: 'same-1', status: 'ACCEPTED', incidentNumber: INCIDENT_NUMBER })

  const again = await p.press({ alertId: 'same-1' })
  t.match(again, { alertId: 'same-1', status: 'DUPLICATE', incidentNumber: first.incidentNumber }, 'DUPLICATE, same number')
  // The alert id is the identity: a replay with another body is still the same alert.
  const replay = await p.press({ alertId: 'same-1', kind: 'PANIC', location: { lat: 0, lon: 0 }, batteryPct: 3 })
  t.match(replay, { status: 'DUPLICATE', incidentNumber: first.incidentNumber }, 'a replay with a different body is a duplicate too')

  const inc = await incidentDetail(f, first.incidentNumber!)
  t.equal(inc.alertCount, 1, 'the incident still counts one alert')
  t.equal(inc.alerts.length, 1, 'one alert row')
  t.equal(inc.offers.length, 1, 'offered once')
  t.same(inc.timeline.map((e: any) => e.type), ['opened', 'offered'], 'repeats leave no trace on the timeline')
  const m = await metricsText(f)
  t.equal(sample(m, 'flare_alerts_duplicate_total', { kind: 'PANIC' }), 2, 'flare_alerts_duplicate_total counts both repeats')
  t.equal(sample(m, 'flare_alerts_accepted_total', { kind: 'PANIC' }), 1)
  t.equal(sample(m, 'flare_incidents_opened_total', { category: 'security' }), 1)
})

t.test('a QoS 1 redelivery (DUP flag, same packet id) on the same connection is DUPLICATE', async (t) => {
  const f = await startTestFlare(t)
  const d = await f.device({ kind: 'button' }) // protobuf
  const raw = await rawConnect(t, f, { clientId: d.id, username: d.id, password: d.secret })
  t.equal(await raw.subscribe(`dev/${d.id}/ack`), 1)
  const payload = encode('Alert', { alertId: 'dup-1', kind: 'PANIC', triggeredAtMs: Date.now(), location: HERE }, 'protobuf')

  await raw.publish(`dev/${d.id}/alert`, payload, { qos: 1, messageId: 42 })
  t.pass('PUBACK for packet 42')
  const ack1 = decode('AlertAck', (await raw.nextPublish(`dev/${d.id}/ack`)).payload as Buffer, 'protobuf')
  t.match(ack1, { alertId: 'dup-1', status: 'ACCEPTED', incidentNumber: INCIDENT_NUMBER })

  // What a device does when it did not see the PUBACK: the same packet again, DUP set.
  await raw.publish(`dev/${d.id}/alert`, payload, { qos: 1, messageId: 42, dup: true })
  t.pass('PUBACK for the redelivered packet 42')
  const ack2 = decode('AlertAck', (await raw.nextPublish(`dev/${d.id}/ack`)).payload as Buffer, 'protobuf')
  t.match(ack2, { alertId: 'dup-1', status: 'DUPLICATE', incidentNumber: ack1.incidentNumber }, 'DUPLICATE with the original number')

  const db = sql(t, f)
  const { rows } = await db.query('SELECT (SELECT count(*)::int FROM alerts) AS alerts, (SELECT count(*)::int FROM incidents) AS incidents')
  t.same(rows[0], { alerts: 1, incidents: 1 }, 'one alert, one incident')
  t.ok(raw.isOpen, 'the connection stays up')
})

t.test('a redelivery after a lost connection (persistent session, DUP flag) yields one alert and one number', async (t) => {
  const f = await startTestFlare(t)
  const d = await f.device({ kind: 'button' })
  const payload = encode('Alert', { alertId: 'lost-1', kind: 'PANIC', triggeredAtMs: Date.now(), location: HERE }, 'protobuf')

  const first = await rawConnect(t, f, { clientId: d.id, username: d.id, password: d.secret, clean: false })
  t.equal(await first.subscribe(`dev/${d.id}/ack`), 1)
  // The press goes out and the link dies at once: the device cannot know whether it arrived.
  first.send({ cmd: 'publish', topic: `dev/${d.id}/alert`, payload, qos: 1, messageId: 5, dup: false, retain: false })
  first.destroy()

  const second = await rawConnect(t, f, { clientId: d.id, username: d.id, password: d.secret, clean: false })
  await second.publish(`dev/${d.id}/alert`, payload, { qos: 1, messageId: 5, dup: true })
  t.pass('PUBACK for the redelivery')
  // One ack answers the redelivery; the first press's ack, if that press got through, may be
  // (re)delivered on the resumed session as well. Whatever arrives names the same incident.
  const ack = decode('AlertAck', (await second.nextPublish(`dev/${d.id}/ack`)).payload as Buffer, 'protobuf')
  t.match(ack, { alertId: 'lost-1', status: /^(ACCEPTED|DUPLICATE)$/, incidentNumber: INCIDENT_NUMBER })

  const db = sql(t, f)
  const alerts = await db.query('SELECT i.number FROM alerts a JOIN incidents i ON i.id = a.incident_id WHERE a.device_id = $1', [d.id])
  t.same(alerts.rows, [{ number: ack.incidentNumber }], 'exactly one alert row, in the incident the ack names')
  t.equal((await listIncidents(f)).length, 1, 'exactly one incident')
  for (const p of second.takePublishes(`dev/${d.id}/ack`)) {
    t.equal(decode('AlertAck', p.payload as Buffer, 'protobuf').incidentNumber, ack.incidentNumber, 'any further ack names the same incident')
  }
})

t.test('a second press (new alert id, same kind) joins the open incident', async (t) => {
  const f = await startTestFlare(t)
  const r = await f.responder({ roles: ['security'], ...HERE })
  const p = await phone(f)
  const first = await p.press({ alertId: 'press-1' })
  t.match(first, { status: 'ACCEPTED', incidentNumber: INCIDENT_NUMBER })
  t.match(first.message, /opened/)
  const second = await p.press({ alertId: 'press-2' })
  t.match(second, { alertId: 'press-2', status: 'ACCEPTED', incidentNumber: first.incidentNumber }, 'ACCEPTED into the same incident')
  t.match(second.message, /added to incident/)

  const inc = await incidentDetail(f, first.incidentNumber!)
  t.equal(inc.alertCount, 2, 'alertCount 2')
  t.same(inc.alerts.map((a: any) => a.alertId).sort(), ['press-1', 'press-2'], 'both alerts belong to it')
  t.same(inc.timeline.map((e: any) => e.type), ['opened', 'offered', 'alert_joined'], 'timeline: opened, offered, alert_joined')
  t.match(inc.timeline[2], { actor: `device:${p.d.id}`, reason: /press-2/ })
  t.match(inc.offers, [{ responderId: r.id }], 'joining does not offer again')
  t.equal(inc.offers.length, 1)
  t.equal((await listIncidents(f)).length, 1, 'still one incident')

  // Another kind from the same device is another emergency.
  const fire = await p.press({ alertId: 'fire-1', kind: 'FIRE' })
  t.equal(fire.status, 'ACCEPTED')
  t.not(fire.incidentNumber, first.incidentNumber, 'a FIRE press opens its own incident')
})

t.test('after the incident is resolved, a new press opens a new incident', async (t) => {
  const f = await startTestFlare(t)
  const p = await phone(f)
  const first = await p.press({ alertId: 'r-1' })
  t.equal(first.status, 'ACCEPTED')
  const db = sql(t, f)
  // The transition API comes later; resolve it the way it will: state RESOLVED.
  const upd = await db.query("UPDATE incidents SET state = 'RESOLVED', resolved_at = now() WHERE number = $1", [first.incidentNumber])
  t.equal(upd.rowCount, 1)

  const next = await p.press({ alertId: 'r-2' })
  t.match(next, { status: 'ACCEPTED', incidentNumber: INCIDENT_NUMBER })
  t.not(next.incidentNumber, first.incidentNumber, 'a new incident')
  t.match(next.message, /opened/)
  const items = await listIncidents(f)
  t.same(items.map(i => [i.number, i.state, i.alertCount]).sort(), [[first.incidentNumber, 'RESOLVED', 1], [next.incidentNumber, 'NEW', 1]].sort())

  // A repeat of the resolved incident's alert is still recognised as such.
  const replay = await p.press({ alertId: 'r-1' })
  t.match(replay, { status: 'DUPLICATE', incidentNumber: first.incidentNumber }, 'a late replay names the resolved incident')
  const third = await p.press({ alertId: 'r-3' })
  t.match(third, { status: 'ACCEPTED', incidentNumber: next.incidentNumber }, 'further presses join the new open incident')
})

t.test('a press after the correlation window expired opens a new incident', async (t) => {
  const f = await startTestFlare(t)
  const put = await f.api('PUT', '/api/v1/rules', {
    rules: [{
      id: 'panic-short-window',
      match: { kinds: ['PANIC'] },
      category: 'security',
      priority: 1,
      openIncident: true,
      correlation: { key: 'device', windowS: 1 },
      dispatch: { roles: ['security'], radiusM: 5000 }
    }]
  })
  t.equal(put.status, 200, JSON.stringify(put.body))
  const p = await phone(f)
  const first = await p.press({ alertId: 'w-1' })
  t.equal(first.status, 'ACCEPTED')
  const db = sql(t, f)
  t.same((await db.query('SELECT rule_id, correlation_window_s FROM incidents')).rows, [{ rule_id: 'panic-short-window', correlation_window_s: 1 }], 'the rule from PUT /rules classified it')

  // Wait (by the database's clock) until the 1 s window has passed.
  await new Promise(resolve => setTimeout(resolve, 1500))
  await eventually(async () => {
    const { rows } = await db.query("SELECT now() - last_alert_at > interval '1.2 seconds' AS passed FROM incidents WHERE number = $1", [first.incidentNumber])
    return rows[0].passed === true ? true : undefined
  }, 'the correlation window to pass')

  const second = await p.press({ alertId: 'w-2' })
  t.match(second, { status: 'ACCEPTED', incidentNumber: INCIDENT_NUMBER })
  t.not(second.incidentNumber, first.incidentNumber, 'a new incident')
  const old = await incidentDetail(f, first.incidentNumber!)
  t.match(old, { state: 'NEW', alertCount: 1 }, 'the expired incident stays open, with its one alert')
  t.same((await db.query('SELECT number, correlation_key FROM incidents ORDER BY opened_at')).rows, [
    { number: first.incidentNumber, correlation_key: null },
    { number: second.incidentNumber, correlation_key: `device:${p.d.id}:PANIC` }
  ], 'only the new incident collects repeats now')
})
