// openDatabase: the pool's connections as Flare uses them (gateway/storage/database.ts).
import t from 'tap'
import { pino } from 'pino'
import { openDatabase } from '../../../gateway/storage/database.js'
import { createTestDatabase } from '../../helpers/database.js'

t.test('every connection of the pool has JIT compilation off, also one opened later', async (t) => {
  const db = await createTestDatabase()
  t.teardown(db.drop)
  const opened = await openDatabase({ databaseUrl: db.url, dataDir: '', embeddedPgPort: 0, dbPoolMax: 3 }, pino({ level: 'silent' }))
  t.teardown(opened.close)
  // Three clients at once: the pool opens new connections for them.
  const clients = await Promise.all([1, 2, 3].map(async () => await opened.pool.connect()))
  const settings = await Promise.all(clients.map(async (c) => (await c.query<{ jit: string }>('SHOW jit')).rows[0].jit))
  for (const c of clients) c.release()
  t.same(settings, ['off', 'off', 'off'])
})
