// Browser sessions: login, the cookie, CSRF on changes, logout, idle and absolute timeouts, a user
// disabled or deleted while logged in, and the audit naming the person.
import t from 'tap'
import { startTestFlare } from '../../helpers/flare.js'
import { seedIncident } from '../../helpers/incidents.js'
import { browserFor, createUser, logIn, metric, postLogin, sessionCookieOf } from './people.js'

t.test('login sets an HttpOnly SameSite=Strict cookie; GET /session answers the same; the cookie works on REST', async (t) => {
  const f = await startTestFlare(t)
  const ann = await createUser(f, { username: 'Ann', role: 'dispatcher', name: 'Ann Smith', language: 'af' })
  const res = await postLogin(f, 'ann', 'correct horse battery')
  t.equal(res.status, 200, 'the username in any case')
  t.match(res.body, { user: { id: ann.id, username: 'Ann', name: 'Ann Smith', role: 'dispatcher', language: 'af' }, csrfToken: String, idleExpiresAt: String, expiresAt: String })
  t.notOk('passwordHash' in res.body.user)
  const set = sessionCookieOf(res.headers)!
  t.match(set, /^flare_session=[A-Za-z0-9_-]{40,};/)
  t.match(set, /; HttpOnly/)
  t.match(set, /; SameSite=Strict/)
  t.match(set, /; Path=\//)
  t.notMatch(set, /Secure/, 'not over plain HTTP')
  const idle = Date.parse(res.body.idleExpiresAt) - Date.now()
  t.ok(idle > 59 * 60_000 && idle <= 60 * 60_000, 'idle: SESSION_IDLE_MINUTES (60) from now')
  const abs = Date.parse(res.body.expiresAt) - Date.now()
  t.ok(abs > 11.9 * 3_600_000 && abs <= 12 * 3_600_000, 'absolute: SESSION_MAX_HOURS (12) from now')

  const b = browserFor(f, set.split(';')[0], res.body.csrfToken)
  const again = await b.api('GET', '/api/v1/session')
  t.equal(again.status, 200)
  t.same(again.body.user, res.body.user)
  t.equal(again.body.csrfToken, res.body.csrfToken, 'the same CSRF token for the whole session')
  t.equal((await b.api('GET', '/api/v1/incidents')).status, 200, 'a viewer route with the cookie')

  const { rows } = await f.app.db.pool.query('SELECT token_digest FROM user_sessions')
  t.equal(rows.length, 1)
  t.not(rows[0].token_digest, set.split(';')[0].split('=')[1], 'only a digest of the token is stored')
  t.notOk(rows[0].token_digest.includes(set.split(';')[0].split('=')[1]))
})

t.test('Secure is added when the request came over HTTPS (through a trusted proxy)', async (t) => {
  const f = await startTestFlare(t, { HTTP_TRUST_PROXY: '127.0.0.1' })
  await createUser(f, { username: 'bob' })
  const res = await postLogin(f, 'bob', 'correct horse battery', { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.7' })
  t.equal(res.status, 200)
  t.match(sessionCookieOf(res.headers), /; Secure/)
  const { rows } = await f.app.db.pool.query("SELECT ip FROM audit_log WHERE action = 'session.login'")
  t.same(rows, [{ ip: '203.0.113.7' }], 'the client address from the trusted proxy')
})

t.test('wrong password, unknown user and a disabled account are refused, counted and audited', async (t) => {
  const f = await startTestFlare(t)
  const ann = await createUser(f, { username: 'ann' })
  await createUser(f, { username: 'dora' })
  t.equal((await f.api('PATCH', '/api/v1/users/' + String((await f.api('GET', '/api/v1/users')).body.items[1].id), { disabled: true })).status, 200)

  const wrong = await postLogin(f, 'ann', 'not the password')
  t.equal(wrong.status, 401)
  t.equal(wrong.body.error.code, 'invalid_credentials')
  t.notOk(sessionCookieOf(wrong.headers), 'no cookie')
  const unknown = await postLogin(f, 'nobody', 'whatever123')
  t.equal(unknown.status, 401)
  t.equal(unknown.body.error.code, 'invalid_credentials')
  t.equal(unknown.body.error.message, wrong.body.error.message, 'the same answer: nothing tells which usernames exist')
  const disabled = await postLogin(f, 'dora', 'correct horse battery')
  t.equal(disabled.status, 403)
  t.equal(disabled.body.error.code, 'account_disabled')
  const disabledWrong = await postLogin(f, 'dora', 'wrong wrong')
  t.equal(disabledWrong.status, 401, 'a disabled account with a wrong password is just a wrong password')
  t.equal((await postLogin(f, 'ann', '')).status, 400, 'an empty password is bad input')

  t.equal(await metric(f, 'flare_login_failures_total', { reason: 'wrong_password' }), 2)
  t.equal(await metric(f, 'flare_login_failures_total', { reason: 'unknown_user' }), 1)
  t.equal(await metric(f, 'flare_login_failures_total', { reason: 'disabled' }), 1)
  t.equal(await metric(f, 'flare_logins_total'), 0)
  const { rows } = await f.app.db.pool.query('SELECT count(*)::int AS n FROM user_sessions')
  t.equal(rows[0].n, 0, 'no session was made')

  const audit = await f.api('GET', '/api/v1/audit?action=session.*')
  t.match(audit.body.items.map((e: any) => [e.action, e.actor, e.details]), [
    ['session.login_failed', /^user:dora#/, { reason: 'wrong_password' }],
    ['session.login_refused', /^user:dora#/, { reason: 'disabled' }],
    ['session.login_failed', 'anonymous', { username: 'nobody', reason: 'unknown_user' }],
    ['session.login_failed', `user:ann#${String(ann.id)}`, { username: 'ann', reason: 'wrong_password' }]
  ])
  t.match(audit.body.items[0], { ip: '127.0.0.1' })

  await logIn(f, 'ann')
  t.equal(await metric(f, 'flare_logins_total'), 1)
})

t.test('changes with the cookie need the CSRF token; refused ones change nothing; the audit names the person', async (t) => {
  const f = await startTestFlare(t)
  const ann = await createUser(f, { username: 'ann', role: 'admin' })
  const b = await logIn(f, 'ann')

  const none = await b.api('POST', '/api/v1/devices', { id: 'dev-csrf', kind: 'button' }, { csrf: false })
  t.equal(none.status, 403)
  t.equal(none.body.error.code, 'csrf_invalid')
  const wrong = await b.api('POST', '/api/v1/devices', { id: 'dev-csrf', kind: 'button' }, { csrf: 'x'.repeat(43) })
  t.equal(wrong.body.error.code, 'csrf_invalid')
  t.equal((await b.api('DELETE', '/api/v1/session', undefined, { csrf: false })).body.error.code, 'csrf_invalid', 'logout too')
  t.equal((await f.api('GET', '/api/v1/devices/dev-csrf')).status, 404, 'nothing was created')
  t.equal(await metric(f, 'flare_auth_refusals_total', { code: 'csrf_invalid' }), 3)
  t.equal((await b.api('GET', '/api/v1/devices', undefined, { csrf: false })).status, 200, 'a read needs no token')

  const ok = await b.api('POST', '/api/v1/devices', { id: 'dev-csrf', kind: 'button' })
  t.equal(ok.status, 201)
  t.equal((await f.api('POST', '/api/v1/devices', { id: 'dev-key', kind: 'button' })).status, 201, 'a Bearer key needs no CSRF token')

  // Deep in the domain too (an incident action writes its own audit row in its transaction).
  const incident = await seedIncident(f.app.db.pool, { deviceId: 'dev-csrf' })
  const note = await b.api('POST', `/api/v1/incidents/${String(incident.id)}/notes`, { text: 'called back' })
  t.ok(note.status < 300, 'a note with the cookie')
  const entries = (await f.api('GET', `/api/v1/audit?actor=${encodeURIComponent(`user:ann#${String(ann.id)}`)}`)).body.items
  t.ok(entries.length >= 1)
  for (const e of entries) t.match(e, { actor: `user:ann#${String(ann.id)}`, ip: '127.0.0.1', userAgent: 'FlareTestBrowser/1.0' }, e.action)
  t.same(entries.map((e: any) => e.action).sort(), ['device.provision', 'incident.note', 'session.login'])
  const keyEntry = (await f.api('GET', '/api/v1/audit?targetId=dev-key')).body.items[0]
  t.match(keyEntry.actor, /^api:ADMIN_API_KEY#\d+$/, 'a key keeps its name')
})
