import t from 'tap'
import { sign, verify } from '../../../gateway/webhooks/signature.js'
import { createTestDatabase } from '../../helpers/database.js'
import { startTestFlare, type TestFlare } from '../../helpers/flare.js'
import { receiver } from '../../helpers/http-receiver.js'
import { until } from '../../helpers/wait.js'

const FAST = { WEBHOOK_INTERVAL_MS: '50', WEBHOOK_BACKOFF_BASE_MS: '100' }

async function press (f: TestFlare): Promise<void> {
  const d = await f.device({ kind: 'phone' })
  const c = await f.connect({ clientId: d.id, username: d.id, password: d.secret })
  await c.publishAsync(`dev/${d.id}/alert`, JSON.stringify({ alertId: 'a1', kind: 'PANIC', location: { lat: -33.92, lon: 18.42 } }), { qos: 1 })
}

t.test('signatures: what a receiver checks', async (t) => {
  const header = sign('whsec_x', '{"a":1}', 1_800_000_000)
  t.match(header, /^t=1800000000,v1=[0-9a-f]{64}$/)
  t.ok(verify('whsec_x', '{"a":1}', header, 1_800_000_010))
  t.notOk(verify('whsec_x', '{"a":2}', header, 1_800_000_010), 'another body')
  t.notOk(verify('whsec_y', '{"a":1}', header, 1_800_000_010), 'another secret')
  t.notOk(verify('whsec_x', '{"a":1}', header, 1_800_000_400), 'too old: a replay')
  t.notOk(verify('whsec_x', '{"a":1}', undefined, 1_800_000_010))
})

t.test('an opened incident reaches a failing receiver once it recovers: same delivery id, signed, retried with backoff; filters hold; the log shows it', async (t) => {
  const r = await receiver(t, (n) => n <= 2 ? { status: 503, body: 'busy' } : { status: 200, body: '{"externalReference":"CAD-77"}' })
  const f = await startTestFlare(t, FAST)
  const made = await f.api('POST', '/api/v1/webhooks', { name: 'City CAD', url: r.url, events: ['incident.opened', 'incident.resolved'], categories: ['security'] })
  t.equal(made.status, 201)
  const { webhook, secret } = made.body
  t.match(secret, /^whsec_/)
  t.notOk('secret' in (await f.api('GET', `/api/v1/webhooks/${webhook.id as string}`)).body, 'the secret is shown once')

  await press(f)
  // A medical phone call: not a category this subscription wants.
  t.equal((await f.api('POST', '/api/v1/incidents', { category: 'medical', source: 'phone', description: 'not for the CAD' })).status, 201)
  await until(async () => r.got.length, (n) => n >= 3)
  t.equal(r.got.length, 3, 'two failures, then delivered; nothing else')
  t.equal(new Set(r.got.map(g => g.headers['flare-delivery'])).size, 1, 'one delivery id: the receiver can drop repeats')
  for (const g of r.got) t.ok(verify(secret, g.body, g.headers['flare-signature'] as string, Math.floor(Date.now() / 1000)), 'signed')
  const body = JSON.parse(r.got[2].body)
  t.match(body, { id: r.got[0].headers['flare-delivery'], type: 'incident.opened', incident: { category: 'security', state: 'NEW', number: /^INC-/ } })
  t.equal(r.got[2].headers['flare-event'], 'incident.opened')

  const log = await until(async () => (await f.api('GET', `/api/v1/webhooks/${webhook.id as string}/deliveries`)).body.items, (items: any[]) => items[0]?.state === 'delivered')
  t.match(log, [{ eventType: 'incident.opened', state: 'delivered', attempts: 3, lastStatus: 200, lastError: null, externalRef: 'CAD-77' }])
  const metrics = await (await fetch(`${f.httpUrl}/metrics`)).text()
  t.match(metrics, /flare_webhook_deliveries_total\{result="retry"[^}]*\} 2/)
  t.match(metrics, /flare_webhook_deliveries_total\{result="delivered"[^}]*\} 1/)

  // Re-triggered from the log: sent again, with the same id.
  const again = await f.api('POST', `/api/v1/webhooks/${webhook.id as string}/deliveries/${log[0].id as string}/retry`)
  t.equal(again.status, 202)
  await until(async () => r.got.length, (n) => n >= 4)
  t.equal(r.got[3].headers['flare-delivery'], log[0].id)
})

