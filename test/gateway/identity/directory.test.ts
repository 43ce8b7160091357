// MQTT principals from memory: CONNECT needs no database round trip, changes reach every node by
// NOTIFY, older scrypt hashes still work and are upgraded, revocation still drops and refuses.
import t from 'tap'
import pg from 'pg'
import { connackCode, startTestFlare } from '../../helpers/flare.js'
import { createTestDatabase } from '../../helpers/database.js'
import { until } from '../../helpers/wait.js'
import { startPgProxy } from '../dispatch/pg-proxy.js'
import { hashSecret } from '../../../gateway/identity/secrets.js'

const ACCEPTED = 0
const BAD_CREDENTIALS = 4
const NOT_AUTHORIZED = 5

t.test('a device connects while PostgreSQL is unreachable', async (t) => {
  const db = await createTestDatabase()
  t.teardown(db.drop)
  const proxy = await startPgProxy()
  t.teardown(proxy.close)
  const f = await startTestFlare(t, { DATABASE_URL: proxy.url(db.name) }, db)
  const d = await f.device({ kind: 'phone' })
  const r = await f.responder({ roles: ['security'] })
  await until(async () => f.app.directory.size, (n) => n >= 2)

  proxy.cut()
  await until(async () => f.app.db.pool.idleCount, (n) => n === 0, 20_000)
  t.equal(await connackCode(f.mqttUrl, { clientId: d.id, username: d.id, password: d.secret }), ACCEPTED, 'the device is admitted from memory')
  t.equal(await connackCode(f.mqttUrl, { clientId: r.id, username: r.id, password: r.secret }), ACCEPTED, 'and so is the responder')
  t.equal(await connackCode(f.mqttUrl, { clientId: d.id, username: d.id, password: 'wrong' }), BAD_CREDENTIALS, 'a wrong secret is still refused')
  t.equal(await connackCode(f.mqttUrl, { clientId: 'nobody', username: 'nobody', password: 'x' }), BAD_CREDENTIALS, 'an unknown id is refused, not left waiting')
  proxy.restore()
})

t.test('provisioned, changed and revoked on another node: this node knows at once', async (t) => {
  const db = await createTestDatabase()
  t.teardown(db.drop)
  const a = await startTestFlare(t, {}, db)
  const b = await startTestFlare(t, {}, db)
  const d = await b.device({ kind: 'phone' })
  t.equal(await connackCode(a.mqttUrl, { clientId: d.id, username: d.id, password: d.secret }), ACCEPTED, 'a device provisioned through node B connects to node A')

  const direct = new pg.Pool({ connectionString: db.url, max: 1 })
  t.teardown(async () => { await direct.end() })
  await direct.query("UPDATE devices SET codec = 'protobuf' WHERE id = $1", [d.id])
  const codec = await until(async () => (await a.app.directory.authenticate(d.id, d.secret)) as any, (res) => res.principal?.codec === 'protobuf')
  t.equal(codec.principal.codec, 'protobuf', 'a change made in SQL reaches the node by notification')

  // Revoked behind Flare's back (no broker message): the notification alone must be enough.
  await direct.query('UPDATE principals SET revoked_at = now() WHERE id = $1', [d.id])
  const refused = await until(async () => await connackCode(a.mqttUrl, { clientId: d.id, username: d.id, password: d.secret }), (c) => c !== ACCEPTED, 5000)
  t.equal(refused, NOT_AUTHORIZED, 'refused once revoked')
})

t.test('revocation through the API drops the session on the node holding it, and the reconnect is refused', async (t) => {
  const db = await createTestDatabase()
  t.teardown(db.drop)
  // Two nodes of a cluster: the broker's revocation message crosses Redis.
  const redis = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'
  const a = await startTestFlare(t, { REDIS_URL: redis }, db)
  const b = await startTestFlare(t, { REDIS_URL: redis }, db)
  const d = await a.device()
  const client = await b.connect({ clientId: d.id, username: d.id, password: d.secret })
  const closed = new Promise<void>((resolve) => client.once('close', () => resolve()))
  t.equal((await a.api('DELETE', `/api/v1/devices/${d.id}`)).status, 204)
  await closed
  t.equal(await connackCode(b.mqttUrl, { clientId: d.id, username: d.id, password: d.secret }), NOT_AUTHORIZED, 'the reconnect is refused')
})

