import t from 'tap'
import { randomBytes } from 'node:crypto'
import { connackCode, startTestFlare } from '../../helpers/flare.js'
import { receiver } from '../../helpers/http-receiver.js'
import { until } from '../../helpers/wait.js'
import { keyWithRole } from './keys.js'

const PROFILE = { conditions: ['Brittle asthma'], medication: ['Salbutamol inhaler'], bloodType: 'O-' }
// What names or places Lindiwe: after her erasure none of it may be anywhere in the database.
const HERS = ['Lindiwe', 'Zungu', '+27 82 555 0199', 'Brittle asthma', 'Salbutamol', '14 Jacaranda', 'Sipho Zungu', 'fell in the kitchen', '-25.7461', '28.1881']

t.test('export and erasure: everything about a person in one document; then nothing that names or places her, in one transaction', async (t) => {
  const r = await receiver(t, () => ({ status: 200 }))
  const f = await startTestFlare(t, { MEDICAL_KEY: randomBytes(32).toString('base64'), WEBHOOK_INTERVAL_MS: '50' })
  const pool = f.app.db.pool
  await f.api('POST', '/api/v1/webhooks', { name: 'EMS', url: r.url, events: ['incident.opened'] })
  t.equal((await f.api('POST', '/api/v1/persons', { id: 'p-1042', name: 'Lindiwe Zungu', phone: '+27 82 555 0199' })).status, 201)
  t.equal((await f.api('PUT', '/api/v1/persons/p-1042/medical', PROFILE)).status, 200)
  const contact = (await f.api('POST', '/api/v1/persons/p-1042/contacts', { name: 'Sipho Zungu', relation: 'son' })).body
  t.equal((await f.api('POST', '/api/v1/persons', { id: 'p-2000', name: 'Other Person' })).status, 201)
  const d = await f.device({ kind: 'phone', personId: 'p-1042', name: 'Lindiwe phone' })
  t.equal((await f.api('PATCH', `/api/v1/devices/${d.id}`, { installAddress: '14 Jacaranda St', installLat: -25.7461, installLon: 28.1881 })).status, 200)
  const other = await f.device({ kind: 'phone', personId: 'p-2000' })
  const son = await f.connect({ clientId: contact.contact.id, username: contact.contact.id, password: contact.secret })
  const dev = await f.connect({ clientId: d.id, username: d.id, password: d.secret })
  await dev.publishAsync(`dev/${d.id}/alert`, JSON.stringify({ alertId: 'f-1', kind: 'FALL', location: { lat: -25.7461, lon: 28.1881 }, batteryPct: 41 }), { qos: 1 })
  await dev.publishAsync(`dev/${d.id}/alert`, Buffer.from('fell in the kitchen, garbled'), { qos: 1 })
  const inc = await until(async () => (await f.api('GET', '/api/v1/incidents')).body.items[0], (i: any) => i !== undefined)
  await until(async () => r.got.length, (n) => n >= 1)
  const oc = await f.connect({ clientId: other.id, username: other.id, password: other.secret })
  await oc.publishAsync(`dev/${other.id}/alert`, JSON.stringify({ alertId: 'o-1', kind: 'PANIC', location: { lat: -26.1, lon: 28.0 } }), { qos: 1 })

  // The export: an admin's, with the medical profile decrypted and that read audited.
  t.equal((await f.api('GET', '/api/v1/persons/p-1042/export', undefined, await keyWithRole(f, 'dispatcher'))).status, 403, 'not for a dispatcher')
  t.equal((await f.api('GET', '/api/v1/persons/nobody/export')).status, 404)
  const exp = await f.api('GET', '/api/v1/persons/p-1042/export')
  t.equal(exp.status, 200)
  t.match(exp.body, {
    person: { id: 'p-1042', name: 'Lindiwe Zungu', phone: '+27 82 555 0199' },
    medicalProfile: PROFILE,
    contacts: [{ id: contact.contact.id, name: 'Sipho Zungu', relation: 'son' }],
    devices: [{ id: d.id, installAddress: '14 Jacaranda St' }],
    incidents: [{ id: inc.id, number: inc.number, kind: 'FALL', lat: -25.7461, timeline: Array, locations: [{ lat: -25.7461, lon: 28.1881 }] }],
    alerts: [{ alertId: 'f-1', lat: -25.7461, payload: { alertId: 'f-1', kind: 'FALL' } }],
    deadLetters: [{ deviceId: d.id, payloadBase64: Buffer.from('fell in the kitchen, garbled').toString('base64') }]
  })
  t.ok(exp.body.audit.some((e: any) => e.action === 'contact.create'), 'the audit entries about her')
  t.notOk(JSON.stringify(exp.body).includes('Other Person'), 'nobody else\'s data')
  const audits = (await pool.query("SELECT action FROM audit_log WHERE target_id = 'p-1042' AND action IN ('medical.read', 'person.export')")).rows.map(x => x.action).sort()
  t.same(audits, ['medical.read', 'person.export'], 'the export and its medical read are audited')

  // Erasure: refused while help may still be on its way, then done in one go.
  const refused = await f.api('DELETE', '/api/v1/persons/p-1042')
  t.equal(refused.status, 409)
  t.match(refused.body.error, { code: 'person_has_open_incidents', message: new RegExp(inc.number) })
  t.equal((await f.api('DELETE', '/api/v1/persons/p-1042', undefined, await keyWithRole(f, 'dispatcher'))).status, 403)
  t.equal((await f.api('POST', `/api/v1/incidents/${inc.id as string}/cancel`, { reason: 'Lindiwe says she is fine' })).status, 200)
  const closed = new Promise<void>((resolve) => son.once('close', () => resolve()))
  const erased = await f.api('DELETE', '/api/v1/persons/p-1042')
  t.equal(erased.status, 200)
  t.match(erased.body, { erased: 'p-1042', removed: { contacts: 1, devices: 1, incidents: 1, alerts: 1, deadLetters: 1, locations: 1, deliveries: 1 } })
  await closed
  t.pass('the contact\'s live session was closed')
  t.equal(await connackCode(f.mqttUrl, { clientId: contact.contact.id, username: contact.contact.id, password: contact.secret, reconnectPeriod: 0 }), 5, 'and it cannot come back')

  t.equal((await f.api('GET', '/api/v1/persons/p-1042')).status, 404)
  t.equal((await f.api('GET', `/api/v1/contacts/${contact.contact.id as string}`)).status, 404)
  t.match((await f.api('GET', `/api/v1/devices/${d.id}`)).body, { id: d.id, personId: null }, 'the device stays, without her')
  t.match((await f.api('GET', `/api/v1/incidents/${inc.id as string}`)).body, { id: inc.id, category: 'medical', state: 'CANCELLED', personId: null, lat: null, lon: null, locations: [] }, 'the incident stays as a number')
  t.equal((await f.api('DELETE', '/api/v1/persons/p-1042')).status, 404, 'once only')

  // Nothing of hers left anywhere but the record that she was erased (by id).
  const tables = (await pool.query<{ name: string }>("SELECT quote_ident(table_name) AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'")).rows
  const found: string[] = []
  for (const { name } of tables) {
    for (const { row } of (await pool.query<{ row: string }>(`SELECT t::text AS row FROM ${name} t`)).rows) {
      for (const s of HERS) if (row.includes(s) || row.includes(Buffer.from(s).toString('hex'))) found.push(`${name}: ${s}`)
    }
  }
  t.same(found, [], 'no name, phone, address, position, medical text or raw payload of hers in any table')
  t.match((await pool.query("SELECT actor, details FROM audit_log WHERE action = 'person.erase' AND target_id = 'p-1042'")).rows, [{ actor: /^api:/, details: { contacts: 1, incidents: 1 } }], 'the erasure itself is audited')
  t.match((await f.api('GET', '/api/v1/persons/p-2000')).body, { name: 'Other Person', devices: [{ id: other.id }] }, 'another person is untouched')
  t.equal((await pool.query("SELECT count(*)::int AS n FROM alerts WHERE alert_id = 'o-1' AND lat = -26.1")).rows[0].n, 1)
})
