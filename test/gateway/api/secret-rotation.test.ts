import t from 'tap'
import { createTestDatabase } from '../../helpers/database.js'
import { connackCode, startTestFlare } from '../../helpers/flare.js'
import { until } from '../../helpers/wait.js'
import { keyWithRole } from './keys.js'

t.test('a rotated secret: the new one works at once on every node, the old one for its grace period only, and a connected device stays connected', async (t) => {
  const db = await createTestDatabase()
  t.teardown(() => db.drop())
  const a = await startTestFlare(t, {}, db)
  const b = await startTestFlare(t, {}, db)
  const d = await a.device({ kind: 'phone' })
  const live = await a.connect({ clientId: d.id, username: d.id, password: d.secret })
  // The client id is the device's own: each of these CONNECTs takes the session over from the one before.
  const as = (secret: string): any => ({ clientId: d.id, username: d.id, password: secret, reconnectPeriod: 0 })

  t.equal((await a.api('POST', `/api/v1/devices/${d.id}/secret`, {}, await keyWithRole(a, 'dispatcher'))).status, 403, 'admins only')
  const first = await a.api('POST', `/api/v1/devices/${d.id}/secret`, { graceMinutes: 10 })
  t.equal(first.status, 200)
  t.not(first.body.secret, d.secret)
  t.ok(Date.parse(first.body.previousValidUntil) > Date.now() + 9 * 60_000, 'the old secret stays valid for ten minutes')
  t.match((await a.app.db.pool.query("SELECT details FROM audit_log WHERE action = 'device.rotate_secret'")).rows, [{ details: { graceMinutes: 10 } }], 'audited')

  // The session that was open stays open and keeps working.
  await new Promise(resolve => setTimeout(resolve, 200))
  t.ok(live.connected, 'the connected device was not cut off')
  await live.publishAsync(`dev/${d.id}/alert`, JSON.stringify({ alertId: 'after-rotation', kind: 'PANIC', location: { lat: -33.92, lon: 18.42 } }), { qos: 1 })
  t.pass('and its alert got its PUBACK')
  await live.endAsync()

  // New connections: on this node and on the other.
  t.equal(await connackCode(a.mqttUrl, as(first.body.secret)), 0, 'the new secret, here')
  t.equal(await until(async () => await connackCode(b.mqttUrl, as(first.body.secret)), (c) => c === 0), 0, 'and on the other node')
  t.equal(await connackCode(b.mqttUrl, as(d.secret)), 0, 'the old one during its grace period')

  // Rotated again at once (a leaked secret): no grace; the first two stop working everywhere.
  const second = await a.api('POST', `/api/v1/devices/${d.id}/secret`, { graceMinutes: 0 })
  t.equal(second.body.previousValidUntil, null)
  t.equal(await until(async () => await connackCode(b.mqttUrl, as(first.body.secret)), (c) => c === 4), 4, 'the previous secret is refused on the other node (bad user name or password)')
  t.equal(await connackCode(a.mqttUrl, as(d.secret)), 4, 'and the one before it')
  t.equal(await connackCode(a.mqttUrl, as(second.body.secret)), 0)

  // A grace period that has ended ends everywhere, without anyone being told.
  const third = await a.api('POST', `/api/v1/devices/${d.id}/secret`, { graceMinutes: 5 })
  t.equal(await connackCode(a.mqttUrl, as(second.body.secret)), 0, 'within its grace')
  await a.app.db.pool.query("UPDATE principals SET previous_valid_until = now() - interval '1 second', secret_hash = secret_hash WHERE id = $1", [d.id])
  t.equal(await until(async () => await connackCode(b.mqttUrl, as(second.body.secret)), (c) => c === 4), 4, 'after it, refused')
  t.equal(await connackCode(b.mqttUrl, as(third.body.secret)), 0)
})

t.test('responders and contacts rotate the same way; an unknown or revoked one is 404; a bad grace is 400', async (t) => {
  const f = await startTestFlare(t)
  const r = await f.responder({ name: 'Thabo', roles: ['security'] })
  const rot = await f.api('POST', `/api/v1/responders/${r.id}/secret`, {})
  t.equal(rot.status, 200, 'no grace given: the default')
  t.ok(Date.parse(rot.body.previousValidUntil) > Date.now() + 23 * 3_600_000, 'a day by default')
  t.equal(await connackCode(f.mqttUrl, { clientId: r.id, username: r.id, password: rot.body.secret, reconnectPeriod: 0 }), 0)
  t.equal((await f.api('POST', '/api/v1/persons', { id: 'gogo', name: 'Gogo' })).status, 201)
  const c = (await f.api('POST', '/api/v1/persons/gogo/contacts', { name: 'Neo' })).body.contact
  t.equal((await f.api('POST', `/api/v1/contacts/${c.id as string}/secret`, { graceMinutes: 0 })).status, 200)
  t.equal((await f.api('POST', `/api/v1/devices/${r.id}/secret`, {})).status, 404, 'a responder is not a device')
  t.equal((await f.api('POST', '/api/v1/devices/nobody/secret', {})).status, 404)
  t.equal((await f.api('DELETE', `/api/v1/contacts/${c.id as string}`)).status, 204)
  t.equal((await f.api('POST', `/api/v1/contacts/${c.id as string}/secret`, {})).status, 404, 'revoked')
  t.equal((await f.api('POST', `/api/v1/responders/${r.id}/secret`, { graceMinutes: -1 })).status, 400)
})
