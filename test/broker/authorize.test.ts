import t from 'tap'
import type { MqttClient } from 'mqtt'
import { startTestFlare, type TestFlare } from '../helpers/flare.js'
import { closed, metric, nextMessage, publishAcked, sendTelemetry, subscribeGranted } from './support.js'

const REFUSED = 128

/**
 * Everything `client` receives up to and including the first message whose payload is `marker`.
 * A dropped message published before the marker (on a path that keeps order) would show up here.
 */
function messagesUntil (client: MqttClient, marker: string): Promise<string[]> {
  const seen: string[] = []
  return new Promise((resolve) => {
    const on = (topic: string, payload: Buffer): void => {
      seen.push(`${topic} ${payload.toString()}`)
      if (payload.toString() !== marker) return
      client.off('message', on)
      resolve(seen)
    }
    client.on('message', on)
  })
}

async function connectDevice (f: TestFlare): Promise<{ id: string, client: MqttClient }> {
  const d = await f.device()
  return { id: d.id, client: await f.connect({ clientId: d.id, username: d.id, password: d.secret }) }
}

const publishDenials = (f: TestFlare): Promise<number> => metric(f, 'flare_mqtt_acl_denials_total', { action: 'publish' })
const subscribeDenials = (f: TestFlare): Promise<number> => metric(f, 'flare_mqtt_acl_denials_total', { action: 'subscribe' })

t.test('a device publishing on another device\'s topics is dropped, counted, and keeps its session', async (t) => {
  const f = await startTestFlare(t)
  const a = await connectDevice(f)
  const b = await connectDevice(f)
  t.equal(await subscribeGranted(b.client, `dev/${b.id}/ack`), 1, 'B subscribes its own ack')
  const received = messagesUntil(b.client, 'genuine')

  await publishAcked(a.client, `dev/${b.id}/alert`, 'forged alert')
  t.equal(await publishDenials(f), 1, 'dev/B/alert from A: one publish denial')
  await publishAcked(a.client, `dev/${b.id}/ack`, 'forged ack')
  t.equal(await publishDenials(f), 2, 'dev/B/ack from A: two publish denials')
  t.equal(await metric(f, 'flare_mqtt_acl_denials_total', { action: 'publish', kind: 'device' }), 2, 'labelled kind="device"')

  await f.app.broker.publish(`dev/${b.id}/ack`, 'genuine')
  t.same(await received, [`dev/${b.id}/ack genuine`], 'B got the gateway\'s ack and never the forged one')

  t.equal(a.client.connected, true, 'A is still connected')
  await sendTelemetry(a.client, a.id)
  t.equal(await publishDenials(f), 2, 'A\'s own topics are not denied')
})

t.test('a device subscribes only its own ack', async (t) => {
  const f = await startTestFlare(t)
  const a = await connectDevice(f)
  const b = await connectDevice(f)
  t.equal(await subscribeGranted(a.client, 'dispatch/#'), REFUSED, 'dispatch/# → 128')
  t.equal(await subscribeGranted(a.client, `dev/${b.id}/ack`), REFUSED, 'dev/B/ack → 128')
  t.equal(await subscribeGranted(a.client, 'dev/+/ack'), REFUSED, 'dev/+/ack → 128')
  t.equal(await subscribeGranted(a.client, 'dev/+/alert'), REFUSED, 'dev/+/alert → 128')
  t.equal(await subscribeGranted(a.client, '#'), REFUSED, '# → 128')
  t.equal(await subscribeGranted(a.client, '$SYS/#'), REFUSED, '$SYS/# → 128')
  t.equal(await subscribeDenials(f), 6, 'six subscribe denials counted')
  t.equal(await subscribeGranted(a.client, `dev/${a.id}/ack`, 1), 1, 'dev/A/ack → granted QoS 1')
  t.equal(await subscribeGranted(a.client, `dev/${a.id}/ack`, 0), 0, 'dev/A/ack → granted QoS 0')
  t.equal(await subscribeDenials(f), 6, 'granted subscriptions are not counted')

  const got = nextMessage(a.client, `dev/${a.id}/ack`)
  await f.app.broker.publish(`dev/${a.id}/ack`, 'accepted')
  t.equal(await got, 'accepted', 'A receives its ack')
  t.equal(a.client.connected, true, 'refusals did not disconnect A')
})

