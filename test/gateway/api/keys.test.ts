// API keys over REST: created with a name and role (the key shown once), listed, revoked.
import t from 'tap'
import { startTestFlare } from '../../helpers/flare.js'
import { createUser, logIn } from './people.js'
import { keyWithRole } from './keys.js'

t.test('an admin creates a key, which works with its role at once and is never shown again', async (t) => {
  const f = await startTestFlare(t)
  const res = await f.api('POST', '/api/v1/keys', { name: 'wall board', role: 'viewer' })
  t.equal(res.status, 201)
  t.match(res.body, { id: Number, name: 'wall board', role: 'viewer', key: /^flr_[A-Za-z0-9_-]{43}$/, createdAt: String })
  const key = res.body.key
  t.equal((await f.api('GET', '/api/v1/incidents', undefined, key)).status, 200)
  t.equal((await f.api('POST', '/api/v1/devices', { kind: 'button' }, key)).status, 403, 'with its role only')

  const got = await f.api('GET', `/api/v1/keys/${String(res.body.id)}`)
  t.same(got.body, { id: res.body.id, name: 'wall board', role: 'viewer', createdAt: res.body.createdAt, revokedAt: null })
  const list = await f.api('GET', '/api/v1/keys')
  t.same(list.body.items.map((k: any) => k.name), ['ADMIN_API_KEY', 'wall board'])
  t.notMatch(JSON.stringify(list.body) + JSON.stringify(got.body), new RegExp(key.slice(4, 20)), 'the key is not shown again')
  const { rows } = await f.app.db.pool.query('SELECT key_hash FROM api_keys WHERE id = $1', [res.body.id])
  t.not(rows[0].key_hash, key, 'only a digest is stored')

  for (const body of [{ name: 'x', role: 'root' }, { role: 'viewer' }, { name: '', role: 'viewer' }, { name: 'x', role: 'viewer', key: 'mine' }]) {
    t.equal((await f.api('POST', '/api/v1/keys', body)).status, 400, JSON.stringify(body))
  }
  t.equal((await f.api('GET', '/api/v1/keys')).body.items.length, 2, 'nothing else was created')
  const audit = (await f.api('GET', '/api/v1/audit?action=key.create')).body.items
  t.match(audit, [{ targetId: String(res.body.id), details: { name: 'wall board', role: 'viewer' } }])
  t.notMatch(JSON.stringify(audit), new RegExp(key.slice(4, 20)), 'nor in the audit log')
})

t.test('a revoked key is refused from the next request on, on every node', async (t) => {
  const f = await startTestFlare(t)
  const g = await startTestFlare(t, {}, f.db)
  const made = (await f.api('POST', '/api/v1/keys', { name: 'script', role: 'dispatcher' })).body
  t.equal((await g.api('GET', '/api/v1/incidents', undefined, made.key)).status, 200)
  t.equal((await f.api('DELETE', `/api/v1/keys/${String(made.id)}`)).status, 204)
  const after = await g.api('GET', '/api/v1/incidents', undefined, made.key)
  t.equal(after.status, 401)
  t.equal(after.body.error.code, 'unauthorized')
  t.equal((await f.api('DELETE', `/api/v1/keys/${String(made.id)}`)).status, 404, 'revoked already')
  t.equal((await f.api('DELETE', '/api/v1/keys/99999')).status, 404)
  t.match((await f.api('GET', `/api/v1/keys/${String(made.id)}`)).body, { revokedAt: String })
  t.same((await f.api('GET', '/api/v1/keys')).body.items.map((k: any) => k.name), ['ADMIN_API_KEY'], 'revoked keys are left out…')
  t.same((await f.api('GET', '/api/v1/keys?includeRevoked=true')).body.items.map((k: any) => k.name), ['ADMIN_API_KEY', 'script'], '…unless asked for')
  t.match((await f.api('GET', '/api/v1/audit?action=key.revoke')).body.items, [{ targetId: String(made.id), details: { name: 'script' } }])
})

t.test('only admins manage keys, by key or by session (with the CSRF token)', async (t) => {
  const f = await startTestFlare(t)
  for (const role of ['viewer', 'dispatcher'] as const) {
    const k = await keyWithRole(f, role)
    t.equal((await f.api('POST', '/api/v1/keys', { name: 'mine', role: 'admin' }, k)).status, 403, role)
    t.equal((await f.api('GET', '/api/v1/keys', undefined, k)).status, 403, role)
  }
  await createUser(f, { username: 'ann', role: 'dispatcher' })
  await createUser(f, { username: 'root', role: 'admin' })
  const a = await logIn(f, 'ann')
  t.equal((await a.api('POST', '/api/v1/keys', { name: 'mine', role: 'admin' })).status, 403)
  const r = await logIn(f, 'root')
  t.equal((await r.api('POST', '/api/v1/keys', { name: 'by root', role: 'viewer' }, { csrf: false })).body.error.code, 'csrf_invalid')
  const made = await r.api('POST', '/api/v1/keys', { name: 'by root', role: 'viewer' })
  t.equal(made.status, 201)
  t.match((await f.api('GET', '/api/v1/audit?action=key.create')).body.items[0], { actor: /^user:root#/, ip: '127.0.0.1' })
  t.same((await f.api('GET', '/api/v1/keys')).body.items.map((k: any) => k.name), ['ADMIN_API_KEY', 'test viewer', 'test dispatcher', 'by root'])
})
