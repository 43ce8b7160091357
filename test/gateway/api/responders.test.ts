import t from 'tap'
import { startTestFlare } from '../../helpers/flare.js'
import { keyWithRole, allPages } from './keys.js'

const f = await startTestFlare(t)

t.test('POST registers a responder and returns its secret once', async (t) => {
  const res = await f.api('POST', '/api/v1/responders', { id: 'medic-1', name: 'Ana', roles: ['medic', 'first_aid'], zones: ['north'], lat: 52.5, lon: 13.4 })
  t.equal(res.status, 201)
  t.match(res.body.responder, { id: 'medic-1', name: 'Ana', roles: ['medic', 'first_aid'], zones: ['north'], codec: 'json', status: 'available', online: false, lat: 52.5, lon: 13.4, revokedAt: null })
  t.type(res.body.responder.locationAt, 'string', 'a location given at registration is timestamped')
  t.type(res.body.secret, 'string')
  t.ok(res.body.secret.length >= 32)

  const got = await f.api('GET', '/api/v1/responders/medic-1')
  t.equal(got.status, 200)
  t.equal(got.body.name, 'Ana')
  const listed = (await f.api('GET', '/api/v1/responders')).body.items.find((r: any) => r.id === 'medic-1')
  t.ok(listed, 'listed')
  for (const [where, body] of [['GET one', got.body], ['list', listed]] as const) {
    const text = JSON.stringify(body)
    t.notOk(text.includes(res.body.secret), `${where} never shows the secret`)
    t.notOk(/scrypt|secret|hash/i.test(text), `${where} has no secret or hash field`)
  }

  const { rows } = await f.app.db.pool.query('SELECT kind, secret_hash FROM principals WHERE id = $1', ['medic-1'])
  t.equal(rows[0].kind, 'responder')
  t.match(rows[0].secret_hash, /^hmac-sha256\$/)
  t.notOk(rows[0].secret_hash.includes(res.body.secret))
  t.ok(await f.app.secrets.verify(res.body.secret, rows[0].secret_hash))
})

t.test('defaults: generated id, json codec, no roles, zones or location', async (t) => {
  const res = await f.api('POST', '/api/v1/responders', { name: 'Bo' })
  t.equal(res.status, 201)
  t.match(res.body.responder.id, /^resp-[0-9a-f]{12}$/)
  t.match(res.body.responder, { codec: 'json', roles: [], zones: [], lat: null, lon: null, locationAt: null })
  const other = await f.api('POST', '/api/v1/responders', { name: 'Bo' })
  t.not(other.body.responder.id, res.body.responder.id)
  t.equal((await f.responder({ codec: 'protobuf' })).responder.codec, 'protobuf')
})

t.test('a duplicate id is a 409 conflict, also against a device', async (t) => {
  await f.responder({ id: 'resp-dup' })
  const again = await f.api('POST', '/api/v1/responders', { id: 'resp-dup', name: 'Again' })
  t.equal(again.status, 409)
  t.equal(again.body.error.code, 'conflict')
  await f.device({ id: 'shared-id' })
  const clash = await f.api('POST', '/api/v1/responders', { id: 'shared-id', name: 'After a device' })
  t.equal(clash.status, 409, 'a responder cannot take a device id')
  t.equal(clash.body.error.code, 'conflict')
  t.equal((await f.api('GET', '/api/v1/responders/shared-id')).status, 404, 'nothing half-created')
  const deviceClash = await f.api('POST', '/api/v1/devices', { id: 'resp-dup', kind: 'phone' })
  t.equal(deviceClash.status, 409, 'a device cannot take a responder id')
})

t.test('a bad body is a 400 bad_request', async (t) => {
  const bodies: unknown[] = [
    {},
    { name: '' },
    { name: 'X', roles: ['Medic'] },
    { name: 'X', roles: [{ medic: true }] },
    { name: 'X', lat: 10 },
    { name: 'X', lat: 91, lon: 0 },
    { name: 'X', lat: 0, lon: 181 },
    { name: 'X', id: 'bad/id' },
    { name: 'X', codec: 'xml' },
    { name: 'X', extra: 1 }
  ]
  for (const body of bodies) {
    const res = await f.api('POST', '/api/v1/responders', body)
    t.equal(res.status, 400, JSON.stringify(body))
    t.equal(res.body?.error?.code, 'bad_request')
  }
})

t.test('API keys: none is 401; viewer and dispatcher read but cannot write', async (t) => {
  const r = await f.responder({ id: 'auth-resp' })
  for (const [method, path, body] of [['GET', '/api/v1/responders'], ['POST', '/api/v1/responders', { name: 'X' }], ['DELETE', '/api/v1/responders/auth-resp']] as const) {
    const res = await f.api(method, path, body, null)
    t.equal(res.status, 401, `${method} without a key`)
    t.equal(res.body.error.code, 'unauthorized')
  }
  for (const role of ['viewer', 'dispatcher'] as const) {
    const key = await keyWithRole(f, role)
    t.equal((await f.api('GET', '/api/v1/responders', undefined, key)).status, 200, `${role} lists`)
    t.equal((await f.api('GET', `/api/v1/responders/${r.id}`, undefined, key)).status, 200, `${role} reads one`)
    const post = await f.api('POST', '/api/v1/responders', { name: 'X' }, key)
    t.equal(post.status, 403, `${role} cannot register`)
    t.equal(post.body.error.code, 'forbidden')
    const del = await f.api('DELETE', `/api/v1/responders/${r.id}`, undefined, key)
    t.equal(del.status, 403, `${role} cannot revoke`)
  }
  t.equal((await f.api('GET', `/api/v1/responders/${r.id}`)).body.revokedAt, null)
})

t.test('listing pages with limit and next', async (t) => {
  for (const id of ['r-page-1', 'r-page-2', 'r-page-3', 'r-page-4']) await f.responder({ id })
  const expected = (await f.api('GET', '/api/v1/responders?limit=1000')).body.items.map((r: any) => r.id)
  t.same(expected, [...expected].sort())
  const { pages, ids } = await allPages(f, '/api/v1/responders', 3)
  t.same(ids, expected)
  t.ok(pages.length >= 2 && pages.every((p) => p.length <= 3))
  const afterCursor = await f.api('GET', '/api/v1/responders?limit=2&after=r-page-2')
  t.same(afterCursor.body.items.map((r: any) => r.id), expected.filter((id: string) => id > 'r-page-2').slice(0, 2))
})

t.test('DELETE revokes: 204 then 404; revoked listed only with includeRevoked', async (t) => {
  await f.responder({ id: 'gone-soon' })
  t.equal((await f.api('DELETE', '/api/v1/responders/gone-soon')).status, 204)
  const again = await f.api('DELETE', '/api/v1/responders/gone-soon')
  t.equal(again.status, 404)
  t.equal(again.body.error.code, 'not_found')
  const one = await f.api('GET', '/api/v1/responders/gone-soon')
  t.type(one.body.revokedAt, 'string')
  t.equal(one.body.online, false)
  t.notOk((await allPages(f, '/api/v1/responders', 50)).ids.includes('gone-soon'))
  t.ok((await allPages(f, '/api/v1/responders?includeRevoked=true', 50)).ids.includes('gone-soon'))
  const { rows } = await f.app.db.pool.query('SELECT revoked_at FROM principals WHERE id = $1', ['gone-soon'])
  t.ok(rows[0].revoked_at instanceof Date)
  t.equal((await f.api('GET', '/api/v1/responders/nobody')).status, 404)
})