t.test('a responder subscribes only dispatch/<own id>; supervisors their zones\' escalations', async (t) => {
  const f = await startTestFlare(t)
  const r = await f.responder({ roles: ['medic'], zones: ['north'] })
  const other = await f.responder()
  const sup = await f.responder({ roles: ['supervisor'], zones: ['north'] })
  const rc = await f.connect({ clientId: r.id, username: r.id, password: r.secret })
  t.equal(await subscribeGranted(rc, `dispatch/${other.id}`), REFUSED, 'dispatch/other → 128')
  t.equal(await subscribeGranted(rc, 'dispatch/+'), REFUSED, 'dispatch/+ → 128')
  t.equal(await subscribeGranted(rc, 'dispatch/#'), REFUSED, 'dispatch/# → 128')
  t.equal(await subscribeGranted(rc, 'zone/north/escalations'), REFUSED, 'zone escalations without supervisor role → 128')
  t.equal(await subscribeGranted(rc, '$SYS/#'), REFUSED, '$SYS/# → 128')
  t.equal(await subscribeGranted(rc, `dispatch/${r.id}`), 1, 'dispatch/<own id> → 1')
  t.equal(await metric(f, 'flare_mqtt_acl_denials_total', { action: 'subscribe', kind: 'responder' }), 5, 'five responder subscribe denials')

  const offer = nextMessage(rc, `dispatch/${r.id}`)
  await f.app.broker.publish(`dispatch/${r.id}`, 'offer-1')
  t.equal(await offer, 'offer-1', 'the responder receives its offer')

  await publishAcked(rc, `resp/${r.id}/reply`, '{}')
  t.equal(await publishDenials(f), 0, 'resp/<own id>/reply is allowed')
  await publishAcked(rc, `dispatch/${other.id}`, 'fake offer')
  t.equal(await publishDenials(f), 1, 'publishing an offer is denied')

  const sc = await f.connect({ clientId: sup.id, username: sup.id, password: sup.secret })
  t.equal(await subscribeGranted(sc, 'zone/north/escalations'), 1, 'supervisor: own zone → 1')
  t.equal(await subscribeGranted(sc, 'zone/south/escalations'), REFUSED, 'supervisor: other zone → 128')
  t.equal(await subscribeGranted(sc, 'zone/+/escalations'), REFUSED, 'supervisor: zone/+ → 128')
})

t.test('$SYS: subscriptions refused, publishes dropped without disconnect', async (t) => {
  const f = await startTestFlare(t)
  const a = await connectDevice(f)
  t.equal(await subscribeGranted(a.client, '$SYS/#'), REFUSED, '$SYS/# → 128')

  // A broker-side subscriber on $SYS/x sees what reaches the topic, in order.
  const seen: string[] = []
  let markerSeen: () => void = () => {}
  const marker = new Promise<void>((resolve) => { markerSeen = resolve })
  const deliver = (packet: { payload: Buffer }, cb: () => void): void => {
    seen.push(packet.payload.toString())
    if (packet.payload.toString() === 'marker') markerSeen()
    cb()
  }
  const aedes = f.app.broker.aedes as any
  await new Promise<void>((resolve) => aedes.subscribe('$SYS/x', deliver, resolve))
  t.teardown(() => new Promise<void>((resolve) => aedes.unsubscribe('$SYS/x', deliver, resolve)))

  await publishAcked(a.client, '$SYS/x', 'from a device')
  t.equal(await publishDenials(f), 1, 'the $SYS publish is counted as denied')
  await f.app.broker.publish('$SYS/x', 'marker', { qos: 0 })
  await marker
  t.same(seen, ['marker'], 'the device\'s $SYS publish never reached $SYS/x')
  t.equal(a.client.connected, true, 'still connected')
  await sendTelemetry(a.client, a.id)
  t.pass('and still publishing')
})

