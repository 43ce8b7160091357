import t from 'tap'
import { startTestFlare, connackCode } from '../helpers/flare.js'
import { closed, eventually, metric, rawConnack, sendTelemetry } from './support.js'

t.test('a provisioned device connects over TCP and WebSocket; a responder connects', async (t) => {
  const f = await startTestFlare(t)
  const d = await f.device({ kind: 'button' })
  const r = await f.responder()
  t.equal(await metric(f, 'flare_mqtt_connected_clients', { kind: 'device' }), 0, 'no device connected yet')

  const tcp = await f.connect({ clientId: d.id, username: d.id, password: d.secret })
  t.equal(tcp.connected, true, 'device over TCP')
  await eventually(() => metric(f, 'flare_mqtt_connected_clients', { kind: 'device' }), v => v === 1)
  t.pass('flare_mqtt_connected_clients{kind="device"} reaches 1')
  await sendTelemetry(tcp, d.id)
  t.pass('the TCP session publishes (PUBACK received)')

  const d2 = await f.device({ kind: 'wearable' })
  const ws = await f.connect({ url: f.wsUrl, clientId: d2.id, username: d2.id, password: d2.secret })
  t.equal(ws.connected, true, 'device over WebSocket at /mqtt')
  await sendTelemetry(ws, d2.id)
  t.pass('the WebSocket session publishes (PUBACK received)')
  await eventually(() => metric(f, 'flare_mqtt_connected_clients', { kind: 'device' }), v => v === 2)
  t.pass('flare_mqtt_connected_clients{kind="device"} reaches 2')

  const rc = await f.connect({ clientId: r.id, username: r.id, password: r.secret })
  t.equal(rc.connected, true, 'responder over TCP')
  await eventually(() => metric(f, 'flare_mqtt_connected_clients', { kind: 'responder' }), v => v === 1)
  t.pass('flare_mqtt_connected_clients{kind="responder"} reaches 1')

  await tcp.endAsync()
  await eventually(() => metric(f, 'flare_mqtt_connected_clients', { kind: 'device' }), v => v === 1)
  t.pass('a clean disconnect brings the device gauge back down')
})

t.test('refused CONNECTs get the 3.1.1 return code and are counted by reason', async (t) => {
  const f = await startTestFlare(t)
  const d = await f.device()
  const failures = (reason: string): Promise<number> => metric(f, 'flare_mqtt_auth_failures_total', { reason })

  t.equal(await connackCode(f.mqttUrl, { clientId: d.id, username: d.id, password: 'wrong' }), 4, 'wrong secret → 4')
  t.equal(await connackCode(f.wsUrl, { clientId: d.id, username: d.id, password: 'wrong' }), 4, 'wrong secret over WebSocket → 4')
  t.equal(await failures('bad_secret'), 2, 'bad_secret counted twice')

  t.equal(await connackCode(f.mqttUrl, { clientId: 'other', username: d.id, password: d.secret }), 5, 'username ≠ client id → 5')
  t.equal(await failures('client_id_mismatch'), 1, 'client_id_mismatch counted')

  t.equal(await connackCode(f.mqttUrl, { clientId: 'nobody', username: 'nobody', password: 'whatever' }), 4, 'unknown principal → 4')
  t.equal(await failures('unknown'), 1, 'unknown counted')

  t.equal(await connackCode(f.mqttUrl, { clientId: 'anon-1' }), 5, 'anonymous refused by default → 5')
  t.equal(await failures('anonymous'), 1, 'anonymous counted')

  t.equal(await connackCode(f.mqttUrl, { clientId: d.id, username: d.id }), 4, 'username without password → 4')
  t.equal(await failures('incomplete_credentials'), 1, 'incomplete_credentials counted')

  t.equal(await rawConnack(f.app.ports.mqtt, { clientId: '', clean: false }), 2, 'empty client id with clean=0 → 2')
  t.equal(await failures('empty_client_id_persistent'), 1, 'empty_client_id_persistent counted')

  t.equal(await metric(f, 'flare_mqtt_auth_failures_total'), 7, 'seven refusals in all')
  t.equal(await metric(f, 'flare_mqtt_connected_clients'), 0, 'none of them counts as connected')
})

