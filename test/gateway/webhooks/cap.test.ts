import t from 'tap'
import { create } from 'xmlbuilder2'
import { verify } from '../../../gateway/webhooks/signature.js'
import { capSchemaErrors } from '../../helpers/cap-schema.js'
import { startTestFlare } from '../../helpers/flare.js'
import { receiver } from '../../helpers/http-receiver.js'
import { until } from '../../helpers/wait.js'

const FAST = { WEBHOOK_INTERVAL_MS: '50', WEBHOOK_BACKOFF_BASE_MS: '100', CAP_SENDER: 'flare@ops.example.org' }

t.test('a subscription in CAP form gets each event as a signed, valid CAP 1.2 document: the opening as the Alert, the cancellation as a Cancel that refers to it', async (t) => {
  const r = await receiver(t, (n) => n === 1 ? { status: 502 } : { status: 200 })
  const f = await startTestFlare(t, FAST)
  const made = await f.api('POST', '/api/v1/webhooks', { name: 'Provincial EMS', url: r.url, events: ['incident.opened', 'incident.cancelled'], format: 'cap' })
  t.equal(made.status, 201)
  t.equal(made.body.webhook.format, 'cap')
  const { webhook, secret } = made.body

  const d = await f.device({ kind: 'phone' })
  const c = await f.connect({ clientId: d.id, username: d.id, password: d.secret })
  await c.publishAsync(`dev/${d.id}/alert`, JSON.stringify({ alertId: 'cap-hook', kind: 'MEDICAL', location: { lat: -26.2041, lon: 28.0473 } }), { qos: 1 })
  await until(async () => r.got.length, (n) => n >= 2)
  t.equal(r.got[0].body, r.got[1].body, 'a retry sends the same document')
  const opened = r.got[1]
  t.match(opened.headers['content-type'], /^application\/cap\+xml/)
  t.equal(opened.headers['flare-event'], 'incident.opened')
  t.ok(verify(secret, opened.body, opened.headers['flare-signature'] as string, Math.floor(Date.now() / 1000)), 'signed over the XML as sent')
  t.same(await capSchemaErrors(opened.body), [], 'valid CAP 1.2')
  const alert = create(opened.body).end({ format: 'object' }).alert as any
  const incident = (await f.api('GET', '/api/v1/incidents')).body.items[0]
  t.match(alert, { identifier: `flare-incident-${incident.id as string}`, sender: 'flare@ops.example.org', msgType: 'Alert', info: { category: 'Health', event: 'Medical emergency', area: { circle: '-26.2041,28.0473 0' } } })
  const direct = await (await fetch(`${f.httpUrl}/api/v1/incidents/${incident.id as string}/cap`, { headers: { authorization: 'Bearer test-admin-key-0123456789' } })).text()
  t.equal(create(direct).end({ format: 'object' }).alert.identifier, alert.identifier, 'the same Alert as GET …/cap gives')

  t.equal((await f.api('POST', `/api/v1/incidents/${incident.id as string}/cancel`, { reason: 'the family called: she is fine' })).status, 200)
  await until(async () => r.got.length, (n) => n >= 3)
  t.same(await capSchemaErrors(r.got[2].body), [])
  t.match(create(r.got[2].body).end({ format: 'object' }).alert, { msgType: 'Cancel', note: 'the family called: she is fine', references: `flare@ops.example.org,${alert.identifier as string},${alert.sent as string}` })
  t.equal(r.got.length, 3, 'nothing else was sent')

  // Back to JSON: the next event comes as Flare's own.
  t.equal((await f.api('PATCH', `/api/v1/webhooks/${webhook.id as string}`, { format: 'json' })).body.format, 'json')
  t.equal((await f.api('POST', '/api/v1/webhooks', { name: 'x', url: r.url, events: ['incident.opened'], format: 'edxl' })).status, 400, 'an unknown format is refused')
})
