import pg from 'pg'
import type { Logger } from 'pino'
import { ConfigError, type FlareConfig } from '../../config/config.js'
import { startEmbeddedPostgres } from './embedded.js'
import { migrate } from './migrate.js'

export type Pool = pg.Pool

export interface Database {
  pool: pg.Pool
  /** true while a trivial query succeeds; used by /readyz */
  ping: () => Promise<boolean>
  close: () => Promise<void>
}

/**
 * Connects to DATABASE_URL, or starts the embedded PostgreSQL when it is unset,
 * then applies the migrations (node-pg-migrate holds an advisory lock, so nodes may race here).
 */
export async function openDatabase (config: Pick<FlareConfig, 'databaseUrl' | 'dataDir' | 'embeddedPgPort' | 'dbPoolMax'>, log: Logger): Promise<Database> {
  let url = config.databaseUrl
  let stopEmbedded: (() => Promise<void>) | undefined
  if (url === undefined) {
    const embedded = await startEmbeddedPostgres(config.dataDir, config.embeddedPgPort, log)
    url = embedded.url
    stopEmbedded = embedded.stop
  }
  const pool = new pg.Pool({ connectionString: url, max: config.dbPoolMax, connectionTimeoutMillis: 5000 })
  pool.on('error', (err) => log.warn({ err }, 'idle PostgreSQL connection lost'))
  // A checked-out client whose connection dies emits 'error' on itself; unheard, that would crash the
  // process and drop every device. The query in flight fails on its own and its caller handles that.
  pool.on('connect', (client) => {
    client.on('error', (err) => log.warn({ err }, 'PostgreSQL connection lost'))
  })
  try {
    await pool.query('SELECT 1')
  } catch (err) {
    await pool.end().catch(() => {})
    await stopEmbedded?.()
    const reason = err instanceof Error ? (err.message || (err as NodeJS.ErrnoException).code || String(err)) : String(err)
    throw new ConfigError(config.databaseUrl !== undefined ? 'DATABASE_URL' : 'EMBEDDED_PG_PORT', `cannot connect to PostgreSQL: ${reason}`)
  }
  await migrate(pool, log)
  return {
    pool,
    ping: async () => {
      try { await pool.query('SELECT 1'); return true } catch { return false }
    },
    close: async () => {
      await pool.end()
      await stopEmbedded?.()
    }
  }
}
