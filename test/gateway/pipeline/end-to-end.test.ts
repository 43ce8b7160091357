/**
 * The alert pipeline end to end, with real clients only: a press goes in over MQTT, one incident is
 * committed, the device gets its AlertAck on dev/{id}/ack and the nearest responder a DispatchOffer
 * on dispatch/{id}, each in its registered codec.
 */
import t, { type Test } from 'tap'
import { startTestFlare, type TestFlare } from '../../helpers/flare.js'
import { collect, subscribe } from '../../helpers/mqtt.js'
import { decode, encode } from '../../../gateway/codec/wire.js'
import { eventually, listIncidents, mosqAs, mosqAt, run, sql } from './support.js'

const HERE = { lat: -33.9249, lon: 18.4241 }
const NEAR = { lat: -33.9300, lon: 18.4300 } // ~800 m away
const INCIDENT_NUMBER = /^INC-\d{8}-\d{4}$/

/** A responder of role security near HERE, listening on dispatch/{id} with mosquitto_sub. */
async function mosquittoResponder (tt: Test, f: TestFlare) {
  const r = await f.responder({ name: 'Guard Mosquitto', roles: ['security'], ...NEAR })
  const sub = run(tt, 'mosquitto_sub', [...mosqAt(f), ...mosqAs(r.id, r.secret), '-t', `dispatch/${r.id}`, '-q', '1', '-C', '1', '-d'])
  tt.equal(await sub.line(/^Subscribed \(mid: \d+\): /), 'Subscribed (mid: 1): 1', 'responder subscribed with mosquitto_sub at QoS 1')
  return { r, sub }
}

/** The one incident the device's alerts made, checked through the REST API and the database. */
async function exactlyOneIncident (tt: Test, f: TestFlare, deviceId: string, alertId: string): Promise<any> {
  const items = await listIncidents(f, `&device=${deviceId}`)
  tt.equal(items.length, 1, 'GET /api/v1/incidents lists exactly one incident for the device')
  const inc = items[0]
  tt.match(inc, { state: 'NEW', kind: 'PANIC', category: 'security', priority: 1, ruleId: 'panic', deviceId, alertCount: 1 }, 'classified by the built-in panic rule')
  tt.match(inc.number, INCIDENT_NUMBER)

  const db = sql(tt, f)
  const incidents = await db.query('SELECT id, number, correlation_key FROM incidents')
  tt.same(incidents.rows.map(r => r.number), [inc.number], 'exactly one incident row in the database')
  tt.equal(incidents.rows[0].correlation_key, `device:${deviceId}:PANIC`, 'correlated by device')
  const alerts = await db.query('SELECT alert_id, incident_id, kind FROM alerts WHERE device_id = $1', [deviceId])
  tt.same(alerts.rows, [{ alert_id: alertId, incident_id: inc.id, kind: 'PANIC' }], 'one alert row, linked to the incident')
  return inc
}

/** Offer rows, the timeline and the outbox after the offer was published. */
async function offeredOnce (tt: Test, f: TestFlare, inc: any, responderId: string, offer: any): Promise<void> {
  const detail = await f.api('GET', `/api/v1/incidents/${inc.number}`)
  tt.equal(detail.status, 200)
  tt.match(detail.body.offers, [{ id: offer.offerId, responderId, state: 'pending' }], 'one pending offer row, the one published')
  tt.equal(detail.body.offers.length, 1)
  tt.same(detail.body.timeline.map((e: any) => e.type), ['opened', 'offered'], 'timeline: opened, offered')
  const db = sql(tt, f)
  await eventually(async () => {
    const { rows } = await db.query('SELECT count(*)::int AS n FROM outbox')
    return rows[0].n === 0 ? true : undefined
  }, 'the published offer to leave the outbox')
  tt.pass('the outbox is empty once the offer was published')
}

