import t from 'tap'
import { startTestFlare, connackCode } from '../../helpers/flare.js'
import { keyWithRole, allPages } from './keys.js'

const f = await startTestFlare(t)

t.test('POST provisions a device and returns its secret once', async (t) => {
  const res = await f.api('POST', '/api/v1/devices', { id: 'btn-1', kind: 'button', name: 'Lobby button', personId: 'p-7' })
  t.equal(res.status, 201)
  t.match(res.body.device, { id: 'btn-1', kind: 'button', codec: 'protobuf', name: 'Lobby button', personId: 'p-7', revokedAt: null })
  t.type(res.body.secret, 'string')
  t.ok(res.body.secret.length >= 32, 'a long random secret')

  const got = await f.api('GET', '/api/v1/devices/btn-1')
  t.equal(got.status, 200)
  t.equal(got.body.id, 'btn-1')
  const list = await f.api('GET', '/api/v1/devices')
  const listed = list.body.items.find((d: any) => d.id === 'btn-1')
  t.ok(listed, 'listed')
  for (const [where, body] of [['GET one', got.body], ['list', listed]] as const) {
    const text = JSON.stringify(body)
    t.notOk(text.includes(res.body.secret), `${where} never shows the secret`)
    t.notOk(/scrypt|secret|hash/i.test(text), `${where} has no secret or hash field`)
  }

  const { rows } = await f.app.db.pool.query('SELECT kind, secret_hash FROM principals WHERE id = $1', ['btn-1'])
  t.equal(rows[0].kind, 'device')
  t.match(rows[0].secret_hash, /^hmac-sha256\$/, 'stored as a keyed digest')
  t.notOk(rows[0].secret_hash.includes(res.body.secret), 'the secret itself is not stored')
  t.ok(await f.app.secrets.verify(res.body.secret, rows[0].secret_hash), 'the hash verifies the secret')
  t.notOk(await f.app.secrets.verify('not-the-secret', rows[0].secret_hash))
})

t.test('an id is generated when absent', async (t) => {
  const a = await f.api('POST', '/api/v1/devices', { kind: 'wearable' })
  const b = await f.api('POST', '/api/v1/devices', { kind: 'wearable' })
  t.equal(a.status, 201)
  t.match(a.body.device.id, /^dev-[0-9a-f]{12}$/)
  t.not(a.body.device.id, b.body.device.id, 'distinct ids')
  t.not(a.body.secret, b.body.secret, 'distinct secrets')
})

t.test('codec defaults: json for phones, protobuf otherwise; explicit wins', async (t) => {
  t.equal((await f.device({ kind: 'phone' })).device.codec, 'json')
  t.equal((await f.device({ kind: 'button' })).device.codec, 'protobuf')
  t.equal((await f.device({ kind: 'wearable' })).device.codec, 'protobuf')
  t.equal((await f.device({ kind: 'button', codec: 'json' })).device.codec, 'json')
  t.equal((await f.device({ kind: 'phone', codec: 'protobuf' })).device.codec, 'protobuf')
})

t.test('a duplicate id is a 409 conflict, also across devices and responders', async (t) => {
  await f.device({ id: 'dup-1' })
  const again = await f.api('POST', '/api/v1/devices', { id: 'dup-1', kind: 'phone' })
  t.equal(again.status, 409)
  t.equal(again.body.error.code, 'conflict')
  t.match(again.body.error.message, /dup-1/)
  const responder = await f.api('POST', '/api/v1/responders', { id: 'dup-1', name: 'Same id' })
  t.equal(responder.status, 409, 'a responder cannot take a device id')
  t.equal(responder.body.error.code, 'conflict')
  t.equal((await f.api('GET', '/api/v1/responders/dup-1')).status, 404, 'nothing half-created')
  t.equal((await f.api('GET', '/api/v1/devices/dup-1')).body.kind, 'button', 'the first device is unchanged')
})

t.test('a bad body is a 400 bad_request', async (t) => {
  const bodies: unknown[] = [
    {},
    { kind: 'toaster' },
    { kind: 'button', colour: 'red' },
    { kind: 'button', id: 'has space' },
    { kind: 'button', id: '-leading-dash' },
    { kind: 'button', id: 'x'.repeat(65) },
    { kind: 'button', codec: 'xml' },
    { kind: 'button', name: 'n'.repeat(201) }
  ]
  for (const body of bodies) {
    const res = await f.api('POST', '/api/v1/devices', body)
    t.equal(res.status, 400, JSON.stringify(body))
    t.equal(res.body?.error?.code, 'bad_request')
    t.type(res.body?.error?.message, 'string')
  }
  const { rows } = await f.app.db.pool.query("SELECT count(*)::int AS n FROM principals WHERE id IN ('has space', 'x')")
  t.equal(rows[0].n, 0, 'nothing stored')
})

