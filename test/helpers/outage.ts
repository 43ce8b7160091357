/** A test database behind the simulator's TCP proxy, to cut PostgreSQL away from a Flare (not a test file). */
import type { Test } from 'tap'
import pg from 'pg'
import { createTestDatabase, type TestDatabase } from './database.js'
import type { TestFlare } from './flare.js'
import { until } from './wait.js'
import { startPgProxy, type PgProxy } from '../gateway/dispatch/pg-proxy.js'

export interface DatabaseBehindProxy {
  db: TestDatabase
  proxy: PgProxy
  /** DATABASE_URL through the proxy, for the Flares under test */
  url: string
  /** a pool straight to the database, which a cut does not touch: what the test checks with */
  direct: pg.Pool
}

/** A fresh database and a proxy in front of it, torn down with the test. */
export async function databaseBehindProxy (t: Test): Promise<DatabaseBehindProxy> {
  const db = await createTestDatabase()
  t.teardown(db.drop)
  const proxy = await startPgProxy()
  t.teardown(proxy.close)
  const direct = new pg.Pool({ connectionString: db.url, max: 2 })
  t.teardown(async () => { await direct.end() })
  return { db, proxy, url: proxy.url(db.name), direct }
}

/** Cuts the proxy and waits until the Flares' pools hold no idle connection, so their next query meets the cut. */
export async function cutDatabase (proxy: PgProxy, ...flares: TestFlare[]): Promise<void> {
  proxy.cut()
  await until(async () => flares.reduce((n, f) => n + f.app.db.pool.idleCount, 0), (n) => n === 0, 20_000)
}
