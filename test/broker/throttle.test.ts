// Self-protection: a device flooding publishes is held back on its own socket, a subscriber that
// stops reading is cut off, and everyone else's alerts are still dispatched.
import t from 'tap'
import { connect as tcpConnect } from 'node:net'
import mqttPacket from 'mqtt-packet'
import { pino } from 'pino'
import { Registry } from 'prom-client'
import { InflowLimiter } from '../../broker/throttle.js'
import { makeAuthorizers } from '../../broker/authorize.js'
import { BrokerMetrics } from '../../broker/metrics.js'
import { startTestFlare } from '../helpers/flare.js'
import { collect, subscribe } from '../helpers/mqtt.js'

t.test('the token bucket lets a burst through, then spaces messages at the rate', async (t) => {
  const limiter = new InflowLimiter(10, 3)
  const client = {} as any
  t.same([0, 0, 0].map(() => limiter.delayFor(client)), [0, 0, 0], 'the burst passes')
  const wait = limiter.delayFor(client)
  t.ok(wait > 50 && wait <= 100, `the next waits about 1/rate (${wait.toFixed(1)} ms)`)
  t.equal(new InflowLimiter(0, 0).delayFor(client), 0, 'rate 0: no limit')
})

t.test('gateway handlers run at most 4 at a time per client; other clients are not held up', async (t) => {
  let active = 0
  let most = 0
  const release: Array<() => void> = []
  const { authorizePublish } = makeAuthorizers({
    routes: {
      'dev/+/telemetry': async () => {
        active++
        most = Math.max(most, active)
        await new Promise<void>(resolve => release.push(resolve))
        active--
      }
    },
    metrics: new BrokerMetrics(new Registry()),
    log: pino({ level: 'silent' })
  })
  const device = (id: string): any => ({ id, flare: { kind: 'device', id, deviceKind: 'button', codec: 'protobuf' } })
  const a = device('a')
  const b = device('b')
  const done: string[] = []
  const publish = (c: any, n: number): void => authorizePublish(c, { topic: `dev/${c.id as string}/telemetry`, payload: Buffer.alloc(0) } as any, () => done.push(`${c.id as string}${n}`))
  for (let i = 0; i < 10; i++) publish(a, i)
  t.equal(active, 4, 'a burst of 10 from one client: 4 handlers run, 6 wait')
  publish(b, 0)
  t.equal(active, 5, 'another client\'s publish is handled at once')
  while (release.length > 0) { release.shift()!(); await new Promise(resolve => setImmediate(resolve)) }
  t.equal(most, 5)
  t.equal(done.length, 11, 'every publish is handled in the end')
  t.same(done.filter(d => d.startsWith('a')), Array.from({ length: 10 }, (_, i) => `a${i}`), 'in order')
})

t.test('a QoS 0 flood and a frozen subscriber do not stop another device\'s alert', async (t) => {
  const f = await startTestFlare(t, { MQTT_CLIENT_MSGS_PER_SEC: '200', MQTT_DRAIN_TIMEOUT_MS: '500' })
  const r = await f.responder({ roles: ['security'], lat: 40.4168, lon: -3.7038 })
  const resp = await f.connect({ clientId: r.id, username: r.id, password: r.secret })
  const offers = collect(resp, `dispatch/${r.id}`)
  await subscribe(resp, `dispatch/${r.id}`)

  // The flooder: 20,000 QoS 0 publishes written as fast as the socket takes them.
  const flooder = await f.device({ kind: 'phone' })
  const sock = tcpConnect(f.app.ports.mqtt, '127.0.0.1')
  t.teardown(() => sock.destroy())
  sock.on('error', () => {})
  const connack = new Promise(resolve => sock.once('data', resolve))
  sock.write(mqttPacket.generate({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clean: true, clientId: flooder.id, username: flooder.id, password: Buffer.from(flooder.secret), keepalive: 60 }))
  await connack // (before CONNACK Aedes queues at most 42 packets and drops a client that sends more)
  const junk = mqttPacket.generate({ cmd: 'publish', topic: `lobby/${flooder.id}`, payload: Buffer.alloc(64), qos: 0, dup: false, retain: false })
  for (let i = 0; i < 20_000; i++) sock.write(junk)

  // The frozen subscriber: subscribes to its ack topic and never reads again.
  const frozen = await f.device({ kind: 'phone' })
  const frozenSock = tcpConnect(f.app.ports.mqtt, '127.0.0.1')
  t.teardown(() => frozenSock.destroy())
  frozenSock.on('error', () => {})
  frozenSock.write(mqttPacket.generate({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clean: true, clientId: frozen.id, username: frozen.id, password: Buffer.from(frozen.secret), keepalive: 60 }))
  frozenSock.write(mqttPacket.generate({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: `dev/${frozen.id}/ack`, qos: 0 }] }))
  for (let i = 0; i < 100 && !f.app.broker.isClientConnected(frozen.id); i++) await new Promise(resolve => setTimeout(resolve, 50))
  await new Promise(resolve => setTimeout(resolve, 200))
  frozenSock.pause()
  const big = Buffer.alloc(64 * 1024, 1)
  for (let i = 0; i < 400; i++) void f.app.broker.publish(`dev/${frozen.id}/ack`, big, { qos: 0 }).catch(() => {})

  // Meanwhile an ordinary device presses.
  const d = await f.device({ kind: 'phone' })
  const dev = await f.connect({ clientId: d.id, username: d.id, password: d.secret })
  const acks = collect(dev, `dev/${d.id}/ack`)
  await subscribe(dev, `dev/${d.id}/ack`)
  await dev.publishAsync(`dev/${d.id}/alert`, JSON.stringify({ alertId: 'during-flood', kind: 'PANIC', location: { lat: 40.4168, lon: -3.7038 } }), { qos: 1 })
  t.equal(JSON.parse((await acks.next(30_000)).toString()).status, 'ACCEPTED', 'the alert is accepted during the flood')
  t.ok(JSON.parse((await offers.next(30_000)).toString()).offer, 'and its offer dispatched')

  // (A paused socket never sees its own end, so ask the broker.)
  for (let i = 0; i < 300 && f.app.broker.isClientConnected(frozen.id); i++) await new Promise(resolve => setTimeout(resolve, 100))
  t.notOk(f.app.broker.isClientConnected(frozen.id), 'the subscriber that stopped reading was disconnected')
  const metrics = await (await fetch(`${f.httpUrl}/metrics`)).text()
  const throttled = Number(/^flare_mqtt_throttled_total\{[^}]*\} (\d+)/m.exec(metrics)?.[1] ?? 0)
  t.ok(throttled > 0, `the flooder was held back (${throttled} publishes)`)
  t.equal((await fetch(`${f.httpUrl}/readyz`)).status, 200, 'Flare is ready')
})