t.test('JSON panic from mosquitto_pub -q 1: one incident, an offer to the responder, the ack on the device session', async (t) => {
  const f = await startTestFlare(t)
  const d = await f.device({ kind: 'phone', codec: 'json' })
  const { r, sub } = await mosquittoResponder(t, f)

  // The client id is the principal, so the device has one connection at a time. Its ack subscription
  // lives in a persistent session (made with mqtt.js), which mosquitto_pub -c resumes: the gateway's
  // AlertAck then arrives on the very connection that published the alert, before its PUBACK.
  const setup = await f.connect({ clientId: d.id, username: d.id, password: d.secret, clean: false })
  t.equal(await subscribe(setup, `dev/${d.id}/ack`), 1)
  await setup.endAsync()

  const alert = { alertId: 'mosq-1', kind: 'PANIC', triggeredAtMs: Date.now(), location: { ...HERE, accuracyM: 8, source: 'GPS' }, batteryPct: 77 }
  const pub = await run(t, 'mosquitto_pub', [...mosqAt(f), ...mosqAs(d.id, d.secret), '-c', '-t', `dev/${d.id}/alert`, '-q', '1', '-d', '-m', JSON.stringify(alert)]).exit
  t.equal(pub.code, 0, `mosquitto_pub exits 0 ${pub.stderr}`)
  t.match(pub.stdout, /received PUBACK \(Mid: \d+/, 'PUBACK received: the alert is committed')
  // The ack goes out after the commit; it reaches mosquitto_pub if it is still connected, else it waits
  // in the session, which the device's next connection resumes. Either way the device gets it.
  const deliveredToPub = new RegExp(`received PUBLISH \\(d0, q1, r0, m\\d+, 'dev/${d.id}/ack', \\.\\.\\. \\(\\d+ bytes\\)\\)`).test(pub.stdout)
  const resumed = await f.connect({ clientId: d.id, username: d.id, password: d.secret, clean: false })
  const acks = collect(resumed, `dev/${d.id}/ack`)
  if (deliveredToPub) {
    t.pass('the AlertAck was delivered on the connection that published the alert (mosquitto_pub -d)')
  } else {
    const ack = decode('AlertAck', await acks.next(), 'json')
    t.match(ack, { alertId: 'mosq-1', status: 'ACCEPTED', incidentNumber: INCIDENT_NUMBER }, 'the AlertAck waited in the device session')
  }

  const inc = await exactlyOneIncident(t, f, d.id, 'mosq-1')
  const offerLine = await sub.line(/^\{/)
  const msg = decode('DispatchMessage', Buffer.from(offerLine), 'json')
  t.match(msg.offer, {
    incidentId: inc.id,
    incidentNumber: inc.number,
    kind: 'PANIC',
    category: 'security',
    priority: 1,
    deviceId: d.id,
    location: { lat: HERE.lat, lon: HERE.lon },
    attempt: 1
  }, 'mosquitto_sub printed the DispatchOffer (JSON, the responder\'s codec)')
  t.ok((msg.offer?.expiresAtMs ?? 0) > Date.now(), 'the offer expires in the future')
  t.equal((await sub.exit).code, 0, 'mosquitto_sub exits after its one message')
  await offeredOnce(t, f, inc, r.id, msg.offer)
})

t.test('JSON panic from mosquitto_rr: the AlertAck names the incident', async (t) => {
  const f = await startTestFlare(t)
  const d = await f.device({ kind: 'phone' })
  const { r, sub } = await mosquittoResponder(t, f)
  // mosquitto_rr subscribes to the response topic, publishes the request and prints the one answer:
  // one connection, so one principal, doing both.
  const rr = run(t, 'mosquitto_rr', [...mosqAt(f), ...mosqAs(d.id, d.secret), '-t', `dev/${d.id}/alert`, '-e', `dev/${d.id}/ack`, '-q', '1',
    '-m', JSON.stringify({ alertId: 'rr-1', kind: 'PANIC', location: HERE })])
  const res = await rr.exit
  t.equal(res.code, 0, `mosquitto_rr exits 0 ${res.stderr}`)
  const ack = decode('AlertAck', Buffer.from(res.stdout.trim()), 'json')
  t.match(ack, { alertId: 'rr-1', status: 'ACCEPTED', incidentNumber: INCIDENT_NUMBER }, 'ACCEPTED with the incident number')
  t.equal(ack.reasonCode, undefined, 'no reason code on an accepted alert')

  const inc = await exactlyOneIncident(t, f, d.id, 'rr-1')
  t.equal(ack.incidentNumber, inc.number, 'the ack carries the number of the incident that was opened')
  const msg = decode('DispatchMessage', Buffer.from(await sub.line(/^\{/)), 'json')
  t.equal(msg.offer?.incidentNumber, inc.number, 'the responder got the offer for it')
  await offeredOnce(t, f, inc, r.id, msg.offer)
})

t.test('protobuf panic from an mqtt.js button: protobuf ack to the device, protobuf offer to a protobuf responder', async (t) => {
  const f = await startTestFlare(t)
  const d = await f.device({ kind: 'button' })
  t.equal(d.device.codec, 'protobuf', 'buttons speak protobuf by default')
  const r = await f.responder({ name: 'Guard Proto', roles: ['security'], codec: 'protobuf', ...NEAR })
  // a responder of another role, nearer, must not be offered a security incident
  const medic = await f.responder({ name: 'Medic', roles: ['medic'], ...HERE })

  const dev = await f.connect({ clientId: d.id, username: d.id, password: d.secret })
  const resp = await f.connect({ clientId: r.id, username: r.id, password: r.secret })
  const med = await f.connect({ clientId: medic.id, username: medic.id, password: medic.secret })
  const acks = collect(dev, `dev/${d.id}/ack`)
  const offers = collect(resp, `dispatch/${r.id}`)
  const medOffers = collect(med, `dispatch/${medic.id}`)
  t.equal(await subscribe(dev, `dev/${d.id}/ack`), 1)
  t.equal(await subscribe(resp, `dispatch/${r.id}`), 1)
  t.equal(await subscribe(med, `dispatch/${medic.id}`), 1)

  const triggeredAtMs = Date.now() - 1500
  const payload = encode('Alert', { alertId: 'pb-1', kind: 'PANIC', triggeredAtMs, location: { ...HERE, source: 'FIXED' }, batteryPct: 0, seq: 7 }, 'protobuf')
  await dev.publishAsync(`dev/${d.id}/alert`, payload, { qos: 1 })
  t.pass('PUBACK for the QoS 1 alert')

  const rawAck = await acks.next()
  t.throws(() => JSON.parse(rawAck.toString()), 'the ack is not JSON')
  const ack = decode('AlertAck', rawAck, 'protobuf')
  t.match(ack, { alertId: 'pb-1', status: 'ACCEPTED', incidentNumber: INCIDENT_NUMBER }, 'ACCEPTED, decoded as protobuf')

  const inc = await exactlyOneIncident(t, f, d.id, 'pb-1')
  t.equal(ack.incidentNumber, inc.number)
  t.equal(new Date(inc.firstTriggeredAt).getTime(), triggeredAtMs, 'the device clock is kept as the trigger time')
  const rawOffer = await offers.next()
  const msg = decode('DispatchMessage', rawOffer, 'protobuf')
  t.match(msg.offer, { incidentId: inc.id, incidentNumber: inc.number, kind: 'PANIC', category: 'security', deviceId: d.id, triggeredAtMs, location: HERE }, 'DispatchOffer, decoded as protobuf')
  await offeredOnce(t, f, inc, r.id, msg.offer)

  const db = sql(t, f)
  const { rows } = await db.query('SELECT seq, battery_pct, payload FROM alerts WHERE alert_id = $1', ['pb-1'])
  t.match(rows[0], { seq: '7', battery_pct: 0 }, 'seq and an explicit 0 % battery are stored')
  t.equal(medOffers.messages.length, 0, 'the medic got no offer')
})
