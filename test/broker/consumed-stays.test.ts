// Cluster mode: an alert the gateway consumed is answered on the node that received it and is not put
// on the bus, so it never crosses Redis to the other nodes (observed with a pattern subscription on
// the machine's Redis, which sees every channel mqemitter-redis publishes on).
import t from 'tap'
import { startTestFlare } from '../helpers/flare.js'
import { createTestDatabase } from '../helpers/database.js'
import { collect, subscribe } from '../helpers/mqtt.js'
import { watchRedisChannels } from './support.js'

const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'

t.test('a consumed alert never leaves the node that received it', async (t) => {
  const db = await createTestDatabase()
  t.teardown(db.drop)
  const a = await startTestFlare(t, { REDIS_URL: redisUrl }, db)
  await startTestFlare(t, { REDIS_URL: redisUrl }, db)
  const d = await a.device({ kind: 'phone' })
  const dev = await a.connect({ clientId: d.id, username: d.id, password: d.secret })
  const acks = collect(dev, `dev/${d.id}/ack`)
  await subscribe(dev, `dev/${d.id}/ack`)

  const channels = await watchRedisChannels(t, redisUrl)

  await dev.publishAsync(`dev/${d.id}/alert`, JSON.stringify({ alertId: 'stays-1', kind: 'PANIC', location: { lat: -33.92, lon: 18.42 } }), { qos: 1 })
  const ack = JSON.parse((await acks.next()).toString())
  t.match(ack, { status: 'ACCEPTED', incidentNumber: /^INC-/ })
  // A message that must cross (for a device connected nowhere), published after the alert was
  // handled: once the watcher has it, anything the alert put on the bus would have come first.
  await a.app.broker.publish('dev/nobody-here/ack', 'marker', { qos: 1 })
  for (let i = 0; i < 50 && !channels.includes('dev/nobody-here/ack'); i++) await new Promise(resolve => setTimeout(resolve, 20))
  t.ok(channels.includes('dev/nobody-here/ack'), 'the watcher sees what crosses Redis')
  t.same(channels.filter(c => c === `dev/${d.id}/alert` || c.startsWith('$flare/sink')), [], 'the alert itself did not')
})
