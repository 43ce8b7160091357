// Cluster mode: a message for one client (its ack, offer or notice) is delivered without crossing
// Redis when that client is connected to the publishing node, and through Redis when it is on
// another node or offline with a persistent session. Two Flare nodes on the machine's Redis; what
// crosses is observed with a pattern subscription there, which sees every channel mqemitter-redis
// publishes on.
import t from 'tap'
import { startTestFlare } from '../helpers/flare.js'
import { createTestDatabase } from '../helpers/database.js'
import { collect, subscribe } from '../helpers/mqtt.js'
import { watchRedisChannels } from './support.js'
import { ownerOf } from '../../broker/local-delivery.js'
import { TOPIC_TABLE } from '../../broker/topic-table.js'

const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'

t.test('ownerOf names the one client a topic of the table can reach, and nothing else', async (t) => {
  t.equal(ownerOf('dev/d-1/ack'), 'd-1')
  t.equal(ownerOf('dispatch/r-1'), 'r-1')
  t.equal(ownerOf('notify/c-1'), 'c-1')
  t.equal(ownerOf('dev/d-1/alert'), undefined, 'consumed by the gateway')
  t.equal(ownerOf('dev/d-1/status'), undefined, 'nobody subscribes as its owner')
  t.equal(ownerOf('zone/z-1/escalations'), undefined, 'every supervisor of the zone')
  t.equal(ownerOf('dev//ack'), undefined, 'an empty id')
  t.equal(ownerOf('dev/d-1/ack/more'), undefined, 'another length')
  t.equal(ownerOf('other/d-1/ack'), undefined, 'outside the table')
  // Every table topic that one client kind subscribes to by its own id is covered.
  const own = TOPIC_TABLE.filter(r => r.topic.includes(`{${r.subscribe}}`))
  t.same(own.map(r => r.topic).sort(), ['dev/{device}/ack', 'dispatch/{responder}', 'notify/{contact}'])
  for (const r of own) t.equal(ownerOf(r.topic.replace(`{${r.subscribe}}`, 'x-9')), 'x-9', r.topic)
})

t.test('an ack for a device on the publishing node stays on it; one for a device elsewhere, or offline, crosses Redis', async (t) => {
  const db = await createTestDatabase()
  t.teardown(db.drop)
  const a = await startTestFlare(t, { REDIS_URL: redisUrl }, db)
  const b = await startTestFlare(t, { REDIS_URL: redisUrl }, db)
  const here = await a.device({ kind: 'phone' })
  const there = await a.device({ kind: 'phone' })
  const away = await a.device({ kind: 'phone' })

  const onA = await a.connect({ clientId: here.id, username: here.id, password: here.secret })
  const hereAcks = collect(onA, `dev/${here.id}/ack`)
  await subscribe(onA, `dev/${here.id}/ack`)
  const onB = await b.connect({ clientId: there.id, username: there.id, password: there.secret })
  const thereAcks = collect(onB, `dev/${there.id}/ack`)
  await subscribe(onB, `dev/${there.id}/ack`)
  // A persistent session that subscribed, then went offline: its queue lives in Redis.
  const first = await b.connect({ clientId: away.id, username: away.id, password: away.secret, clean: false })
  await subscribe(first, `dev/${away.id}/ack`)
  await first.endAsync()

  const channels = await watchRedisChannels(t, redisUrl)

  await a.app.broker.publish(`dev/${here.id}/ack`, 'to-here', { qos: 1 })
  await a.app.broker.publish(`dev/${there.id}/ack`, 'to-there', { qos: 1 })
  await a.app.broker.publish(`dev/${away.id}/ack`, 'to-away', { qos: 1 })
  t.equal((await hereAcks.next()).toString(), 'to-here', 'the device on the publishing node got its ack')
  t.equal((await thereAcks.next()).toString(), 'to-there', 'the device on the other node got its ack')
  const back = await b.connect({ clientId: away.id, username: away.id, password: away.secret, clean: false })
  const awayAcks = collect(back, `dev/${away.id}/ack`)
  t.equal((await awayAcks.next()).toString(), 'to-away', 'the offline persistent session got its ack when it came back')

  for (let i = 0; i < 50 && !channels.includes(`dev/${there.id}/ack`); i++) await new Promise(resolve => setTimeout(resolve, 20))
  t.ok(channels.includes(`dev/${there.id}/ack`), 'the ack for the other node crossed Redis')
  t.ok(channels.includes(`dev/${away.id}/ack`), 'so did the ack for the offline device')
  t.notOk(channels.includes(`dev/${here.id}/ack`), 'the ack for the device on the publishing node did not')
})

t.test('an alert\'s ack and its offer to a responder on the same node never reach Redis', async (t) => {
  const db = await createTestDatabase()
  t.teardown(db.drop)
  const a = await startTestFlare(t, { REDIS_URL: redisUrl }, db)
  await startTestFlare(t, { REDIS_URL: redisUrl }, db)
  const rules = { rules: [{ id: 'panic-local', match: { kinds: ['PANIC'] }, category: 'security', priority: 2, openIncident: true, correlation: { key: 'device', windowS: 300 }, dispatch: { roles: ['security'], radiusM: 5000, count: 1 } }] }
  t.equal((await a.api('PUT', '/api/v1/rules', rules)).status, 200)
  const r = await a.responder({ name: 'Near', roles: ['security'], lat: -33.92, lon: 18.42 })
  const resp = await a.connect({ clientId: r.id, username: r.id, password: r.secret })
  const offers = collect(resp, `dispatch/${r.id}`)
  await subscribe(resp, `dispatch/${r.id}`)
  const d = await a.device({ kind: 'phone' })
  const dev = await a.connect({ clientId: d.id, username: d.id, password: d.secret })
  const acks = collect(dev, `dev/${d.id}/ack`)
  await subscribe(dev, `dev/${d.id}/ack`)

  const channels = await watchRedisChannels(t, redisUrl)

  await dev.publishAsync(`dev/${d.id}/alert`, JSON.stringify({ alertId: 'local-1', kind: 'PANIC', location: { lat: -33.92, lon: 18.42 } }), { qos: 1 })
  t.match(JSON.parse((await acks.next()).toString()), { status: 'ACCEPTED', incidentNumber: /^INC-/ }, 'the device got its ack')
  t.match(JSON.parse((await offers.next()).toString()), { offer: { incidentNumber: /^INC-/ } }, 'the responder got the offer')
  await a.app.broker.publish('dev/nobody-here/ack', 'marker', { qos: 1 })
  for (let i = 0; i < 50 && !channels.includes('dev/nobody-here/ack'); i++) await new Promise(resolve => setTimeout(resolve, 20))
  t.ok(channels.includes('dev/nobody-here/ack'), 'the watcher sees what crosses Redis (an ack for a device connected nowhere)')
  t.same(channels.filter(c => c !== 'dev/nobody-here/ack' && (c.startsWith('dev/') || c.startsWith('dispatch/'))), [], 'neither the ack nor the offer crossed, nor did the alert')
})
