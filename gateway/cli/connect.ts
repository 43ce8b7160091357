import pg from 'pg'
import { pino } from 'pino'
import type { FlareConfig } from '../../config/config.js'
import { embeddedDatabaseUrl } from '../storage/embedded-url.js'
import { migrate } from '../storage/migrate.js'
import { CliError } from './errors.js'

/**
 * The server's database: DATABASE_URL, else the embedded PostgreSQL of a running Flare (on
 * EMBEDDED_PG_PORT), migrated as the server would (so `flare users add` works on a fresh install).
 */
export async function connect (config: Pick<FlareConfig, 'databaseUrl' | 'embeddedPgPort'>): Promise<pg.Pool> {
  const url = config.databaseUrl ?? embeddedDatabaseUrl(config.embeddedPgPort)
  const pool = new pg.Pool({ connectionString: url, max: 2, connectionTimeoutMillis: 5000 })
  pool.on('error', () => {})
  try {
    await pool.query('SELECT 1')
  } catch (err) {
    await pool.end().catch(() => {})
    const reason = err instanceof Error ? (err.message || (err as NodeJS.ErrnoException).code || String(err)) : String(err)
    throw new CliError(config.databaseUrl !== undefined
      ? `cannot reach PostgreSQL at DATABASE_URL: ${reason}`
      : `cannot reach the embedded PostgreSQL on 127.0.0.1:${config.embeddedPgPort} (${reason}); it runs while Flare runs: start Flare (npm start) with the same EMBEDDED_PG_PORT, or set DATABASE_URL`)
  }
  await migrate(pool, pino({ level: 'warn' }, process.stderr))
  return pool
}
