import { createRequire } from 'node:module'
import { Readable } from 'node:stream'
import type { Logger } from 'pino'
import { EMITTER_CONCURRENCY } from './emitter-guard.js'

const require = createRequire(import.meta.url)

export interface BrokerBackend {
  /** passed to Aedes.createBroker as `persistence` and `mq`; undefined means Aedes' in-memory defaults */
  persistence?: unknown
  mq?: unknown
  kind: 'memory' | 'redis'
  close: () => Promise<void>
}

/**
 * Memory when REDIS_URL is unset; Redis (shared subscriptions, retained messages, offline queues
 * across nodes) when it is set. The redis package ships no types.
 */
export function createBrokerBackend (redisUrl: string | undefined, log: Logger): BrokerBackend {
  if (redisUrl === undefined) return { kind: 'memory', close: async () => {} }
  const { Redis } = require('ioredis')
  const redisPersistence = require('aedes-persistence-redis')
  const mqemitterRedis = require('mqemitter-redis')
  const conn = new Redis(redisUrl, { maxRetriesPerRequest: null })
  conn.on('error', (err: Error) => log.error({ err }, 'redis (persistence) error'))
  const persistence = redisPersistence({ conn })
  dropSupersededWills(persistence, conn, log)
  // The subscriber connection skips ioredis' ready check: an INFO sent after it has entered
  // subscriber mode (a SUBSCRIBE issued during connect, or on reconnect) is refused by Redis and
  // surfaced as a fatal error. And the emitter's errors are logged, not thrown: without a listener
  // its 'error' event would kill the process and every device's session with it.
  const mq = mqemitterRedis({
    concurrency: EMITTER_CONCURRENCY,
    subConn: new Redis(redisUrl, { enableReadyCheck: false }),
    pubConn: new Redis(redisUrl)
  })
  mq.state.on('error', (err: Error) => log.error({ err }, 'redis (emitter) error'))
  return {
    kind: 'redis',
    persistence,
    mq,
    close: async () => {
      // Closing sessions fire persistence writes nobody awaits; let them finish before quitting,
      // or their promises reject unhandled with "Connection is closed".
      for (let i = 0; i < 100 && (conn.commandQueue.length > 0 || conn.offlineQueue.length > 0); i++) {
        await new Promise(resolve => setTimeout(resolve, 10))
      }
      await new Promise(resolve => setTimeout(resolve, 20))
      await conn.quit().catch(() => {})
    }
  }
}

/** The part of aedes' persistence interface that stores wills (aedes-persistence-redis ships no types). */
interface StoredWill { clientId: string, brokerId: string }
interface WillStore {
  streamWill: (brokers: Record<string, number> | undefined) => AsyncIterable<StoredWill>
  delWill: (client: { id: string, brokerId: string }) => Promise<unknown>
}

/**
 * A node that dies leaves its clients' wills in Redis, and another node publishes them minutes later
 * (Aedes: after 3-4 heartbeat intervals). By then a client may long have reconnected to a live node,
 * whose own will for it is stored: the dead node's will is stale, and publishing it would, for a
 * device, overwrite its retained `dev/{id}/status` "online" with "offline" while it is connected.
 * So a dead node's will is dropped, not published, when a live broker holds a will for the same
 * client (Flare gives every device one). Relies on aedes-persistence-redis 12's key layout
 * `will:{brokerId}:{encodeURIComponent(clientId)}`.
 */
function dropSupersededWills (persistence: WillStore, conn: { exists: (...keys: string[]) => Promise<number> }, log: Logger): void {
  const streamWill = persistence.streamWill.bind(persistence)
  persistence.streamWill = (brokers) => {
    async function * fresh (): AsyncGenerator<StoredWill> {
      for await (const will of streamWill(brokers)) {
        const live = Object.keys(brokers ?? {}).filter(id => id !== will.brokerId)
        const clientKey = encodeURIComponent(will.clientId)
        const superseded = live.length > 0 && await conn.exists(...live.map(id => `will:${id}:${clientKey}`)) > 0
        if (!superseded) {
          yield will
          continue
        }
        await persistence.delWill({ id: will.clientId, brokerId: will.brokerId })
        log.info({ clientId: will.clientId, deadBroker: will.brokerId }, 'dropped a dead node\'s will: the client is connected to a live node')
      }
    }
    return Readable.from(fresh())
  }
}
