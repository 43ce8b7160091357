// The real entry point on the embedded PostgreSQL: first start, restart, crash, and a second process on the same DATA_DIR.
import t from 'tap'
import { mkdtempSync, readFileSync, rmSync, existsSync, statSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { join } from 'node:path'
import { runMain, freePort, isAlive, postmasterPid, gone, failedStart, killSync, type FlareProcess } from './spawn.js'

const dataDir = mkdtempSync('/tmp/flare-embedded-')
const keyFile = join(dataDir, 'admin-api-key')
const started: FlareProcess[] = []
const pgPort = await freePort()

/** The postgres server of this DATA_DIR, if one runs (checked against its command line). */
function ourPostgres (): number | undefined {
  const pg = postmasterPid(dataDir)
  try {
    return pg !== undefined && readFileSync(`/proc/${pg}/cmdline`, 'utf8').includes(dataDir) ? pg : undefined
  } catch {
    return undefined
  }
}
t.teardown(async () => {
  for (const p of started) if (p.child.exitCode === null && p.child.signalCode === null) { p.child.kill('SIGKILL'); await p.exited }
  const pg = ourPostgres()
  if (pg !== undefined) { process.kill(pg, 'SIGKILL'); await gone(pg) }
  rmSync(dataDir, { recursive: true, force: true })
})
// If the run is cut short (timeout) and teardown does not run: leave no process and no directory behind.
process.on('exit', () => {
  killSync(started)
  const pg = ourPostgres()
  if (pg !== undefined) try { process.kill(pg, 'SIGKILL') } catch {}
  rmSync(dataDir, { recursive: true, force: true })
})

interface Running { proc: FlareProcess, http: string }

async function start (): Promise<Running> {
  const httpPort = await freePort()
  const proc = runMain({
    DATA_DIR: dataDir,
    EMBEDDED_PG_PORT: String(pgPort),
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: String(httpPort),
    MQTT_HOST: '127.0.0.1',
    MQTT_PORT: String(await freePort()),
    MQTTS_PORT: String(await freePort()),
    NODE_ID: 'embedded-test'
  })
  started.push(proc)
  await proc.up
  return { proc, http: `http://127.0.0.1:${httpPort}` }
}

async function api (r: Running, method: string, path: string, key: string, body?: unknown): Promise<{ status: number, body: any }> {
  const res = await fetch(r.http + path, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body)
  })
  const text = await res.text()
  return { status: res.status, body: text === '' ? undefined : JSON.parse(text) }
}

let adminKey = ''
let deviceId = ''

