import t from 'tap'
import { connackCode, startTestFlare } from '../../helpers/flare.js'
import { until } from '../../helpers/wait.js'
import { keyWithRole } from './keys.js'

function tokenOf (url: string): string {
  const m = /\/app\/#enrol=(enr_[A-Za-z0-9_-]+)$/.exec(url)
  if (m === null) throw new Error(`not an enrolment link: ${url}`)
  return m[1]
}

t.test('a device enrolled through its link: the app gets a fresh secret, the old one and the old session are gone, the link works once', async (t) => {
  const f = await startTestFlare(t)
  const { id, secret: oldSecret } = await f.device({ kind: 'phone', name: 'Anna se foon' })
  const old = await f.connect({ url: f.wsUrl, clientId: id, username: id, password: oldSecret })

  const link = await f.api('POST', `/api/v1/devices/${id}/enrolment`)
  t.equal(link.status, 201)
  t.equal(link.body.principalId, id)
  t.equal(link.body.kind, 'device')
  t.ok(link.body.url.startsWith(f.httpUrl + '/app/#enrol='), 'the link points at the field app, the token in its fragment')
  t.equal(tokenOf(link.body.url), link.body.token)
  t.ok(Date.parse(link.body.expiresAt) > Date.now() + 23 * 3600_000, 'valid for a day by default')

  const closed = new Promise<void>((resolve) => old.once('close', () => resolve()))
  const enrolled = await f.api('POST', '/api/v1/enrol', { token: link.body.token }, null)
  t.equal(enrolled.status, 200)
  t.match(enrolled.body, { id, kind: 'device', name: 'Anna se foon', language: 'en', codec: 'json', mqtt: { path: '/mqtt', clientId: id, username: id } })
  t.not(enrolled.body.secret, oldSecret)
  await closed
  t.pass('the session on the old secret was dropped')

  t.equal(await connackCode(f.wsUrl, { clientId: id, username: id, password: enrolled.body.secret }), 0, 'the new secret connects')
  const refusal = await until(async () => await connackCode(f.wsUrl, { clientId: id, username: id, password: oldSecret }), (code) => code !== 0)
  t.equal(refusal, 4, 'the old secret is refused (bad user name or password)')

  const again = await f.api('POST', '/api/v1/enrol', { token: link.body.token }, null)
  t.equal(again.status, 410)
  t.equal(again.body.error.code, 'enrolment_used')
  t.match(again.body.error.message, /used already/)

  const { body: audit } = await f.api('GET', `/api/v1/audit?targetId=${id}`)
  t.same(audit.items.map((e: any) => e.action).filter((a: string) => a.startsWith('enrolment.')), ['enrolment.use', 'enrolment.create'])
  t.equal(audit.items.find((e: any) => e.action === 'enrolment.use').actor, `device:${id}`)
})

t.test('expired, replaced, revoked and unknown links are refused, each with its own reason', async (t) => {
  const f = await startTestFlare(t)
  const { id } = await f.device({ kind: 'phone' })

  const first = await f.api('POST', `/api/v1/devices/${id}/enrolment`)
  const second = await f.api('POST', `/api/v1/devices/${id}/enrolment`)
  const replaced = await f.api('POST', '/api/v1/enrol', { token: first.body.token }, null)
  t.equal(replaced.status, 410)
  t.equal(replaced.body.error.code, 'enrolment_cancelled', 'a newer link replaces the older one')

  await f.app.db.pool.query("UPDATE enrolments SET expires_at = now() - interval '1 second' WHERE token_hash IS NOT NULL AND principal_id = $1 AND cancelled_at IS NULL", [id])
  const expired = await f.api('POST', '/api/v1/enrol', { token: second.body.token }, null)
  t.equal(expired.status, 410)
  t.equal(expired.body.error.code, 'enrolment_expired')

  const third = await f.api('POST', `/api/v1/devices/${id}/enrolment`)
  t.equal((await f.api('DELETE', `/api/v1/devices/${id}`)).status, 204)
  const revoked = await f.api('POST', '/api/v1/enrol', { token: third.body.token }, null)
  t.equal(revoked.status, 410)
  t.equal(revoked.body.error.code, 'enrolment_revoked')
  t.equal((await f.api('POST', `/api/v1/devices/${id}/enrolment`)).status, 404, 'no link for a revoked device')

  const unknown = await f.api('POST', '/api/v1/enrol', { token: 'enr_' + 'x'.repeat(43) }, null)
  t.equal(unknown.status, 404)
  t.equal(unknown.body.error.code, 'enrolment_unknown')
  t.equal((await f.api('POST', '/api/v1/enrol', {}, null)).status, 400, 'no token: a validation error')

  const metrics = await (await fetch(f.httpUrl + '/metrics')).text()
  for (const result of ['created', 'cancelled', 'expired', 'revoked', 'unknown']) {
    t.match(metrics, new RegExp(`flare_enrolments_total\\{result="${result}"[^}]*\\} [1-9]`), `counted: ${result}`)
  }
})

t.test('responders and contacts enrol alike; only admins make links; a device link is not a responder link', async (t) => {
  const f = await startTestFlare(t)
  const { id: responderId } = await f.responder({ name: 'Sipho' })
  const link = await f.api('POST', `/api/v1/responders/${responderId}/enrolment`)
  t.equal(link.status, 201)
  const r = await f.api('POST', '/api/v1/enrol', { token: link.body.token }, null)
  t.match(r.body, { id: responderId, kind: 'responder', name: 'Sipho' })
  t.equal(await connackCode(f.mqttUrl, { clientId: responderId, username: responderId, password: r.body.secret }), 0)

  t.equal((await f.api('POST', '/api/v1/persons', { id: 'ouma', name: 'Ouma Sannie', language: 'af' })).status, 201)
  const contact = await f.api('POST', '/api/v1/persons/ouma/contacts', { name: 'Johan', language: 'af' })
  t.equal(contact.status, 201)
  const cl = await f.api('POST', `/api/v1/contacts/${contact.body.contact.id}/enrolment`)
  const c = await f.api('POST', '/api/v1/enrol', { token: cl.body.token }, null)
  t.match(c.body, { kind: 'contact', name: 'Johan', language: 'af' })

  t.equal((await f.api('POST', `/api/v1/devices/${responderId}/enrolment`)).status, 404, 'a responder id on the devices path')
  const dispatcher = await keyWithRole(f, 'dispatcher')
  const refused = await f.api('POST', `/api/v1/responders/${responderId}/enrolment`, undefined, dispatcher)
  t.equal(refused.status, 403)
  t.equal((await f.app.db.pool.query('SELECT count(*)::int AS n FROM enrolments')).rows[0].n, 2, 'the refused request made no link')
})
