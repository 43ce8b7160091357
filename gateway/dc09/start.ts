import type { Logger } from 'pino'
import type { Registry } from 'prom-client'
import { ConfigError, type FlareConfig } from '../../config/config.js'
import type { Gateway } from '../gateway.js'
import type { Database } from '../storage/database.js'
import type { AccountBook } from './account-book.js'
import { Dc09Receiver } from './receiver.js'
import { panelRestored } from './supervision.js'

/** A frame begun but not ended within this long closes the connection (slow-loris senders). */
const FRAME_TIMEOUT_MS = 10_000

export interface RunningDc09 {
  ports: { tcp: number, udp: number }
  stop: () => Promise<void>
}

/** The DC-09 receiver, wired to the account book and the alert pipeline, listening. */
export async function startDc09 (config: NonNullable<FlareConfig['dc09']>, d: {
  db: Database
  book: AccountBook
  gateway: Gateway
  registry: Registry
  log: Logger
}): Promise<RunningDc09> {
  const log = d.log.child({ component: 'dc09' })
  await d.book.start()
  const receiver = new Dc09Receiver({ ...config, frameTimeoutMs: FRAME_TIMEOUT_MS }, {
    book: d.book,
    pipeline: d.gateway.pipeline,
    pool: d.db.pool,
    registry: d.registry,
    log,
    // The devices' own sign of life (group commit, one statement for many), with the account's
    // supervision period; not awaited: it is not what an ACK promises.
    seen: (account) => {
      d.gateway.liveness.seen(account.id, 'panel', undefined, account.supervisionS ?? undefined)
        .catch((err) => log.warn({ err, account: account.id }, 'dc09: sign of life not written'))
    },
    restored: async (account, event, at) => { await panelRestored(d.db.pool, account, event, at) }
  })
  try {
    await receiver.start()
  } catch (err) {
    d.book.stop()
    await receiver.stop()
    const code = (err as NodeJS.ErrnoException).code
    throw new ConfigError('DC09_PORT', code === 'EADDRINUSE' ? `port ${config.port} is already in use` : `cannot listen: ${code ?? String(err)}`)
  }
  return {
    ports: receiver.ports,
    stop: async () => { await receiver.stop(); d.book.stop() }
  }
}
