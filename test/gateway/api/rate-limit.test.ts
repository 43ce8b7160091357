// REST rate limits: per API key or user, per address for requests without a caller, shared by the
// nodes of a cluster; 429 rate_limited with Retry-After; ops endpoints, the login, the live feed and
// MQTT over WebSocket are not limited.
import t, { type Test } from 'tap'
import { ADMIN_KEY, startTestFlare, type TestFlare } from '../../helpers/flare.js'
import { createTestDatabase } from '../../helpers/database.js'
import { keyWithRole } from './keys.js'
import { browserFor, createUser, metric, postLogin, sessionCookieOf } from './people.js'
import { dashboard, isSnapshot, liveUrl } from '../live/support.js'

const redis = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'

async function get (f: TestFlare, path: string, headers: Record<string, string> = {}): Promise<{ status: number, retryAfter: string | null, body: any }> {
  const res = await fetch(f.httpUrl + path, { headers })
  const text = await res.text()
  const json = res.headers.get('content-type')?.startsWith('application/json') === true
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: json ? JSON.parse(text) : text }
}

const bearer = (key: string): Record<string, string> => ({ authorization: `Bearer ${key}` })

/** Sends `n` requests one after another and returns their statuses. */
async function statuses (n: number, send: () => Promise<{ status: number }>): Promise<number[]> {
  const out: number[] = []
  for (let i = 0; i < n; i++) out.push((await send()).status)
  return out
}

function checkRefusal (t: Test, res: { status: number, retryAfter: string | null, body: any }, who: RegExp): void {
  t.equal(res.status, 429)
  t.match(res.retryAfter, /^\d+$/, 'Retry-After in whole seconds')
  const wait = Number(res.retryAfter)
  t.ok(wait >= 1 && wait <= 60, `within the one-minute window (${wait} s)`)
  t.equal(res.body.error.code, 'rate_limited')
  t.match(res.body.error.message, who)
  t.match(res.body.error.message, /\(at most \d+ a minute\); retry in \d+ s$/)
}

t.test('an API key over its limit gets 429 with Retry-After; another key, /metrics and health are still served', async (t) => {
  const f = await startTestFlare(t, { API_RATE_LIMIT_PER_MIN: '5', API_RATE_LIMIT_PER_ADDRESS_PER_MIN: '3' })
  const a = await keyWithRole(f, 'viewer')
  const b = await keyWithRole(f, 'viewer')
  t.same(await statuses(5, async () => await get(f, '/api/v1/incidents', bearer(a))), [200, 200, 200, 200, 200], 'up to the limit')
  const refused = await get(f, '/api/v1/incidents', bearer(a))
  checkRefusal(t, refused, /this API key/)
  t.match(refused.body.error.message, /at most 5 a minute/)
  t.equal((await get(f, '/api/v1/zones', bearer(a))).status, 429, 'every route counts against the same key')
  t.same(await statuses(5, async () => await get(f, '/api/v1/incidents', bearer(b))), [200, 200, 200, 200, 200], 'another key has its own count')
  t.equal((await f.api('GET', '/api/v1/incidents')).status, 200, 'and the admin key too')

  for (const path of ['/metrics', '/healthz', '/readyz']) {
    t.same(new Set(await statuses(12, async () => await get(f, path))), new Set([200]), `${path} is not limited`)
  }
  t.equal(await metric(f, 'flare_http_rate_limited_total', { scope: 'caller' }), 2, 'each refusal counted, as the caller\'s')
  t.equal(await metric(f, 'flare_http_rate_limited_total', { scope: 'address' }), 0)
})

t.test('a logged-in user is counted as the account, whatever browser or address it uses', async (t) => {
  const f = await startTestFlare(t, { API_RATE_LIMIT_PER_MIN: '4', HTTP_TRUST_PROXY: '127.0.0.1' })
  await createUser(f, { username: 'ann', role: 'dispatcher' })
  const first = await postLogin(f, 'ann', 'correct horse battery')
  const second = await postLogin(f, 'ann', 'correct horse battery', { 'x-forwarded-for': '203.0.113.9' })
  const one = browserFor(f, sessionCookieOf(first.headers)!.split(';')[0], first.body.csrfToken)
  const two = browserFor(f, sessionCookieOf(second.headers)!.split(';')[0], second.body.csrfToken)
  t.same(await statuses(2, async () => await one.api('GET', '/api/v1/incidents')), [200, 200])
  t.same(await statuses(2, async () => await two.api('GET', '/api/v1/zones')), [200, 200])
  const refused = await one.api('GET', '/api/v1/incidents')
  t.equal(refused.status, 429, 'both sessions spent the account\'s four')
  t.match(refused.body.error, { code: 'rate_limited', message: /this account/ })
})

