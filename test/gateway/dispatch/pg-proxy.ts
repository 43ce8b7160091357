/** The simulator's database proxy, with a URL for a test database (not a test file: tap only runs *.test.ts). */
import { startDbProxy, type DbProxy } from '../../../firmware-sim/db-proxy.js'
import { ADMIN_URL } from '../../helpers/database.js'

export interface PgProxy extends Omit<DbProxy, 'through'> {
  /** DATABASE_URL for `database` through the proxy */
  url: (database: string) => string
}

export async function startPgProxy (target = { host: '127.0.0.1', port: 5432 }): Promise<PgProxy> {
  const proxy = await startDbProxy(target)
  const url = (database: string): string => {
    const u = new URL(proxy.through(ADMIN_URL))
    u.pathname = '/' + database
    return u.toString()
  }
  return Object.assign(proxy, { url })
}