t.test('a restart between a failure and the success loses nothing and sends it once more only', async (t) => {
  let up = false
  const r = await receiver(t, () => up ? { status: 200 } : { status: 500 })
  const db = await createTestDatabase()
  t.teardown(() => db.drop())
  const first = await startTestFlare(t, FAST, db)
  const { body: { webhook } } = await first.api('POST', '/api/v1/webhooks', { name: 'Ops', url: r.url, events: ['incident.opened'] })
  await press(first)
  await until(async () => r.got.length, (n) => n >= 1)
  await first.app.close()
  up = true
  const before = r.got.length
  const second = await startTestFlare(t, FAST, db)
  const log = await until(async () => (await second.api('GET', `/api/v1/webhooks/${webhook.id as string}/deliveries`)).body.items, (items: any[]) => items[0]?.state === 'delivered', 20_000)
  t.equal(log.length, 1)
  t.equal(log[0].state, 'delivered', 'delivered by the restarted node')
  t.equal(r.got.length, before + 1, 'one more request after the restart')
  t.equal(r.got.filter(g => g.headers['flare-delivery'] === log[0].id).length, r.got.length, 'all for the one delivery')
})

t.test('the callback puts the external service\'s status on the timeline; a wrong signature changes nothing; bad subscriptions are refused', async (t) => {
  const f = await startTestFlare(t, FAST)
  const { body: { webhook, secret } } = await f.api('POST', '/api/v1/webhooks', { name: 'EMS', url: 'http://127.0.0.1:9/none', events: ['incident.updated'] })
  const { body: incident } = await f.api('POST', '/api/v1/incidents', { category: 'medical', source: 'phone' })
  const callback = async (payload: unknown, signature?: string): Promise<number> => {
    const body = JSON.stringify(payload)
    const res = await fetch(`${f.httpUrl}/api/v1/integrations/${webhook.id as string}/callback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'flare-signature': signature ?? sign(secret, body, Math.floor(Date.now() / 1000)) },
      body
    })
    return res.status
  }
  const payload = { incidentId: incident.id, status: 'ambulance dispatched', externalReference: 'EMS-5' }
  t.equal(await callback(payload), 202)
  t.equal(await callback(payload, sign('whsec_wrong', JSON.stringify(payload), Math.floor(Date.now() / 1000))), 401)
  t.equal(await callback({ ...payload, incidentId: '00000000-0000-4000-8000-000000000000' }), 404)
  const { rows } = await f.app.db.pool.query("SELECT actor, reason, data FROM incident_events WHERE incident_id = $1 AND type = 'external_status'", [incident.id])
  t.match(rows, [{ actor: `integration:EMS#${webhook.id as string}`, reason: 'ambulance dispatched', data: { externalReference: 'EMS-5' } }], 'once, from the signed callback')

  t.equal((await f.api('POST', '/api/v1/webhooks', { name: 'x', url: 'ftp://x', events: ['incident.opened'] })).status, 400)
  t.equal((await f.api('POST', '/api/v1/webhooks', { name: 'x', url: 'http://x', events: ['incident.exploded'] })).status, 400)
  t.equal((await f.api('POST', '/api/v1/webhooks', { name: 'x', url: 'http://x', events: [] })).status, 400)
  t.equal((await f.api('POST', '/api/v1/webhooks', { name: 'x', url: 'http://x', events: ['incident.opened'], maxPriority: 0 })).status, 400, 'priority 0 is refused, not read as "all"')
  t.equal((await f.api('POST', '/api/v1/webhooks', { name: 'x', url: 'http://x', events: ['incident.opened'], maxPriority: null })).status, 201, 'null is all')
  t.equal((await f.api('DELETE', `/api/v1/webhooks/${webhook.id as string}`)).status, 204)
  t.equal(await callback(payload), 401, 'a revoked subscription\'s callbacks are refused')
})
