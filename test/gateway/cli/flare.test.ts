// The `flare` CLI, built and run as a child process against a real database, as an operator would.
import t from 'tap'
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { userInfo } from 'node:os'
import { createTestDatabase } from '../../helpers/database.js'
import { startTestFlare } from '../../helpers/flare.js'
import { logIn, postLogin } from '../api/people.js'

// Some forty CLI processes, each a Node start and a connection: on a loaded machine that outlasts the
// default two minutes.
t.setTimeout(300_000)

const CLI = fileURLToPath(new URL('../../../dist/gateway/cli/flare.js', import.meta.url))

interface Run { code: number | null, out: string, err: string }

async function flare (args: string[], env: Record<string, string>, stdin?: string): Promise<Run> {
  const child = spawn(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['pipe', 'pipe', 'pipe'] })
  let out = ''
  let err = ''
  child.stdout.on('data', (d) => { out += String(d) })
  child.stderr.on('data', (d) => { err += String(d) })
  child.stdin.end(stdin ?? '')
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
  return { code, out, err }
}

t.test('users and keys from the command line, on the server\'s database', async (t) => {
  const db = await createTestDatabase()
  t.teardown(() => db.drop())
  const env = { DATABASE_URL: db.url }

  // A fresh install: the CLI migrates the database as the server would, so the first admin comes first.
  const add = await flare(['users', 'add', '--username', 'chief', '--name', 'Chief Dispatcher', '--admin', '--password-stdin'], env, 'first admin pass\n')
  t.equal(add.code, 0, add.err)
  t.match(add.out, /^created user chief \(id \d+, admin\)\n$/)
  t.equal(add.err, '')
  const gen = await flare(['users', 'add', '--username', 'ann', '--name', 'Ann Smith', '--role', 'dispatcher', '--language', 'af'], env)
  t.equal(gen.code, 0, gen.err)
  const generated = /password \(shown only now\): (\S+)\n/.exec(gen.out)?.[1]
  t.ok(generated !== undefined && generated.length >= 16, 'a generated password, printed once')

  const f = await startTestFlare(t, {}, db)
  const chief = await logIn(f, 'chief', 'first admin pass')
  t.match(chief.login.user, { username: 'chief', name: 'Chief Dispatcher', role: 'admin', language: 'en' })
  const ann = await logIn(f, 'ann', generated)
  t.match(ann.login.user, { role: 'dispatcher', language: 'af' })

  const list = await flare(['users', 'list'], env)
  t.equal(list.code, 0)
  t.match(list.out, /^ID\s+USERNAME\s+NAME\s+ROLE\s+LANGUAGE\s+DISABLED\n/)
  t.match(list.out, /\d+\s+chief\s+Chief Dispatcher\s+admin\s+en\s+no\n/)
  t.match(list.out, /\d+\s+ann\s+Ann Smith\s+dispatcher\s+af\s+no\n/)

  const dup = await flare(['users', 'add', '--username', 'ANN', '--role', 'viewer', '--password-stdin'], env, 'whatever long')
  t.equal(dup.code, 1)
  t.equal(dup.err, 'flare: the username "ANN" is taken (usernames are the same whatever their case)\n', 'one line')
  const short = await flare(['users', 'add', '--username', 'bob', '--role', 'viewer', '--password-stdin'], env, 'short')
  t.equal(short.code, 2)
  t.match(short.err, /^flare: the password on stdin must be 8 to 256 characters \(got 5\) \(see flare --help\)\n$/)
  t.equal((await flare(['users', 'add', '--username', 'bob', '--role', 'root'], env)).code, 2, 'an unknown role')
  t.equal((await flare(['users', 'add', '--username', 'bob', '--role', 'viewer', '--nope'], env)).code, 2, 'an unknown flag')
  t.equal((await flare(['users', 'frobnicate'], env)).code, 2)
  t.equal((await flare(['users', 'disable', 'nobody'], env)).err, 'flare: no user "nobody"\n')
  t.notMatch((await flare(['users', 'list'], env)).out, /bob/, 'nothing was created by the refused commands')

  const dis = await flare(['users', 'disable', 'ann'], env)
  t.equal(dis.code, 0, dis.err)
  t.equal((await ann.api('GET', '/api/v1/incidents')).status, 401, 'disabled from the CLI: the session ends at once')
  t.equal((await postLogin(f, 'ann', generated!)).body.error.code, 'account_disabled')
  t.equal((await flare(['users', 'enable', 'ann'], env)).code, 0)
  const pw = await flare(['users', 'passwd', 'ann', '--password-stdin'], env, 'a new one for ann\n')
  t.equal(pw.code, 0, pw.err)
  t.equal((await postLogin(f, 'ann', generated!)).status, 401, 'the old password is refused')
  t.equal((await postLogin(f, 'ann', 'a new one for ann')).status, 200, 'the new one (without the newline echo adds) works')

  const made = await flare(['keys', 'create', '--name', 'wall board', '--role', 'viewer'], env)
  t.equal(made.code, 0, made.err)
  const key = /\n(flr_\S+)\n$/.exec(made.out)?.[1]
  t.ok(key !== undefined, 'the key printed once')
  t.equal((await f.api('GET', '/api/v1/incidents', undefined, key)).status, 200, 'and it works')
  t.equal((await f.api('POST', '/api/v1/devices', { kind: 'button' }, key)).status, 403, 'with its role')
  const id = /created API key (\d+)/.exec(made.out)![1]
  const keys = await flare(['keys', 'list'], env)
  t.match(keys.out, new RegExp(`${id}\\s+wall board\\s+viewer`))
  t.notMatch(keys.out, new RegExp(key!.slice(4)), 'the list does not show keys')
  t.equal((await flare(['keys', 'create', '--name', 'x', '--role', 'boss'], env)).code, 2)
  t.equal((await flare(['keys', 'revoke', 'abc'], env)).code, 2)
  t.equal((await flare(['keys', 'revoke', id], env)).code, 0)
  t.equal((await f.api('GET', '/api/v1/incidents', undefined, key)).status, 401, 'revoked')
  const again = await flare(['keys', 'revoke', id], env)
  t.equal(again.code, 1)
  t.match(again.err, /^flare: no API key \d+ that is not revoked already\n$/)
  t.notMatch((await flare(['keys', 'list'], env)).out, /wall board/)
  t.match((await flare(['keys', 'list', '--all'], env)).out, /wall board/)

  const audit = (await f.api('GET', `/api/v1/audit?actor=${encodeURIComponent(`cli:${userInfo().username}`)}`)).body.items
  t.same(audit.map((e: any) => e.action), ['key.revoke', 'key.create', 'user.update', 'user.update', 'user.update', 'user.create', 'user.create'], 'audited, naming the CLI')
  t.notMatch(JSON.stringify(audit), /first admin pass|a new one/)
})

t.test('an unreachable database, a bad setting and no command: one line and an exit code', async (t) => {
  const embedded = await flare(['users', 'list'], { EMBEDDED_PG_PORT: '1' })
  t.equal(embedded.code, 1)
  t.match(embedded.err, /^flare: cannot reach the embedded PostgreSQL on 127\.0\.0\.1:1 \(.*\); it runs while Flare runs: start Flare \(npm start\).*or set DATABASE_URL\n$/)
  const external = await flare(['keys', 'list'], { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/flare' })
  t.equal(external.code, 1)
  t.match(external.err, /^flare: cannot reach PostgreSQL at DATABASE_URL: .*\n$/)
  const bad = await flare(['users', 'list'], { DATABASE_URL: 'mysql://x' })
  t.equal(bad.code, 2)
  t.match(bad.err, /^flare: DATABASE_URL: .*\n$/)
  const none = await flare([], {})
  t.equal(none.code, 2)
  t.match(none.out, /^Usage: flare/)
  t.equal((await flare(['--help'], {})).code, 0)
  t.equal((await flare(['frob'], {})).code, 2)
})
