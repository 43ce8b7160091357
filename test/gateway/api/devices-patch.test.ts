// PATCH /api/v1/devices/{id}: name, person and install location, audited, validated, and read by
// the alert path at once (a connected device need not reconnect).
import t from 'tap'
import { startTestFlare } from '../../helpers/flare.js'
import { collect, subscribe } from '../../helpers/mqtt.js'
import { keyWithRole } from './keys.js'

t.test('PATCH a device: fields, null clears, audit, and the alert path sees the new person', async (t) => {
  const f = await startTestFlare(t)
  const ana = (await f.api('POST', '/api/v1/persons', { name: 'Ana' })).body
  const ben = (await f.api('POST', '/api/v1/persons', { name: 'Ben' })).body
  const d = await f.device({ kind: 'wearable', codec: 'json', personId: ana.id })
  t.match(d.device, { install: null, personId: ana.id })
  const client = await f.connect({ clientId: d.id, username: d.id, password: d.secret })
  const acks = collect(client, `dev/${d.id}/ack`)
  await subscribe(client, `dev/${d.id}/ack`)

  const res = await f.api('PATCH', `/api/v1/devices/${d.id}`, { name: "Ben's pendant", personId: ben.id, installLat: -33.9, installLon: 18.4, installAddress: '3 Oak Lane' })
  t.equal(res.status, 200, JSON.stringify(res.body))
  t.match(res.body, { id: d.id, name: "Ben's pendant", personId: ben.id, install: { lat: -33.9, lon: 18.4, address: '3 Oak Lane' } })
  t.match((await f.api('GET', `/api/v1/devices/${d.id}`)).body, { name: res.body.name, personId: ben.id, install: res.body.install }, 'GET shows the same')
  t.ok((await f.api('GET', '/api/v1/devices')).body.items.find((x: any) => x.id === d.id).install !== null, 'so does the list')
  const audit = (await f.api('GET', `/api/v1/audit?action=device.update&targetId=${d.id}`)).body.items
  t.match(audit[0], { actor: /^api:/, details: { changes: { personId: ben.id, installAddress: '3 Oak Lane' } } })

  await client.publishAsync(`dev/${d.id}/alert`, JSON.stringify({ alertId: 'p1', kind: 'FALL' }), { qos: 1 })
  const ack = JSON.parse((await acks.next()).toString())
  const inc = (await f.api('GET', `/api/v1/incidents/${ack.incidentNumber}`)).body
  t.match(inc, { personId: ben.id, personName: 'Ben', deviceName: "Ben's pendant", address: '3 Oak Lane', lat: -33.9 }, 'the new person and install location, without a reconnect')

  // only what is given changes; null clears
  const cleared = await f.api('PATCH', `/api/v1/devices/${d.id}`, { personId: null, installAddress: null })
  t.match(cleared.body, { name: "Ben's pendant", personId: null, install: { lat: -33.9, lon: 18.4, address: null } })
  t.equal((await f.api('PATCH', `/api/v1/devices/${d.id}`, { installLat: null, installLon: null })).body.install, null)

  // online while its session is open; last seen and battery as telemetry said
  await client.publishAsync(`dev/${d.id}/telemetry`, JSON.stringify({ batteryPct: 64 }), { qos: 1 })
  const seen = await until(async () => { const b = (await f.api('GET', `/api/v1/devices/${d.id}`)).body; return b.online === true && b.batteryPct === 64 ? b : undefined })
  t.type(seen.lastSeenAt, 'string')
  await client.endAsync()
  await until(async () => (await f.api('GET', `/api/v1/devices/${d.id}`)).body.online === false ? true : undefined)
  t.pass('offline once its session closed')
})

async function until<T> (fn: () => Promise<T | undefined>, ms = 10_000): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const v = await fn()
    if (v !== undefined) return v
    if (Date.now() > end) throw new Error('timed out')
    await new Promise(resolve => setTimeout(resolve, 50))
  }
}

t.test('bad input: a clear error with its code, nothing changed', async (t) => {
  const f = await startTestFlare(t)
  const d = await f.device({ name: 'Button' })
  const before = (await f.api('GET', `/api/v1/devices/${d.id}`)).body
  const cases: Array<[unknown, number, string]> = [
    [{}, 400, 'bad_request'],
    [{ installLat: 10 }, 400, 'bad_request'],
    [{ installLat: 10, installLon: null }, 400, 'bad_request'],
    [{ installLat: 91, installLon: 0 }, 400, 'bad_request'],
    [{ name: '' }, 400, 'bad_request'],
    [{ kind: 'phone' }, 400, 'bad_request'],
    [{ personId: 'nobody' }, 400, 'unknown_person']
  ]
  for (const [body, status, code] of cases) {
    const res = await f.api('PATCH', `/api/v1/devices/${d.id}`, body)
    t.equal(res.status, status, JSON.stringify(body))
    t.equal(res.body.error.code, code, JSON.stringify(body))
  }
  t.equal((await f.api('PATCH', '/api/v1/devices/nobody', { name: 'x' })).status, 404)
  t.equal((await f.api('PATCH', `/api/v1/devices/${d.id}`, { name: 'x' }, await keyWithRole(f, 'dispatcher'))).status, 403, 'admin only, like provisioning')
  t.equal((await f.api('PATCH', `/api/v1/devices/${d.id}`, { name: 'x' }, null)).status, 401)
  t.same((await f.api('GET', `/api/v1/devices/${d.id}`)).body, before, 'nothing changed')
  t.equal((await f.api('GET', `/api/v1/audit?action=device.update&targetId=${d.id}`)).body.items.length, 0, 'nothing audited')
  await f.api('DELETE', `/api/v1/devices/${d.id}`)
  t.equal((await f.api('PATCH', `/api/v1/devices/${d.id}`, { name: 'x' })).status, 404, 'a revoked device is not changed')
})