t.test('a refused CONNECT with a live device\'s client id leaves the live session alone', async (t) => {
  const f = await startTestFlare(t)
  const d = await f.device()
  const live = await f.connect({ clientId: d.id, username: d.id, password: d.secret })
  let dropped = false
  live.on('close', () => { dropped = true })
  t.equal(await connackCode(f.mqttUrl, { clientId: d.id, username: d.id, password: 'wrong' }), 4, 'impostor refused')
  await sendTelemetry(live, d.id)
  t.equal(dropped, false, 'the live session was not taken over')
  t.equal(f.app.broker.isClientConnected(d.id), true, 'the broker still holds it')
})

t.test('revoking a device drops its live session and refuses it afterwards', async (t) => {
  const f = await startTestFlare(t)
  const d = await f.device()
  const other = await f.device()
  const client = await f.connect({ clientId: d.id, username: d.id, password: d.secret })
  const bystander = await f.connect({ clientId: other.id, username: other.id, password: other.secret })
  const gone = closed(client)
  const res = await f.api('DELETE', `/api/v1/devices/${d.id}`)
  t.equal(res.status, 204, 'DELETE → 204')
  await gone
  t.pass('the live TCP session was closed by the broker')
  t.equal(await connackCode(f.mqttUrl, { clientId: d.id, username: d.id, password: d.secret }), 5, 'revoked device → 5')
  t.equal(await metric(f, 'flare_mqtt_auth_failures_total', { reason: 'revoked' }), 1, 'revoked counted')
  await sendTelemetry(bystander, other.id)
  t.pass('another device is unaffected')
  t.equal((await f.api('DELETE', `/api/v1/devices/${d.id}`)).status, 404, 'revoking twice → 404')
})

t.test('revoking a responder drops its live session and refuses it afterwards', async (t) => {
  const f = await startTestFlare(t)
  const r = await f.responder()
  const client = await f.connect({ url: f.wsUrl, clientId: r.id, username: r.id, password: r.secret })
  const gone = closed(client)
  const res = await f.api('DELETE', `/api/v1/responders/${r.id}`)
  t.equal(res.status, 204, 'DELETE → 204')
  await gone
  t.pass('the live WebSocket session was closed by the broker')
  t.equal(await connackCode(f.mqttUrl, { clientId: r.id, username: r.id, password: r.secret }), 5, 'revoked responder → 5')
})

t.test('development mode: anonymous allowed, empty persistent client id still refused', async (t) => {
  const f = await startTestFlare(t, { MQTT_ALLOW_ANONYMOUS: 'true' })
  t.equal(await connackCode(f.mqttUrl, { clientId: 'anon-1' }), 0, 'anonymous → 0')
  t.equal(await connackCode(f.wsUrl, { clientId: 'anon-ws' }), 0, 'anonymous over WebSocket → 0')
  t.equal(await rawConnack(f.app.ports.mqtt, { clientId: '', clean: true }), 0, 'empty client id with clean=1 → 0')
  t.equal(await rawConnack(f.app.ports.mqtt, { clientId: '', clean: false }), 2, 'empty client id with clean=0 → 2')
  const d = await f.device()
  t.equal(await connackCode(f.mqttUrl, { clientId: d.id, username: d.id, password: 'wrong' }), 4, 'credentials, when given, are still checked')
  const live = await f.connect({ clientId: d.id, username: d.id, password: d.secret })
  let dropped = false
  live.on('close', () => { dropped = true })
  t.equal(await connackCode(f.mqttUrl, { clientId: d.id }), 5, 'anonymous with a device\'s client id → 5')
  t.equal(await connackCode(f.mqttUrl, { clientId: 'nobody', username: 'nobody', password: 'x' }), 4, 'unknown principal with credentials → 4')
  t.equal(await metric(f, 'flare_mqtt_auth_failures_total', { reason: 'anonymous_principal_id' }), 1, 'anonymous_principal_id counted')
  await sendTelemetry(live, d.id)
  t.equal(dropped, false, 'the device\'s session was not taken over')
  const anon = await f.connect({ clientId: 'anon-2' })
  t.equal(anon.connected, true)
  await eventually(() => metric(f, 'flare_mqtt_connected_clients', { kind: 'anonymous' }), v => v === 1)
  t.pass('flare_mqtt_connected_clients{kind="anonymous"} reaches 1')
})
