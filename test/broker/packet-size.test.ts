// Self-protection: an MQTT packet over MQTT_MAX_PACKET_BYTES closes that connection only, is counted,
// and is refused from its fixed header, before its body is read.
import t from 'tap'
import { connect as tcpConnect, type Socket } from 'node:net'
import { startTestFlare } from '../helpers/flare.js'
import { closed, metric, publishAcked, sendTelemetry } from './support.js'

/** Resolves when the socket is closed, with the bytes written before that. */
function whenClosed (sock: Socket): Promise<void> {
  return new Promise((resolve) => { sock.once('close', () => resolve()) })
}

t.test('a packet over the limit closes only its connection; everyone else carries on', async (t) => {
  const f = await startTestFlare(t) // default limit: 256 KiB
  const d = await f.device()
  const bystander = await f.connect({ clientId: d.id, username: d.id, password: d.secret })
  const big = await f.device()
  const sender = await f.connect({ clientId: big.id, username: big.id, password: big.secret })

  const gone = closed(sender)
  sender.publish(`dev/${big.id}/telemetry`, Buffer.alloc(300 * 1024, 7), { qos: 0 })
  await gone
  t.pass('the 300 KiB publish closed the sender\'s connection')
  t.equal(await metric(f, 'flare_mqtt_packet_too_large_total', { transport: 'tcp' }), 1, 'counted once')

  await sendTelemetry(bystander, d.id)
  t.pass('the other device still gets its PUBACK')
  const again = await f.connect({ clientId: big.id, username: big.id, password: big.secret })
  await publishAcked(again, `dev/${big.id}/telemetry`, Buffer.alloc(200 * 1024, 7)) // not telemetry a device sends, but under the limit
  t.pass('the sender may reconnect, and a packet under the limit passes')
  t.equal((await fetch(`${f.httpUrl}/readyz`)).status, 200, 'Flare is ready')
})

t.test('a header declaring 200 MB is refused at once, without waiting for the body', async (t) => {
  const f = await startTestFlare(t, { MAX_ALERT_BYTES: '1024', MQTT_MAX_PACKET_BYTES: '4096' })
  const sock = tcpConnect(f.app.ports.mqtt, '127.0.0.1')
  sock.on('error', () => {})
  t.teardown(() => sock.destroy())
  const end = whenClosed(sock)
  // Before CONNECT even: a PUBLISH fixed header, remaining length 200,000,000 (varint 80 84 af 5f), a few bytes of it.
  sock.write(Buffer.from([0x30, 0x80, 0x84, 0xaf, 0x5f, 0x00, 0x03, 0x61, 0x2f, 0x62]))
  await end
  t.pass('the connection was closed with the body never sent')
  t.equal(await metric(f, 'flare_mqtt_packet_too_large_total', { transport: 'tcp' }), 1, 'and counted')
  t.equal((await fetch(`${f.httpUrl}/healthz`)).status, 200, 'the process is fine')
})

t.test('over WebSocket the same limit applies (ws refuses the frame), counted as ws', async (t) => {
  const f = await startTestFlare(t, { MAX_ALERT_BYTES: '1024', MQTT_MAX_PACKET_BYTES: '4096' })
  const d = await f.device()
  const ws = await f.connect({ url: f.wsUrl, clientId: d.id, username: d.id, password: d.secret })
  const gone = closed(ws)
  ws.publish(`dev/${d.id}/telemetry`, Buffer.alloc(8192, 7), { qos: 0 })
  await gone
  t.pass('the connection was closed')
  t.equal(await metric(f, 'flare_mqtt_packet_too_large_total', { transport: 'ws' }), 1, 'counted')
  const again = await f.connect({ url: f.wsUrl, clientId: d.id, username: d.id, password: d.secret })
  await sendTelemetry(again, d.id)
  t.pass('a reconnect works')
})