t.test('requests without a caller are counted per client address (behind a trusted proxy, the forwarded one)', async (t) => {
  const f = await startTestFlare(t, { API_RATE_LIMIT_PER_MIN: '50', API_RATE_LIMIT_PER_ADDRESS_PER_MIN: '3', HTTP_TRUST_PROXY: '127.0.0.1' })
  const from = (ip: string): Record<string, string> => ({ 'x-forwarded-for': ip })
  t.same(await statuses(3, async () => await get(f, '/api/v1/incidents', from('203.0.113.7'))), [401, 401, 401], 'refused as unauthenticated up to the limit')
  checkRefusal(t, await get(f, '/api/v1/incidents', from('203.0.113.7')), /this address/)
  t.equal((await get(f, '/api/v1/incidents', from('203.0.113.8'))).status, 401, 'another address has its own count')
  t.equal((await get(f, '/api/v1/incidents', { ...from('203.0.113.7'), ...bearer(ADMIN_KEY) })).status, 429,
    'an address over its limit is refused before its credentials are looked at')
  t.equal((await get(f, '/api/v1/incidents', { ...from('203.0.113.8'), ...bearer(ADMIN_KEY) })).status, 200, 'a key from another address is served')

  // Guessed keys are charged to the address, so guessing cannot go on at the caller limit's pace.
  t.same(await statuses(3, async () => await get(f, '/api/v1/incidents', { ...from('198.51.100.1'), ...bearer('not-a-key') })), [401, 401, 401])
  t.equal((await get(f, '/api/v1/incidents', { ...from('198.51.100.1'), ...bearer('not-a-key-either') })).status, 429)
  t.equal(await metric(f, 'flare_http_rate_limited_total', { scope: 'address' }), 3)

  // The login has its own throttle, with its own answer; the live feed and MQTT over WebSocket are not limited.
  const login = await postLogin(f, 'nobody', 'wrong', from('203.0.113.7'))
  t.equal(login.status, 401, 'the login from an address over its limit is still answered by the login itself')
  t.equal(login.body.error.code, 'invalid_credentials')
})

t.test('the live feed and MQTT over WebSocket are not limited: a key over its limit still gets its board', async (t) => {
  const f = await startTestFlare(t, { API_RATE_LIMIT_PER_MIN: '2' })
  const key = await keyWithRole(f, 'viewer')
  t.same(await statuses(3, async () => await get(f, '/api/v1/incidents', bearer(key))), [200, 200, 429])
  for (let i = 0; i < 3; i++) {
    const d = await dashboard(t, liveUrl(f, '', key))
    t.ok(isSnapshot(await d.next(isSnapshot)), `live feed ${i + 1} opened with its snapshot`)
    d.ws.terminate()
  }
  const device = await f.device()
  for (let i = 0; i < 3; i++) {
    const c = await f.connect({ url: f.wsUrl, clientId: device.id, username: device.id, password: device.secret })
    t.ok(c.connected, `MQTT over WebSocket ${i + 1}`)
    await c.endAsync(true)
  }
})

t.test('API_RATE_LIMIT_PER_MIN=0 and API_RATE_LIMIT_PER_ADDRESS_PER_MIN=0 turn the limits off', async (t) => {
  const f = await startTestFlare(t, { API_RATE_LIMIT_PER_MIN: '0', API_RATE_LIMIT_PER_ADDRESS_PER_MIN: '0' })
  t.same(new Set(await statuses(30, async () => await f.api('GET', '/api/v1/incidents'))), new Set([200]))
  t.same(new Set(await statuses(30, async () => await get(f, '/api/v1/incidents'))), new Set([401]))
})

t.test('in cluster mode (REDIS_URL) the nodes share one count per caller', async (t) => {
  const db = await createTestDatabase()
  t.teardown(db.drop)
  const a = await startTestFlare(t, { REDIS_URL: redis, API_RATE_LIMIT_PER_MIN: '4' }, db)
  const b = await startTestFlare(t, { REDIS_URL: redis, API_RATE_LIMIT_PER_MIN: '4' }, db)
  const key = await keyWithRole(a, 'viewer')
  t.same(await statuses(2, async () => await get(a, '/api/v1/incidents', bearer(key))), [200, 200], 'two on node a')
  t.same(await statuses(2, async () => await get(b, '/api/v1/incidents', bearer(key))), [200, 200], 'two on node b')
  const refused = await get(a, '/api/v1/incidents', bearer(key))
  checkRefusal(t, refused, /this API key/)
  t.equal((await get(b, '/api/v1/incidents', bearer(key))).status, 429, 'refused on either node')
  t.equal(await metric(b, 'flare_http_rate_limited_total', { scope: 'caller' }), 1, 'each node counts its own refusals')

  // Another installation on the same Redis (its own database, so its own server key) counts apart,
  // though its first key has the same id.
  const other = await startTestFlare(t, { REDIS_URL: redis, API_RATE_LIMIT_PER_MIN: '4' })
  const otherKey = await keyWithRole(other, 'viewer')
  const idOf = async (f: TestFlare): Promise<string> => (await f.app.db.pool.query('SELECT max(id) AS id FROM api_keys')).rows[0].id
  await other.app.db.pool.query('UPDATE api_keys SET id = $1 WHERE id = $2', [await idOf(a), await idOf(other)])
  t.equal(await idOf(other), await idOf(a), 'the same key id in both installations')
  t.equal((await get(other, '/api/v1/incidents', bearer(otherKey))).status, 200, 'counted apart')
})
