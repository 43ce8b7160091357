// Users over REST: admins create, list, change and delete them; a user reads their own account and
// changes their own language and password; bad input is refused and changes nothing.
import t from 'tap'
import { startTestFlare } from '../../helpers/flare.js'
import { keyWithRole } from './keys.js'
import { createUser, logIn, postLogin } from './people.js'

t.test('an admin creates users; usernames are unique whatever their case; the password is never shown', async (t) => {
  const f = await startTestFlare(t)
  const res = await f.api('POST', '/api/v1/users', { username: 'Ann.Smith', password: 'correct horse battery', role: 'dispatcher', name: 'Ann Smith', language: 'af' })
  t.equal(res.status, 201)
  t.match(res.body, { id: Number, username: 'Ann.Smith', name: 'Ann Smith', role: 'dispatcher', language: 'af', disabled: false, createdAt: String })
  t.same(Object.keys(res.body).sort(), ['createdAt', 'disabled', 'id', 'language', 'name', 'role', 'updatedAt', 'username'])
  const dflt = await f.api('POST', '/api/v1/users', { username: 'bob', password: 'another password', role: 'viewer', name: 'Bob' })
  t.equal(dflt.body.language, 'en', 'English unless asked')

  const dup = await f.api('POST', '/api/v1/users', { username: 'ann.smith', password: 'whatever123', role: 'viewer', name: 'Other Ann' })
  t.equal(dup.status, 409)
  t.equal(dup.body.error.code, 'conflict')
  for (const [body, why] of [
    [{ username: 'eve', password: 'short', role: 'viewer', name: 'Eve' }, 'a password under 8 characters'],
    [{ username: 'eve', password: 'long enough', role: 'root', name: 'Eve' }, 'an unknown role'],
    [{ username: 'eve', password: 'long enough', role: 'viewer', name: 'Eve', language: 'fr' }, 'an unknown language'],
    [{ username: 'e ve', password: 'long enough', role: 'viewer', name: 'Eve' }, 'a space in the username'],
    [{ username: 'eve', password: 'long enough', role: 'viewer' }, 'no name'],
    [{ username: 'eve', password: 'long enough', role: 'viewer', name: 'Eve', disabled: true }, 'an unknown field']
  ] as const) {
    const bad = await f.api('POST', '/api/v1/users', body)
    t.equal(bad.status, 400, why)
    t.equal(bad.body.error.code, 'bad_request')
  }
  const list = await f.api('GET', '/api/v1/users')
  t.same(list.body.items.map((u: any) => u.username), ['Ann.Smith', 'bob'], 'nothing else was created')
  t.equal(list.body.next, null)
  t.same((await f.api('GET', '/api/v1/users?limit=1')).body, { items: [list.body.items[0]], next: list.body.items[0].id }, 'pages')
  t.same((await f.api('GET', `/api/v1/users?after=${String(list.body.items[0].id)}`)).body.items, [list.body.items[1]])

  const { rows } = await f.app.db.pool.query('SELECT password_hash FROM users ORDER BY id')
  t.match(rows[0].password_hash, /^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/, 'scrypt with a salt and its parameters')
  t.not(rows[0].password_hash.split('$')[4], rows[1].password_hash.split('$')[4], 'a salt per user')
  const audit = (await f.api('GET', '/api/v1/audit?action=user.create')).body
  t.equal(audit.items.length, 2)
  t.match(audit.items[1], { actor: /^api:ADMIN_API_KEY#/, targetId: String(res.body.id), details: { username: 'Ann.Smith', role: 'dispatcher' } })
  t.notMatch(JSON.stringify(audit), /horse|password/, 'no password in the audit log')
})

t.test('only admins manage users; a user reads only their own account', async (t) => {
  const f = await startTestFlare(t)
  const ann = await createUser(f, { username: 'ann', role: 'dispatcher' })
  const bob = await createUser(f, { username: 'bob', role: 'viewer' })
  const a = await logIn(f, 'ann')
  t.same((await a.api('GET', `/api/v1/users/${String(ann.id)}`)).body, ann, 'their own')
  const other = await a.api('GET', `/api/v1/users/${String(bob.id)}`)
  t.equal(other.status, 403)
  t.equal(other.body.error.code, 'forbidden')
  t.equal((await a.api('GET', '/api/v1/users')).status, 403)
  t.equal((await a.api('POST', '/api/v1/users', { username: 'eve', password: 'long enough', role: 'admin', name: 'Eve' })).status, 403)
  t.equal((await a.api('PATCH', `/api/v1/users/${String(bob.id)}`, { language: 'af' })).status, 403)
  t.equal((await a.api('DELETE', `/api/v1/users/${String(bob.id)}`)).status, 403)
  const dispatcherKey = await keyWithRole(f, 'dispatcher')
  t.equal((await f.api('POST', '/api/v1/users', { username: 'eve', password: 'long enough', role: 'admin', name: 'Eve' }, dispatcherKey)).status, 403, 'nor a dispatcher key')
  t.equal((await f.api('GET', `/api/v1/users/${String(ann.id)}`, undefined, dispatcherKey)).status, 403, 'a key is nobody\'s own account')
  t.same((await f.api('GET', '/api/v1/users')).body.items, [ann, bob], 'nothing changed')
  t.equal((await f.api('GET', '/api/v1/users/999999')).status, 404)
  t.equal((await f.api('GET', '/api/v1/users/abc')).status, 400)
})

t.test('a user changes their own language and password, nothing else', async (t) => {
  const f = await startTestFlare(t)
  const ann = await createUser(f, { username: 'ann', role: 'viewer' })
  const a = await logIn(f, 'ann')
  const elsewhere = await logIn(f, 'ann')
  const path = `/api/v1/users/${String(ann.id)}`

  const lang = await a.api('PATCH', path, { language: 'af' })
  t.equal(lang.status, 200)
  t.equal(lang.body.language, 'af')
  t.equal((await a.api('GET', '/api/v1/session')).body.user.language, 'af', 'the session shows it at once')
  for (const body of [{ role: 'admin' }, { disabled: false }, { name: 'Queen Ann' }, { language: 'en', role: 'admin' }]) {
    const res = await a.api('PATCH', path, body)
    t.equal(res.status, 403, JSON.stringify(body))
    t.equal(res.body.error.code, 'forbidden')
  }
  t.match((await f.api('GET', path)).body, { role: 'viewer', name: 'User ann', language: 'af' }, 'nothing changed')

  t.equal((await a.api('PATCH', path, { password: 'a new password' })).body.error.code, 'bad_request', 'the current password is needed')
  const wrong = await a.api('PATCH', path, { password: 'a new password', currentPassword: 'not it' })
  t.equal(wrong.status, 403)
  t.equal(wrong.body.error.code, 'wrong_password')
  t.equal((await postLogin(f, 'ann', 'a new password')).status, 401, 'not changed')
  t.equal((await a.api('PATCH', path, { password: 'a new password', currentPassword: 'correct horse battery' })).status, 200)
  t.equal((await a.api('GET', '/api/v1/session')).status, 200, 'still logged in here')
  t.equal((await elsewhere.api('GET', '/api/v1/session')).status, 401, 'logged out everywhere else')
  t.equal((await postLogin(f, 'ann', 'correct horse battery')).status, 401, 'the old password is refused')
  t.equal((await postLogin(f, 'ann', 'a new password')).status, 200, 'the new one works')
  t.equal((await a.api('PATCH', path, { language: 'xx' })).status, 400)
  t.equal((await a.api('PATCH', path, {})).status, 400, 'an empty change')

  const audit = (await f.api('GET', `/api/v1/audit?action=user.update&targetId=${String(ann.id)}`)).body.items
  t.match(audit.map((e: any) => e.details), [{ password: 'changed' }, { language: 'af' }])
  t.match(audit[0].actor, /^user:ann#/)
  t.notMatch(JSON.stringify(audit), /new password|horse/)
})

t.test('admins change roles, disable, reset passwords and delete', async (t) => {
  const f = await startTestFlare(t)
  await createUser(f, { username: 'root', role: 'admin' })
  const bob = await createUser(f, { username: 'bob', role: 'viewer' })
  const admin = await logIn(f, 'root')
  const b = await logIn(f, 'bob')
  const path = `/api/v1/users/${String(bob.id)}`

  const up = await admin.api('PATCH', path, { role: 'dispatcher', name: 'Bob Builder' })
  t.match(up.body, { role: 'dispatcher', name: 'Bob Builder' })
  t.equal((await b.api('GET', '/api/v1/session')).body.user.role, 'dispatcher', 'the new role applies to the live session')
  t.equal((await admin.api('PATCH', path, { password: 'reset by admin' })).status, 200, 'an admin needs no current password for someone else')
  t.equal((await b.api('GET', '/api/v1/session')).status, 401, 'a reset ends their sessions')
  const b2 = await logIn(f, 'bob', 'reset by admin')
  t.equal((await admin.api('PATCH', path, { disabled: true })).body.disabled, true)
  t.equal((await b2.api('GET', '/api/v1/session')).status, 401)
  t.equal((await admin.api('PATCH', path, { disabled: false })).body.disabled, false)
  t.equal((await postLogin(f, 'bob', 'reset by admin')).status, 200, 'enabled again')

  t.equal((await admin.api('DELETE', path)).status, 204)
  t.equal((await admin.api('DELETE', path)).status, 404)
  t.equal((await admin.api('PATCH', path, { role: 'viewer' })).status, 404)
  t.equal((await postLogin(f, 'bob', 'reset by admin')).status, 401)
  const audit = (await f.api('GET', `/api/v1/audit?targetType=user&targetId=${String(bob.id)}&action=user.*`)).body.items
  t.same(audit.map((e: any) => e.action), ['user.delete', 'user.update', 'user.update', 'user.update', 'user.update', 'user.create'])
  t.match(audit[0], { actor: /^user:root#/, details: { username: 'bob' }, userAgent: 'FlareTestBrowser/1.0' })
})
