import { createRequire } from 'node:module'
import type { Logger } from 'pino'

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
 * across nodes) when it is set. aedes 1.x wants the async persistence API, which the redis package
 * exposes as asyncPersistence.js (it ships no types).
 */
export function createBrokerBackend (redisUrl: string | undefined, log: Logger): BrokerBackend {
  if (redisUrl === undefined) return { kind: 'memory', close: async () => {} }
  const { Redis } = require('ioredis')
  const AsyncRedisPersistence = require('aedes-persistence-redis/asyncPersistence.js')
  const mqemitterRedis = require('mqemitter-redis')
  const conn = new Redis(redisUrl, { maxRetriesPerRequest: null })
  conn.on('error', (err: Error) => log.error({ err }, 'redis (persistence) error'))
  const persistence = new AsyncRedisPersistence({ conn })
  const mq = mqemitterRedis({ connectionString: redisUrl })
  return {
    kind: 'redis',
    persistence,
    mq,
    close: async () => {
      await conn.quit().catch(() => {})
    }
  }
}