t.test('a client cannot drive the broker\'s internal $flare/ signalling', async (t) => {
  const f = await startTestFlare(t, { MQTT_ALLOW_ANONYMOUS: 'true' })
  const victim = await connectDevice(f)
  const bystander = await connectDevice(f)
  const anon = await f.connect({ clientId: 'anon-revoker' })
  t.equal(await subscribeGranted(anon, '$flare/#'), REFUSED, '$flare/# → 128')
  await publishAcked(anon, '$flare/revoke', victim.id)
  await publishAcked(victim.client, '$flare/revoke', bystander.id)
  t.equal(await publishDenials(f), 2, 'both forged revocations denied')
  // A genuine revocation travels the same emitter after them; once it has taken effect, so would theirs.
  const gone = closed(bystander.client)
  await f.app.broker.revoke(bystander.id)
  await gone
  t.equal(f.app.broker.isClientConnected(victim.id), true, 'the victim is still connected')
  t.equal(victim.client.connected, true)
  await sendTelemetry(victim.client, victim.id)
  t.pass('and still publishing')
})

t.test('development mode: anonymous clients use free topics only', async (t) => {
  const f = await startTestFlare(t, { MQTT_ALLOW_ANONYMOUS: 'true' })
  const sub = await f.connect({ clientId: 'anon-sub' })
  const pub = await f.connect({ clientId: 'anon-pub' })
  const wild = await f.connect({ clientId: 'anon-wild' })

  t.equal(await subscribeGranted(sub, 'demo/x'), 1, 'demo/x → 1')
  const got = nextMessage(sub, 'demo/x')
  await publishAcked(pub, 'demo/x', 'hello')
  t.equal(await got, 'hello', 'anonymous pub → anonymous sub on demo/x')

  for (const filter of ['dev/#', 'dev/+/ack', 'dispatch/+', 'notify/#', 'zone/#', 'resp/#', '$SYS/#']) {
    t.equal(await subscribeGranted(sub, filter), REFUSED, `${filter} → 128`)
  }
  t.equal(await metric(f, 'flare_mqtt_acl_denials_total', { action: 'subscribe', kind: 'anonymous' }), 7, 'seven anonymous subscribe denials')

  t.equal(await subscribeGranted(wild, '#'), 1, '# is granted')
  const received = messagesUntil(wild, 'free')
  const d = await f.device()
  const dc = await f.connect({ clientId: d.id, username: d.id, password: d.secret })
  t.equal(await subscribeGranted(dc, `dev/${d.id}/ack`), 1)
  const deviceGot = messagesUntil(dc, 'genuine')

  await publishAcked(pub, `dev/${d.id}/ack`, 'forged by anonymous')
  await publishAcked(pub, `dev/${d.id}/alert`, 'forged by anonymous')
  t.equal(await metric(f, 'flare_mqtt_acl_denials_total', { action: 'publish', kind: 'anonymous' }), 2, 'anonymous publishes to dev/... denied')
  await sendTelemetry(dc, d.id)
  await f.app.broker.publish(`dev/${d.id}/ack`, 'genuine')
  await f.app.broker.publish('dispatch/someone', 'offer')
  await f.app.broker.publish('demo/free', 'free')

  t.same(await received, ['demo/free free'], '# received the free topic only: no telemetry, ack, offer or forgeries')
  t.same(await deviceGot, [`dev/${d.id}/ack genuine`], 'the device got the genuine ack only')
  t.equal(sub.connected && pub.connected && wild.connected, true, 'nobody was disconnected')
})
