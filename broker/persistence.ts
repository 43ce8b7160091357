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
  const mq = mqemitterRedis({ connectionString: redisUrl })
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
