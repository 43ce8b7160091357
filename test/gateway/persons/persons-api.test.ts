import t from 'tap'
import { connackCode, startTestFlare } from '../../helpers/flare.js'
import { subscribeGranted as subscribe } from '../../broker/support.js'
import { keyWithRole } from '../api/keys.js'

const f = await startTestFlare(t)

t.test('persons: create, read with their devices, list, replace', async (t) => {
  const created = await f.api('POST', '/api/v1/persons', { id: 'ouma', name: 'Ouma Sarie', language: 'af', phone: '+27 21 555 0100' })
  t.equal(created.status, 201)
  t.match(created.body, { id: 'ouma', name: 'Ouma Sarie', language: 'af', phone: '+27 21 555 0100', hasMedicalProfile: false, medicalKeyId: null })
  await f.device({ id: 'ouma-pendant', kind: 'wearable', personId: 'ouma', name: 'Pendant' })

  const got = await f.api('GET', '/api/v1/persons/ouma')
  t.equal(got.status, 200)
  t.same(got.body.devices, [{ id: 'ouma-pendant', kind: 'wearable', name: 'Pendant', revokedAt: null }])

  const dflt = await f.api('POST', '/api/v1/persons', { name: 'Sam' })
  t.match(dflt.body, { id: /^person-[0-9a-f]{12}$/, language: 'en', phone: null })
  t.ok((await f.api('GET', '/api/v1/persons')).body.items.some((p: any) => p.id === 'ouma'))

  const put = await f.api('PUT', '/api/v1/persons/ouma', { name: 'Sarie', language: 'en' })
  t.equal(put.status, 200)
  t.match(put.body, { name: 'Sarie', language: 'en', phone: null })
  t.equal((await f.api('PUT', '/api/v1/persons/nobody', { name: 'x' })).status, 404)
  t.equal((await f.api('GET', '/api/v1/persons/nobody')).status, 404)
  t.equal((await f.api('POST', '/api/v1/persons', { id: 'ouma', name: 'Again' })).status, 409)
  const audited = await f.app.db.pool.query("SELECT action FROM audit_log WHERE target_id = 'ouma' ORDER BY id")
  t.same(audited.rows.map(r => r.action), ['person.create', 'person.update'])
})

t.test('persons: bad bodies are 400', async (t) => {
  for (const body of [{}, { name: '' }, { name: 'x', language: 'de' }, { name: 'x', phone: 'call me' }, { name: 'x', extra: 1 }, { name: 'x', id: 'a b' }]) {
    const res = await f.api('POST', '/api/v1/persons', body)
    t.equal(res.status, 400, JSON.stringify(body))
    t.equal(res.body.error.code, 'bad_request')
  }
})

t.test('roles: dispatchers read persons and contacts, viewers do not, only admins write', async (t) => {
  const viewer = await keyWithRole(f, 'viewer')
  const dispatcher = await keyWithRole(f, 'dispatcher')
  t.equal((await f.api('GET', '/api/v1/persons/ouma', undefined, dispatcher)).status, 200)
  t.equal((await f.api('GET', '/api/v1/persons/ouma/contacts', undefined, dispatcher)).status, 200)
  t.equal((await f.api('GET', '/api/v1/persons', undefined, viewer)).status, 403)
  t.equal((await f.api('GET', '/api/v1/persons/ouma', undefined, viewer)).status, 403)
  for (const key of [viewer, dispatcher]) {
    t.equal((await f.api('POST', '/api/v1/persons', { name: 'x' }, key)).status, 403)
    t.equal((await f.api('PUT', '/api/v1/persons/ouma', { name: 'x' }, key)).status, 403)
    t.equal((await f.api('POST', '/api/v1/persons/ouma/contacts', { name: 'x' }, key)).status, 403)
  }
})

