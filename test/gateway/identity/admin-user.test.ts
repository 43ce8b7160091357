// The first admin user: made on a start that finds no users outside production, kept in DATA_DIR.
import t from 'tap'
import { mkdtempSync, readFileSync, rmSync, statSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import { pino } from 'pino'
import { startTestFlare } from '../../helpers/flare.js'
import { createTestDatabase } from '../../helpers/database.js'
import { logIn } from '../api/people.js'
import { seedFirstAdmin } from '../../../gateway/identity/admin-user.js'
import { UsersRepo } from '../../../gateway/identity/users-repo.js'

t.test('development: admin with a random password, in DATA_DIR (0600); the same again on a wiped database; none once users exist', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'flare-first-admin-'))
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }))
  const f = await startTestFlare(t, { NODE_ENV: 'development', DATA_DIR: dataDir })
  const password = f.app.generatedAdminPassword
  t.ok(password !== undefined && password.length >= 16, 'generated on this start')
  const file = join(dataDir, 'admin-password')
  t.equal(readFileSync(file, 'utf8'), `${password!}\n`)
  t.equal(statSync(file).mode & 0o777, 0o600)
  const admin = await logIn(f, 'admin', password)
  t.match(admin.login.user, { username: 'admin', role: 'admin', name: 'Administrator' })

  // Another node (or a restart) on the same database: users exist, nothing is made or printed.
  const g = await startTestFlare(t, { NODE_ENV: 'development', DATA_DIR: dataDir }, f.db)
  t.equal(g.app.generatedAdminPassword, undefined)
  t.equal((await f.api('GET', '/api/v1/users')).body.items.length, 1)

  // A wiped database with the file still there: admin again, with the password in the file.
  const fresh = await createTestDatabase()
  t.teardown(() => fresh.drop())
  const h = await startTestFlare(t, { NODE_ENV: 'development', DATA_DIR: dataDir }, fresh)
  t.equal(h.app.generatedAdminPassword, undefined, 'not generated: read from the file')
  await logIn(h, 'admin', password)
})

t.test('production makes no user and says how; the test environment makes none', async (t) => {
  const db = await createTestDatabase()
  t.teardown(() => db.drop())
  const f = await startTestFlare(t, {}, db)
  t.equal((await f.api('GET', '/api/v1/users')).body.items.length, 0, 'NODE_ENV=test: none')
  const dataDir = mkdtempSync(join(tmpdir(), 'flare-first-admin-'))
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }))
  const lines: any[] = []
  const log = pino({ level: 'info' }, { write: (l: string) => { lines.push(JSON.parse(l)) } })
  t.equal(await seedFirstAdmin({ env: 'production', dataDir }, new UsersRepo(f.app.db.pool), log), undefined)
  t.equal((await f.api('GET', '/api/v1/users')).body.items.length, 0, 'production: none')
  t.notOk(existsSync(join(dataDir, 'admin-password')))
  t.match(lines, [{ level: 40, msg: /flare users add .*--admin/ }])
})
