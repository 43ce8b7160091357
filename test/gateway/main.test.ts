// The entry point's start-up failures: exit code and the one stderr line naming the variable.
import t from 'tap'
import { createServer, type Server } from 'node:net'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createTestDatabase } from '../helpers/database.js'
import { runMain as spawnMain, freePort, failedStart as failed, killSync, type FlareProcess } from './storage/spawn.js'

const dataDir = mkdtempSync('/tmp/flare-main-')
const started: FlareProcess[] = []
t.teardown(() => rmSync(dataDir, { recursive: true, force: true }))
process.on('exit', () => killSync(started))

function runMain (env: Record<string, string>): FlareProcess {
  const p = spawnMain(env)
  started.push(p)
  return p
}

/** Settings that would start cleanly on their own; each test breaks one. */
async function baseEnv (): Promise<Record<string, string>> {
  return {
    DATA_DIR: dataDir,
    ADMIN_API_KEY: 'main-test-admin-key',
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: String(await freePort()),
    MQTT_HOST: '127.0.0.1',
    MQTT_PORT: String(await freePort()),
    MQTTS_PORT: String(await freePort()),
    EMBEDDED_PG_PORT: String(await freePort())
  }
}

function stderrLines (stderr: string): string[] {
  return stderr.split('\n').filter((l) => l.trim() !== '')
}

t.test('MQTT_PORT=abc: exit 2 with one line naming MQTT_PORT', async (t) => {
  const exit = await failed(runMain({ ...await baseEnv(), MQTT_PORT: 'abc' }))
  t.equal(exit.code, 2)
  const lines = stderrLines(exit.stderr)
  t.equal(lines.length, 1, 'exactly one line on stderr')
  t.match(lines[0], /^flare: MQTT_PORT: .*"abc"/)
  t.equal(exit.stdout, '', 'nothing started, nothing logged')
})

t.test('a bad boolean stops start-up the same way', async (t) => {
  const exit = await failed(runMain({ ...await baseEnv(), MQTT_ALLOW_ANONYMOUS: 'perhaps' }))
  t.equal(exit.code, 2)
  t.match(stderrLines(exit.stderr), [/^flare: MQTT_ALLOW_ANONYMOUS: /])
})

t.test('an unreachable DATABASE_URL: non-zero exit with a line naming DATABASE_URL', async (t) => {
  const exit = await failed(runMain({ ...await baseEnv(), DATABASE_URL: 'postgres://postgres@127.0.0.1:1/x' }))
  t.not(exit.code, 0)
  t.not(exit.code, null, 'exited on its own, not by a signal')
  const lines = stderrLines(exit.stderr)
  t.equal(lines.length, 1)
  t.match(lines[0], /^flare: DATABASE_URL: cannot connect/)
})

t.test('MQTT_PORT in use: exit 2 with a line naming MQTT_PORT', async (t) => {
  const db = await createTestDatabase()
  t.teardown(() => db.drop())
  const busy: Server = createServer()
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise<void>((resolve) => busy.close(() => resolve())))
  const port = (busy.address() as { port: number }).port

  const exit = await failed(runMain({ ...await baseEnv(), DATABASE_URL: db.url, MQTT_PORT: String(port) }))
  t.equal(exit.code, 2)
  const lines = stderrLines(exit.stderr)
  t.equal(lines.length, 1)
  t.match(lines[0], new RegExp(`^flare: MQTT_PORT: .*${port}.*in use`))
})

t.test('as root, a DATA_DIR the postgres user cannot reach is refused, naming DATA_DIR', { skip: process.getuid?.() !== 0 && 'only as root' }, async (t) => {
  const locked = mkdtempSync('/tmp/flare-main-locked-') // mode 0700: other users cannot enter
  t.teardown(() => rmSync(locked, { recursive: true, force: true }))
  const exit = await failed(runMain({ ...await baseEnv(), DATA_DIR: join(locked, 'data') }))
  t.equal(exit.code, 2)
  t.match(stderrLines(exit.stderr), [new RegExp(`^flare: DATA_DIR: .*${locked}.*cannot enter`)])
})

t.test('the same settings with a free MQTT_PORT start and stop cleanly (control)', async (t) => {
  const db = await createTestDatabase()
  t.teardown(() => db.drop())
  const env = await baseEnv()
  const p = runMain({ ...env, DATABASE_URL: db.url })
  t.teardown(() => { if (p.child.exitCode === null) p.child.kill('SIGKILL') })
  await p.up
  const res = await fetch(`http://127.0.0.1:${env.HTTP_PORT}/api/v1/devices`, { headers: { authorization: 'Bearer main-test-admin-key' } })
  t.equal(res.status, 200, 'ADMIN_API_KEY works')
  p.child.kill('SIGTERM')
  const exit = await p.exited
  t.equal(exit.code, 0)
  t.equal(exit.stderr, '')
})

t.test('SIGHUP re-reads RULES_FILE and keeps running; a broken file is refused and the rules stay', async (t) => {
  const db = await createTestDatabase()
  t.teardown(() => db.drop())
  const env = await baseEnv()
  const rulesFile = join(dataDir, 'rules.yaml')
  const rule = (category: string): string => `rules:\n  - id: hup\n    match: { kinds: [TEST] }\n    category: ${category}\n    priority: 5\n    openIncident: false\n`
  writeFileSync(rulesFile, rule('first'))
  const p = runMain({ ...env, DATABASE_URL: db.url, RULES_FILE: rulesFile })
  t.teardown(() => { if (p.child.exitCode === null) p.child.kill('SIGKILL') })
  await p.up
  const rules = async (): Promise<any> => await (await fetch(`http://127.0.0.1:${env.HTTP_PORT}/api/v1/rules`, { headers: { authorization: 'Bearer main-test-admin-key' } })).json()
  t.equal((await rules()).file.rules[0].category, 'first')

  writeFileSync(rulesFile, rule('second'))
  p.child.kill('SIGHUP')
  let body = await rules()
  for (let i = 0; i < 100 && body.file.rules[0].category !== 'second'; i++) {
    await new Promise(resolve => setTimeout(resolve, 50))
    body = await rules()
  }
  t.equal(body.file.rules[0].category, 'second', 'the new file is in force')
  t.equal(p.child.exitCode, null, 'still running')

  writeFileSync(rulesFile, 'rules: [ { id: broken } ]\n')
  p.child.kill('SIGHUP')
  await new Promise(resolve => setTimeout(resolve, 500))
  t.equal((await rules()).file.rules[0].category, 'second', 'a broken file is refused')
  t.equal(p.child.exitCode, null, 'still running')
  p.child.kill('SIGTERM')
  t.equal((await p.exited).code, 0)
})