t.test('contacts are MQTT principals: secret once, hashed; they may subscribe only to their own notify topic', async (t) => {
  const res = await f.api('POST', '/api/v1/persons/ouma/contacts', { id: 'kobus', name: 'Kobus', language: 'af', relation: 'son' })
  t.equal(res.status, 201)
  t.match(res.body.contact, { id: 'kobus', personId: 'ouma', name: 'Kobus', language: 'af', relation: 'son', revokedAt: null })
  const { secret } = res.body
  t.ok(secret.length >= 32)
  const { rows } = await f.app.db.pool.query('SELECT kind, secret_hash FROM principals WHERE id = $1', ['kobus'])
  t.equal(rows[0].kind, 'contact')
  t.notOk(rows[0].secret_hash.includes(secret))
  t.ok(await f.app.secrets.verify(secret, rows[0].secret_hash))

  const list = await f.api('GET', '/api/v1/persons/ouma/contacts')
  t.same(list.body.items.map((c: any) => c.id), ['kobus'])
  t.notOk(JSON.stringify(list.body).includes(secret), 'the list never shows the secret')
  t.equal((await f.api('GET', '/api/v1/contacts/kobus')).body.name, 'Kobus')

  const c = await f.connect({ clientId: 'kobus', username: 'kobus', password: secret })
  t.equal(await subscribe(c, 'notify/kobus'), 1, 'its own notices')
  t.equal(await subscribe(c, 'notify/someone-else'), 128, 'not another contact\'s')
  t.equal(await subscribe(c, 'notify/+'), 128, 'no wildcard over contacts')
  t.equal(await subscribe(c, 'dev/ouma-pendant/ack'), 128)
  t.equal(await subscribe(c, 'dispatch/kobus'), 128)
  t.equal(await connackCode(f.mqttUrl, { clientId: 'kobus', username: 'kobus', password: 'wrong' }), 4, 'a wrong secret is refused')
})

t.test('contacts: 404 for an unknown person, 409 for a taken id, 400 for a bad language', async (t) => {
  t.equal((await f.api('POST', '/api/v1/persons/nobody/contacts', { name: 'x' })).status, 404)
  t.equal((await f.api('GET', '/api/v1/persons/nobody/contacts')).status, 404)
  t.equal((await f.api('POST', '/api/v1/persons/ouma/contacts', { id: 'kobus', name: 'x' })).status, 409)
  t.equal((await f.api('POST', '/api/v1/persons/ouma/contacts', { id: 'ouma-pendant', name: 'x' })).status, 409, 'a device id is taken too')
  const bad = await f.api('POST', '/api/v1/persons/ouma/contacts', { name: 'x', language: 'zu' })
  t.equal(bad.status, 400)
  const dflt = await f.api('POST', '/api/v1/persons/ouma/contacts', { name: 'Neighbour' })
  t.match(dflt.body.contact, { id: /^contact-[0-9a-f]{12}$/, language: 'en', relation: null })
  const { rows } = await f.app.db.pool.query('SELECT count(*)::int AS n FROM principals WHERE id = $1', ['nobody'])
  t.equal(rows[0].n, 0, 'nothing half-created')
})

t.test('DELETE /contacts/:id revokes: live session dropped, reconnect refused, no longer listed', async (t) => {
  const res = await f.api('POST', '/api/v1/persons/ouma/contacts', { id: 'anna', name: 'Anna', language: 'en' })
  const c = await f.connect({ clientId: 'anna', username: 'anna', password: res.body.secret })
  const closed = new Promise<void>((resolve) => c.once('close', () => resolve()))
  t.equal((await f.api('DELETE', '/api/v1/contacts/anna', undefined, await keyWithRole(f, 'dispatcher'))).status, 403)
  t.equal((await f.api('DELETE', '/api/v1/contacts/anna')).status, 204)
  await closed
  t.pass('the live session was closed')
  t.not(await connackCode(f.mqttUrl, { clientId: 'anna', username: 'anna', password: res.body.secret }), 0, 'refused after revocation')
  t.equal((await f.api('DELETE', '/api/v1/contacts/anna')).status, 404)
  const active = await f.api('GET', '/api/v1/persons/ouma/contacts')
  t.notOk(active.body.items.some((x: any) => x.id === 'anna'))
  const all = await f.api('GET', '/api/v1/persons/ouma/contacts?includeRevoked=true')
  t.type(all.body.items.find((x: any) => x.id === 'anna')?.revokedAt, 'string')
  const { rows } = await f.app.db.pool.query('SELECT revoked_at FROM principals WHERE id = $1', ['anna'])
  t.ok(rows[0].revoked_at instanceof Date)
})
