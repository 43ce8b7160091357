// A dead node's stored wills, on the real Redis: Aedes publishes them minutes after the crash, by
// which time the client may be connected to a live node. A will superseded by a live node's will
// for the same client is dropped (broker/persistence.ts); the others are still published.
//
// Found with three real nodes: device on A, A SIGKILLed, device reconnected to B; 240 s later node C
// published A's will and the device's retained dev/{id}/status turned "offline" while it was
// connected to B. Waiting for Aedes' will sweep takes minutes, so this test drives the persistence
// directly, as the sweep does (streamWill with the live brokers, then publish each will it yields).
import t from 'tap'
import { randomBytes } from 'node:crypto'
import { Aedes } from 'aedes'
import { Redis } from 'ioredis'
import { pino } from 'pino'
import { createBrokerBackend } from '../../broker/persistence.js'
import { REDIS_URL } from './support.js'

const log = pino({ level: 'silent' })

async function brokerWith (id: string): Promise<{ aedes: Aedes, persistence: any, close: () => Promise<void> }> {
  const backend = createBrokerBackend(REDIS_URL, log)
  const aedes = await Aedes.createBroker({ id, persistence: backend.persistence, mq: backend.mq } as any)
  return {
    aedes,
    persistence: backend.persistence,
    close: async () => {
      await new Promise<void>((resolve) => aedes.close(() => resolve()))
      await backend.close()
    }
  }
}

const will = (clientId: string): any => ({ cmd: 'publish', topic: `dev/${clientId}/status`, payload: Buffer.from('offline'), qos: 1, retain: true })

t.test('a dead node\'s will is dropped when a live node holds a will for that client; kept otherwise', async (t) => {
  const tag = randomBytes(4).toString('hex')
  const deadId = `dead-${tag}`
  const liveId = `live-${tag}`
  const moved = `dev-moved-${tag}` // reconnected to the live node
  const gone = `dev-gone-${tag}` // never came back
  const redis = new Redis(REDIS_URL)
  t.teardown(async () => {
    const keys = await redis.keys(`will:*${tag}*`)
    if (keys.length > 0) await redis.del(...keys)
    for (const k of keys) await redis.lrem('will', 0, k)
    redis.disconnect()
  })

  const dead = await brokerWith(deadId)
  await dead.persistence.putWill({ id: moved }, will(moved))
  await dead.persistence.putWill({ id: gone }, will(gone))
  await dead.close() // a crash leaves the same: the wills stay in Redis

  const live = await brokerWith(liveId)
  t.teardown(live.close)
  await live.persistence.putWill({ id: moved }, will(moved))

  // Aedes' sweep: every will stored by a broker not in the live set
  const streamed: any[] = []
  for await (const w of live.persistence.streamWill({ [liveId]: Date.now() })) {
    if (String(w.clientId).endsWith(tag)) streamed.push(w)
  }
  t.same(streamed.map(w => `${w.brokerId}/${w.clientId}`), [`${deadId}/${gone}`], 'only the will of the client that did not come back is due')
  t.equal(await redis.exists(`will:${deadId}:${moved}`), 0, 'the superseded will is deleted')
  t.equal(await redis.exists(`will:${liveId}:${moved}`), 1, 'the live node\'s will for the moved client stays')
  t.equal(await redis.exists(`will:${deadId}:${gone}`), 1, 'the due will stays until Aedes publishes and deletes it')
})