t.test('API keys: none or unknown is 401; viewer and dispatcher may read but not write', async (t) => {
  const d = await f.device({ id: 'auth-target' })
  for (const key of [null, 'flr_unknown']) {
    for (const [method, path, body] of [['GET', '/api/v1/devices'], ['GET', '/api/v1/devices/auth-target'], ['POST', '/api/v1/devices', { kind: 'button' }], ['DELETE', '/api/v1/devices/auth-target']] as const) {
      const res = await f.api(method, path, body, key)
      t.equal(res.status, 401, `${method} ${path} with key ${String(key)}`)
      t.equal(res.body.error.code, 'unauthorized')
    }
  }
  // a missing key is refused before the body is validated
  t.equal((await f.api('POST', '/api/v1/devices', { bogus: true }, null)).status, 401)

  for (const role of ['viewer', 'dispatcher'] as const) {
    const key = await keyWithRole(f, role)
    const list = await f.api('GET', '/api/v1/devices', undefined, key)
    t.equal(list.status, 200, `${role} lists`)
    t.equal((await f.api('GET', `/api/v1/devices/${d.id}`, undefined, key)).status, 200, `${role} reads one`)
    const post = await f.api('POST', '/api/v1/devices', { kind: 'button' }, key)
    t.equal(post.status, 403, `${role} cannot provision`)
    t.equal(post.body.error.code, 'forbidden')
    const del = await f.api('DELETE', `/api/v1/devices/${d.id}`, undefined, key)
    t.equal(del.status, 403, `${role} cannot revoke`)
    t.equal(del.body.error.code, 'forbidden')
  }
  t.equal((await f.api('GET', `/api/v1/devices/${d.id}`)).body.revokedAt, null, 'still active')

  const revokedKey = await keyWithRole(f, 'admin')
  t.equal((await f.api('GET', '/api/v1/devices', undefined, revokedKey)).status, 200)
  await f.app.db.pool.query('UPDATE api_keys SET revoked_at = now() WHERE name = $1', ['test admin'])
  t.equal((await f.api('GET', '/api/v1/devices', undefined, revokedKey)).status, 401, 'a revoked key is refused')
})

t.test('listing pages with limit and next', async (t) => {
  for (const id of ['page-a', 'page-b', 'page-c', 'page-d', 'page-e']) await f.device({ id })
  const everything = await f.api('GET', '/api/v1/devices?limit=1000')
  const expected = everything.body.items.map((d: any) => d.id)
  t.same(expected, [...expected].sort(), 'ordered by id')
  t.ok(expected.length > 5)

  const first = await f.api('GET', '/api/v1/devices?limit=2')
  t.equal(first.body.items.length, 2)
  t.equal(first.body.next, first.body.items[1].id, 'next is the last id of a full page')

  const { pages, ids } = await allPages(f, '/api/v1/devices', 2)
  t.same(ids, expected, 'the pages together are the whole list, each once')
  t.ok(pages.every((p) => p.length <= 2), 'no page longer than limit')
  t.ok(pages.length >= 3)
  const last = await f.api('GET', '/api/v1/devices?limit=1000')
  t.equal(last.body.next, null, 'a short page has no next')

  for (const q of ['limit=0', 'limit=1001', 'limit=abc', 'cursor=x']) {
    const res = await f.api('GET', `/api/v1/devices?${q}`)
    t.equal(res.status, 400, q)
    t.equal(res.body.error.code, 'bad_request')
  }
})

t.test('DELETE revokes: 204, then 404; revoked devices are listed only on request', async (t) => {
  const d = await f.device({ id: 'to-revoke', kind: 'phone' })
  t.equal(await connackCode(f.mqttUrl, { clientId: d.id, username: d.id, password: d.secret }), 0, 'connects before revocation')
  const del = await f.api('DELETE', '/api/v1/devices/to-revoke')
  t.equal(del.status, 204)
  t.equal(del.body, undefined, 'no body')
  const again = await f.api('DELETE', '/api/v1/devices/to-revoke')
  t.equal(again.status, 404)
  t.equal(again.body.error.code, 'not_found')
  t.equal((await f.api('DELETE', '/api/v1/devices/never-existed')).status, 404)

  const one = await f.api('GET', '/api/v1/devices/to-revoke')
  t.equal(one.status, 200, 'still readable by id')
  t.type(one.body.revokedAt, 'string')
  const active = await allPages(f, '/api/v1/devices', 100)
  t.notOk(active.ids.includes('to-revoke'), 'excluded from the list by default')
  const all = await allPages(f, '/api/v1/devices?includeRevoked=true', 100)
  t.ok(all.ids.includes('to-revoke'), 'included with includeRevoked=true')
  t.equal(all.ids.length, active.ids.length + 1)

  const { rows } = await f.app.db.pool.query('SELECT revoked_at FROM principals WHERE id = $1', ['to-revoke'])
  t.ok(rows[0].revoked_at instanceof Date, 'the principal is revoked too')
  t.not(await connackCode(f.mqttUrl, { clientId: d.id, username: d.id, password: d.secret }), 0, 'refused after revocation')
})

t.test('GET of an unknown device is 404 not_found', async (t) => {
  const res = await f.api('GET', '/api/v1/devices/nobody')
  t.equal(res.status, 404)
  t.equal(res.body.error.code, 'not_found')
})
