// Browser sessions: login, the cookie, CSRF on changes, logout, idle and absolute timeouts, a user
// disabled or deleted while logged in, and the audit naming the person.
import t from 'tap'
import { startTestFlare } from '../../helpers/flare.js'
import { seedIncident } from '../../helpers/incidents.js'
import { until } from '../../helpers/wait.js'
import { closedAfterFirstMessage, dashboard, isSnapshot, liveUrl, refusedStatus } from '../live/support.js'
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

  const relogin = await postLogin(f, 'ann', 'correct horse battery', { cookie: set.split(';')[0] })
  t.equal(relogin.status, 200)
  t.equal((await b.api('GET', '/api/v1/session')).status, 401, 'logging in again from the same browser replaces its session')
  const set2 = sessionCookieOf(relogin.headers)!
  t.not(set2, set, 'with a new token')
  const { rows } = await f.app.db.pool.query('SELECT token_digest FROM user_sessions')
  t.equal(rows.length, 1)
  t.not(rows[0].token_digest, set2.split(';')[0].split('=')[1], 'only a digest of the token is stored')
  t.notOk(rows[0].token_digest.includes(set2.split(';')[0].split('=')[1]))
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

t.test('logout ends the session on every node and clears the cookie', async (t) => {
  const f = await startTestFlare(t)
  const g = await startTestFlare(t, {}, f.db) // a second node on the same database
  await createUser(f, { username: 'ann' })
  const b = await logIn(f, 'ann')
  const onG = browserFor(g, b.cookie, b.csrf)
  t.equal((await onG.api('GET', '/api/v1/session')).status, 200, 'the other node knows the session')
  const out = await onG.api('DELETE', '/api/v1/session')
  t.equal(out.status, 204)
  t.match(sessionCookieOf(out.headers), /^flare_session=;.*Expires=Thu, 01 Jan 1970/, 'cookie cleared')
  const after = await b.api('GET', '/api/v1/session')
  t.equal(after.status, 401)
  t.equal(after.body.error.code, 'unauthorized')
  t.equal((await b.api('GET', '/api/v1/incidents')).status, 401, 'the cookie opens nothing any more')
  t.equal((await b.api('DELETE', '/api/v1/session', undefined, { csrf: false })).status, 204, 'logging out of an ended session is harmless')
  t.equal((await fetch(`${f.httpUrl}/api/v1/session`, { method: 'DELETE' })).status, 204, 'and without a cookie')
  const audit = (await f.api('GET', '/api/v1/audit?action=session.logout')).body.items
  t.equal(audit.length, 1)
  t.match(audit[0], { actor: /^user:ann#/, ip: '127.0.0.1', userAgent: 'FlareTestBrowser/1.0' })
})

t.test('idle and absolute timeouts end a session with 401 session_expired; last_seen_at is written about once a minute', async (t) => {
  const f = await startTestFlare(t, { SESSION_IDLE_MINUTES: '30', SESSION_MAX_HOURS: '8' })
  await createUser(f, { username: 'ann' })
  const b = await logIn(f, 'ann')
  t.ok(Date.parse(b.login.idleExpiresAt) - Date.now() <= 30 * 60_000)
  const pool = f.app.db.pool
  const lastSeen = async (): Promise<number> => (await pool.query('SELECT last_seen_at FROM user_sessions')).rows[0].last_seen_at.getTime()

  const first = await lastSeen()
  for (let i = 0; i < 5; i++) t.equal((await b.api('GET', '/api/v1/incidents')).status, 200)
  t.equal(await lastSeen(), first, 'not one UPDATE per request')
  await pool.query("UPDATE user_sessions SET last_seen_at = now() - interval '29 minutes'")
  const used = await b.api('GET', '/api/v1/session')
  t.equal(used.status, 200, 'used within the idle limit')
  t.ok(await lastSeen() > Date.now() - 10_000, 'last_seen_at moved')
  t.ok(Date.parse(used.body.idleExpiresAt) > Date.now() + 29 * 60_000, 'and the idle limit with it')

  await pool.query("UPDATE user_sessions SET last_seen_at = now() - interval '31 minutes'")
  const idle = await b.api('GET', '/api/v1/incidents')
  t.equal(idle.status, 401)
  t.equal(idle.body.error.code, 'session_expired')
  t.match(sessionCookieOf(idle.headers), /^flare_session=;/, 'the dead cookie is cleared')
  t.equal((await b.api('GET', '/api/v1/session')).body.error.code, 'session_expired')
  t.equal((await b.api('POST', '/api/v1/devices', { id: 'dev-x', kind: 'button' })).body.error.code, 'session_expired')
  t.equal((await f.api('GET', '/api/v1/devices/dev-x')).status, 404, 'nothing changed')

  const c = await logIn(f, 'ann')
  await pool.query("UPDATE user_sessions SET expires_at = now() - interval '1 second', last_seen_at = now()")
  const abs = await c.api('GET', '/api/v1/incidents')
  t.equal(abs.status, 401)
  t.equal(abs.body.error.code, 'session_expired', 'the absolute limit, however busy the session')
  t.ok(await metric(f, 'flare_auth_refusals_total', { code: 'session_expired' }) >= 3, 'counted')
})

t.test('a user disabled or deleted while logged in is refused at the very next request', async (t) => {
  const f = await startTestFlare(t)
  const ann = await createUser(f, { username: 'ann', role: 'admin' })
  const bob = await createUser(f, { username: 'bob', role: 'dispatcher' })
  const a = await logIn(f, 'ann')
  const b = await logIn(f, 'bob')
  const b2 = await logIn(f, 'bob')
  t.equal((await b.api('GET', '/api/v1/incidents')).status, 200)

  t.equal((await a.api('PATCH', `/api/v1/users/${String(bob.id)}`, { disabled: true })).status, 200, 'an admin (by session) disables bob')
  for (const s of [b, b2]) {
    const res = await s.api('GET', '/api/v1/incidents')
    t.equal(res.status, 401)
    t.equal(res.body.error.code, 'unauthorized')
  }
  t.equal((await postLogin(f, 'bob', 'correct horse battery')).body.error.code, 'account_disabled')
  // Disabled behind the API's back (SQL): the flag is checked on every request too.
  const c = await logIn(f, 'ann')
  await f.app.db.pool.query('UPDATE users SET disabled = true WHERE id = $1', [ann.id])
  t.equal((await c.api('GET', '/api/v1/incidents')).status, 401)
  await f.app.db.pool.query('UPDATE users SET disabled = false WHERE id = $1', [ann.id])

  const d = await logIn(f, 'ann')
  t.equal((await f.api('DELETE', `/api/v1/users/${String(ann.id)}`)).status, 204)
  t.equal((await d.api('GET', '/api/v1/incidents')).status, 401, 'deleted')
  t.equal((await f.app.db.pool.query('SELECT count(*)::int AS n FROM user_sessions WHERE user_id = $1', [ann.id])).rows[0].n, 0, 'their sessions went with them')
})

t.test('repeated failures lock the username out with a growing delay, a right password too; the address as well', async (t) => {
  const f = await startTestFlare(t)
  await createUser(f, { username: 'ann' })
  await createUser(f, { username: 'bob' })
  const pool = f.app.db.pool
  for (let i = 1; i <= 4; i++) t.equal((await postLogin(f, 'ann', `wrong ${i}`)).status, 401, `failure ${i}`)
  const fifth = await postLogin(f, 'ann', 'wrong 5')
  t.equal(fifth.status, 429, 'the fifth failure starts a lockout')
  t.equal(fifth.body.error.code, 'too_many_attempts')
  t.equal(fifth.headers.get('retry-after'), '30')
  const right = await postLogin(f, 'ANN', 'correct horse battery')
  t.equal(right.status, 429, 'a right password during the lockout is refused too (any case of the username)')
  t.ok(Number(right.headers.get('retry-after')) > 0 && Number(right.headers.get('retry-after')) <= 30)
  t.notOk(sessionCookieOf(right.headers))
  t.equal((await postLogin(f, 'bob', 'correct horse battery')).status, 200, 'another user from the same address is not locked')

  // The lock runs out (moved into the past rather than waited for); the next failure locks for twice as long.
  await pool.query("UPDATE login_throttle SET locked_until = now() - interval '1 second' WHERE scope = 'user'")
  const sixth = await postLogin(f, 'ann', 'wrong 6')
  t.equal(sixth.status, 429)
  t.equal(sixth.headers.get('retry-after'), '60', 'growing')
  await pool.query("UPDATE login_throttle SET locked_until = now() - interval '1 second' WHERE scope = 'user'")
  t.equal((await postLogin(f, 'ann', 'correct horse battery')).status, 200, 'after the lock, the right password works')
  t.same((await pool.query("SELECT * FROM login_throttle WHERE scope = 'user'")).rows, [], 'and ends the count')

  t.equal(await metric(f, 'flare_login_failures_total', { reason: 'locked' }), 1)
  t.equal(await metric(f, 'flare_login_lockouts_total', { scope: 'user' }), 2)
  const lockouts = (await f.api('GET', '/api/v1/audit?action=session.lockout')).body.items
  t.equal(lockouts.length, 2, 'each lockout audited')
  t.match(lockouts[0], { targetType: 'user', targetId: 'ann', details: { seconds: 60 }, ip: '127.0.0.1' })

  // The address: 20 failures in a row from it, whatever the usernames.
  await pool.query('DELETE FROM login_throttle')
  for (let i = 0; i < 19; i++) t.equal((await postLogin(f, `nobody${i}`, 'guess')).status, 401)
  t.equal((await postLogin(f, 'nobody19', 'guess')).status, 429, 'the 20th failure from the address locks it')
  const bob = await postLogin(f, 'bob', 'correct horse battery')
  t.equal(bob.status, 429, 'every username from that address waits')
  t.match(bob.body.error.message, /address/)
  t.equal(await metric(f, 'flare_login_lockouts_total', { scope: 'address' }), 1)
})

t.test('a viewer trying a dispatcher or admin action is refused, counted, and nothing changes', async (t) => {
  const f = await startTestFlare(t)
  await createUser(f, { username: 'vic', role: 'viewer' })
  const v = await logIn(f, 'vic')
  t.equal((await v.api('GET', '/api/v1/incidents')).status, 200)
  const res = await v.api('POST', '/api/v1/devices', { id: 'dev-v', kind: 'button' })
  t.equal(res.status, 403)
  t.equal(res.body.error.code, 'forbidden')
  t.match(res.body.error.message, /admin role; your account has viewer/)
  t.equal((await v.api('POST', '/api/v1/users', { username: 'eve', password: 'long enough', role: 'admin', name: 'Eve' })).status, 403)
  t.equal((await v.api('GET', '/api/v1/audit')).status, 403)
  t.equal((await f.api('GET', '/api/v1/devices/dev-v')).status, 404)
  t.equal((await f.api('GET', '/api/v1/users')).body.items.length, 1, 'no user was made')
  t.equal(await metric(f, 'flare_auth_refusals_total', { code: 'forbidden' }), 3)
  t.equal((await fetch(`${f.httpUrl}/api/v1/incidents`)).status, 401, 'no key and no cookie')
})

t.test('the live feed takes the session cookie from a page of the same origin only', async (t) => {
  const f = await startTestFlare(t)
  await createUser(f, { username: 'ann', role: 'viewer' })
  const b = await logIn(f, 'ann')
  const url = liveUrl(f, '', null)
  const host = `127.0.0.1:${f.app.ports.http}`
  const d = await dashboard(t, url, { cookie: b.cookie, origin: `http://${host}` })
  t.ok(isSnapshot(await d.next(isSnapshot)), 'a snapshot over the cookie')
  const other = await refusedStatus(url, { cookie: b.cookie, origin: 'https://evil.example' })
  t.equal(other.status, 403, 'another site cannot open it with the user\'s cookie')
  t.equal((await refusedStatus(url, { cookie: b.cookie })).status, 403, 'nor a client that does not say where it comes from')
  const bare = await closedAfterFirstMessage(url, JSON.stringify({ type: 'auth', token: 'not-a-key' }), { origin: `http://${host}` })
  t.equal(bare.code, 4401, 'no cookie, no key: opened for a first-message key, and a wrong one closes it')
  await f.app.db.pool.query('UPDATE user_sessions SET expires_at = now()')
  t.equal((await refusedStatus(url, { cookie: b.cookie, origin: `http://${host}` })).status, 401, 'an expired session')
})

t.test('a live feed opened with a session closes when the session ends, and keeps it from going idle meanwhile', async (t) => {
  const f = await startTestFlare(t, { LIVE_SESSION_CHECK_S: '1', SESSION_IDLE_MINUTES: '1' })
  const ann = await createUser(f, { username: 'ann', role: 'viewer' })
  const b = await logIn(f, 'ann')
  const url = liveUrl(f, '', null)
  const d = await dashboard(t, url, { cookie: b.cookie, origin: `http://127.0.0.1:${f.app.ports.http}` })
  await d.next(isSnapshot)
  // Idle for two minutes as far as the session row says: the open feed's next check counts as use.
  await f.app.db.pool.query("UPDATE user_sessions SET last_seen_at = now() - interval '50 seconds'")
  const touched = await until(async () => (await f.app.db.pool.query('SELECT last_seen_at > now() - interval \'10 seconds\' AS fresh FROM user_sessions')).rows[0].fresh, (fresh) => fresh === true)
  t.equal(touched, true, 'the watching board keeps its session in use')
  t.equal((await f.api('PATCH', `/api/v1/users/${ann.id}`, { disabled: true })).status, 200)
  const closed = await d.closed
  t.equal(closed.code, 4401, 'closed as a session that ended')
  t.equal(closed.reason, 'session ended')
})