t.test('first start: initialises the database, generates an admin key, is ready', async (t) => {
  t.notOk(existsSync(keyFile), 'no key before the first start')
  const r = await start()
  const ready = await fetch(r.http + '/readyz')
  t.equal(ready.status, 200)
  t.same(await ready.json(), { status: 'ready', checks: { database: true, broker: true }, degraded: false })

  t.ok(existsSync(keyFile), 'the admin key file is in DATA_DIR')
  adminKey = readFileSync(keyFile, 'utf8').trim()
  t.match(adminKey, /^flr_\S{20,}$/)
  t.ok(r.proc.stdout().includes(adminKey), 'the generated key is printed on the start that made it')
  t.ok(existsSync(join(dataDir, 'pg', 'PG_VERSION')), 'the database lives in DATA_DIR/pg')

  t.equal((await api(r, 'GET', '/api/v1/devices', adminKey)).status, 200, 'the key works')
  t.equal((await api(r, 'GET', '/api/v1/devices', 'flr_wrong')).status, 401)
  const created = await api(r, 'POST', '/api/v1/devices', adminKey, { kind: 'button', name: 'survivor' })
  t.equal(created.status, 201)
  deviceId = created.body.device.id

  // The first admin user, like the key: generated, kept in DATA_DIR (0600) and printed once.
  const passwordFile = join(dataDir, 'admin-password')
  t.equal(statSync(passwordFile).mode & 0o777, 0o600, 'the admin password file is private')
  const password = readFileSync(passwordFile, 'utf8').trim()
  t.match(r.proc.stdout(), `Flare console login (saved in ${passwordFile}):\n  username: admin\n  password: ${password}\n`)
  const login = await fetch(r.http + '/api/v1/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password }) })
  t.equal(login.status, 200, 'the first admin logs in')
  t.match(await login.json(), { user: { username: 'admin', role: 'admin' } })
  // The CLI finds the running embedded PostgreSQL on EMBEDDED_PG_PORT, as npm start configured it.
  const cli = spawnSync(process.execPath, [fileURLToPath(new URL('../../../dist/gateway/cli/flare.js', import.meta.url)), 'users', 'list'],
    { env: { PATH: process.env.PATH, EMBEDDED_PG_PORT: String(pgPort) }, encoding: 'utf8' })
  t.equal(cli.status, 0, cli.stderr)
  t.match(cli.stdout, /\n1\s+admin\s+Administrator\s+admin\s+en\s+no\n/)

  const pg = postmasterPid(dataDir)
  t.ok(pg !== undefined && isAlive(pg), 'postgres runs')
  r.proc.child.kill('SIGTERM')
  const exit = await r.proc.exited
  t.equal(exit.code, 0, 'SIGTERM: exit 0')
  t.notOk(existsSync(join(dataDir, 'pg', 'postmaster.pid')), 'no postmaster.pid left')
  if (pg !== undefined) t.notOk(isAlive(pg), 'the postgres server stopped')
})

t.test('restart: the data and the admin key are reused', async (t) => {
  const r = await start()
  t.equal(readFileSync(keyFile, 'utf8').trim(), adminKey, 'the key file is unchanged')
  t.notOk(r.proc.stdout().includes('development admin API key (saved'), 'no new key is printed')
  t.notOk(r.proc.stdout().includes('Flare console login'), 'nor a password')
  const got = await api(r, 'GET', `/api/v1/devices/${deviceId}`, adminKey)
  t.equal(got.status, 200, 'the device is still there')
  t.equal(got.body.name, 'survivor')
  r.proc.child.kill('SIGTERM')
  t.equal((await r.proc.exited).code, 0)
  t.notOk(existsSync(join(dataDir, 'pg', 'postmaster.pid')))
})

t.test('kill -9 leaves postgres running; the next start takes over', async (t) => {
  const crashed = await start()
  const orphan = postmasterPid(dataDir)
  t.ok(orphan !== undefined, 'postmaster.pid present')
  crashed.proc.child.kill('SIGKILL')
  t.equal((await crashed.proc.exited).signal, 'SIGKILL')
  t.ok(orphan !== undefined && isAlive(orphan), 'the postgres child survived its parent')

  const r = await start()
  t.not(postmasterPid(dataDir), orphan, 'a new postgres server')
  if (orphan !== undefined) t.notOk(isAlive(orphan), 'the leftover server was stopped')
  t.match(r.proc.stdout(), /left behind by an earlier run/, 'and the start said so')
  t.equal((await fetch(r.http + '/readyz')).status, 200)
  const got = await api(r, 'GET', `/api/v1/devices/${deviceId}`, adminKey)
  t.equal(got.status, 200, 'the data is still there')

  // A second process on the same DATA_DIR while this one runs: refused, naming DATA_DIR.
  const second = runMain({
    DATA_DIR: dataDir,
    EMBEDDED_PG_PORT: String(await freePort()),
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: String(await freePort()),
    MQTT_HOST: '127.0.0.1',
    MQTT_PORT: String(await freePort()),
    MQTTS_PORT: String(await freePort())
  })
  started.push(second)
  const refused = await failedStart(second)
  t.notOk(refused.cameUp, 'the second process does not come up')
  t.not(refused.code, 0, 'the second process exits non-zero')
  t.match(refused.stderr, /^flare: DATA_DIR: .*in use/m, 'with a line naming DATA_DIR')
  t.equal((await api(r, 'GET', `/api/v1/devices/${deviceId}`, adminKey)).status, 200, 'the first process is unharmed')
  t.equal((await fetch(r.http + '/readyz')).status, 200)

  r.proc.child.kill('SIGTERM')
  t.equal((await r.proc.exited).code, 0)
  t.notOk(existsSync(join(dataDir, 'pg', 'postmaster.pid')))
})
