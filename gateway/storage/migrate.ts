import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { runner } from 'node-pg-migrate'
import type pg from 'pg'
import type { Logger } from 'pino'

/** migrations/ at the repository root: two levels up from the source file, three from its build in dist/. */
export const MIGRATIONS_DIR = ['../../migrations', '../../../migrations']
  .map(rel => fileURLToPath(new URL(rel, import.meta.url)))
  .find(dir => existsSync(join(dir, '1764040000000_foundation.sql'))) ?? fileURLToPath(new URL('../../migrations', import.meta.url))

export async function migrate (pool: pg.Pool, log: Logger): Promise<string[]> {
  const client = await pool.connect()
  try {
    const ran = await runner({
      dbClient: client,
      dir: MIGRATIONS_DIR,
      direction: 'up',
      migrationsTable: 'pgmigrations',
      checkOrder: true,
      // Nodes started together on a fresh database queue on the lock instead of failing.
      advisoryLockMode: 'wait',
      log: (msg: string) => log.debug({ migrate: msg }, 'migration'),
      logger: { debug: () => {}, info: (m: string) => log.debug(m), warn: (m: string) => log.warn(m), error: (m: string) => log.error(m) }
    })
    if (ran.length > 0) log.info({ migrations: ran.map(m => m.name) }, 'migrations applied')
    return ran.map(m => m.name)
  } finally {
    client.release()
  }
}
