import { userInfo } from 'node:os'
import pg from 'pg'
import { pino } from 'pino'
import type { FlareConfig } from '../../config/config.js'
import { embeddedDatabaseUrl } from '../storage/embedded-url.js'
import { migrate } from '../storage/migrate.js'

/** A failure the CLI reports in one line and exits 1 on. */
export class CliError extends Error {
  override readonly name = 'CliError'
}

/** Bad flags or values: reported with a pointer to --help, exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError'
}

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

/** Who the audit log names for a change made from the command line. */
export function cliActor (): string {
  let who = 'unknown'
  try { who = userInfo().username } catch {}
  return `cli:${who}`
}

/** All of stdin, without the one line ending a shell or `echo` adds. */
export async function readStdin (stdin: NodeJS.ReadableStream = process.stdin): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk))
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '')
}

/** Columns padded to their widest cell. */
export function table (header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map(r => r[i].length)))
  return [header, ...rows].map(r => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd()).join('\n') + '\n'
}