t.test('an scrypt hash from before still works and is replaced by the keyed digest on the next CONNECT', async (t) => {
  const f = await startTestFlare(t)
  // A device provisioned by an earlier version, as its rows were written then.
  const d = { id: 'old-button', secret: 'a-secret-from-an-earlier-version-0123456789' }
  await f.app.db.pool.query("INSERT INTO principals (id, kind, secret_hash) VALUES ($1, 'device', $2)", [d.id, await hashSecret(d.secret)])
  await f.app.db.pool.query("INSERT INTO devices (id, kind, codec) VALUES ($1, 'button', 'json')", [d.id])

  t.equal(await connackCode(f.mqttUrl, { clientId: d.id, username: d.id, password: d.secret }), ACCEPTED, 'the scrypt hash verifies')
  const stored = await until(async () => (await f.app.db.pool.query('SELECT secret_hash FROM principals WHERE id = $1', [d.id])).rows[0].secret_hash,
    (h: string) => h.startsWith('hmac-sha256$'))
  t.match(stored, /^hmac-sha256\$/, 'upgraded to the keyed digest')
  t.ok(await f.app.secrets.verify(d.secret, stored), 'which verifies the same secret')
  t.equal(await connackCode(f.mqttUrl, { clientId: d.id, username: d.id, password: d.secret }), ACCEPTED, 'and the device still connects')
  t.equal(await connackCode(f.mqttUrl, { clientId: d.id, username: d.id, password: 'wrong' }), BAD_CREDENTIALS)
})

t.test('after the LISTEN session is lost, every principal is read again', async (t) => {
  const f = await startTestFlare(t)
  const d = await f.device()
  await until(async () => f.app.directory.size, (n) => n >= 1)
  // Kill the listening session, then change the device while nobody listens.
  const admin = f.app.db.pool
  await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'flare-principals' AND datname = current_database()")
  await admin.query('UPDATE principals SET revoked_at = now() WHERE id = $1', [d.id])
  const res = await until(async () => (await f.app.directory.authenticate(d.id, d.secret)) as any, (r) => r.refused === 'revoked', 20_000)
  t.equal(res.refused, 'revoked', 'the change made while the session was down is seen after it is back')
})

t.test('revoked during an outage: the node cut off from PostgreSQL still drops the session and refuses the reconnect', async (t) => {
  const db = await createTestDatabase()
  t.teardown(db.drop)
  const proxy = await startPgProxy()
  t.teardown(proxy.close)
  const redis = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'
  // Node A reaches PostgreSQL directly; node B only through the proxy, which is then cut.
  const a = await startTestFlare(t, { REDIS_URL: redis }, db)
  const b = await startTestFlare(t, { REDIS_URL: redis, DATABASE_URL: proxy.url(db.name) }, db)
  const d = await a.device()
  const client = await b.connect({ clientId: d.id, username: d.id, password: d.secret })
  proxy.cut()
  await until(async () => b.app.db.pool.idleCount, (n) => n === 0, 20_000)

  const closed = new Promise<void>((resolve) => client.once('close', () => resolve()))
  t.equal((await a.api('DELETE', `/api/v1/devices/${d.id}`)).status, 204, 'revoked through node A')
  await closed
  t.pass('node B dropped the session without asking PostgreSQL')
  t.equal(await connackCode(b.mqttUrl, { clientId: d.id, username: d.id, password: d.secret }), NOT_AUTHORIZED, 'and refuses the reconnect from memory')
  proxy.restore()
})
