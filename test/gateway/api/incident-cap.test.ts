import t from 'tap'
import { create } from 'xmlbuilder2'
import { ADMIN_KEY, startTestFlare, type TestFlare } from '../../helpers/flare.js'
import { capSchemaErrors } from '../../helpers/cap-schema.js'
import { until } from '../../helpers/wait.js'

async function cap (f: TestFlare, id: string, key: string | null = ADMIN_KEY): Promise<{ status: number, type: string | null, xml: string }> {
  const res = await fetch(`${f.httpUrl}/api/v1/incidents/${id}/cap`, { headers: key === null ? {} : { authorization: `Bearer ${key}` } })
  return { status: res.status, type: res.headers.get('content-type'), xml: await res.text() }
}

const alertOf = (xml: string): any => create(xml).end({ format: 'object' }).alert

t.test('GET /incidents/{id}/cap: the incident as valid CAP 1.2, an Alert, then Updates, then a Cancel that refers to the Alert', async (t) => {
  const f = await startTestFlare(t, { CAP_SENDER: 'flare@ops.example.org', PUBLIC_URL: 'https://flare.example.org' })
  const d = await f.device({ kind: 'phone' })
  const c = await f.connect({ clientId: d.id, username: d.id, password: d.secret })
  await c.publishAsync(`dev/${d.id}/alert`, JSON.stringify({ alertId: 'cap-1', kind: 'PANIC', location: { lat: -33.9249, lon: 18.4241 } }), { qos: 1 })
  const incident = await until(async () => (await f.api('GET', '/api/v1/incidents')).body.items[0], (i: any) => i !== undefined)

  const first = await cap(f, incident.id)
  t.equal(first.status, 200)
  t.match(first.type, /^application\/cap\+xml/)
  t.same(await capSchemaErrors(first.xml), [], 'valid against the CAP 1.2 schema')
  const a = alertOf(first.xml)
  t.match(a, { identifier: `flare-incident-${incident.id as string}`, sender: 'flare@ops.example.org', status: 'Actual', msgType: 'Alert', scope: 'Restricted' })
  t.equal(a.sent, (incident.openedAt as string).replace(/\.\d{3}Z$/, '+00:00'), 'sent when the incident opened')
  t.match(a.info, { category: 'Security', event: 'Panic alarm', urgency: 'Immediate', severity: 'Extreme', certainty: 'Observed', web: `https://flare.example.org/console/#/incident/${incident.id as string}` })
  t.equal(a.info.area.circle, '-33.9249,18.4241 0', 'the press\'s position')
  t.equal((await cap(f, incident.number)).xml, first.xml, 'by number too, and the same document again')

  const { id: responderId } = await f.responder({ name: 'Thandi', roles: ['security'] })
  t.equal((await f.api('POST', `/api/v1/incidents/${incident.id as string}/assign`, { responderId })).status, 200)
  const assigned = alertOf((await cap(f, incident.id)).xml)
  t.equal(assigned.msgType, 'Update')
  t.not(assigned.identifier, a.identifier, 'an Update has its own identifier')
  t.equal(assigned.references, `flare@ops.example.org,${a.identifier as string},${a.sent as string}`, 'and refers to the Alert')
  t.match(assigned.info.parameter, [{ valueName: 'flare:incidentId', value: incident.id }, { valueName: 'flare:incidentNumber', value: incident.number }, { valueName: 'flare:state', value: 'ASSIGNED' }])

  t.equal((await f.api('POST', `/api/v1/incidents/${incident.id as string}/cancel`, { reason: 'pressed by mistake' })).status, 200)
  const cancelled = await cap(f, incident.id)
  t.same(await capSchemaErrors(cancelled.xml), [])
  t.match(alertOf(cancelled.xml), { msgType: 'Cancel', note: 'pressed by mistake', references: `flare@ops.example.org,${a.identifier as string},${a.sent as string}` })
})

t.test('GET …/cap answers 404 for an unknown incident and 401 without a key', async (t) => {
  const f = await startTestFlare(t)
  const missing = await cap(f, '00000000-0000-4000-8000-000000000000')
  t.equal(missing.status, 404)
  t.match(JSON.parse(missing.xml), { error: { code: 'not_found', message: /no incident/ } })
  t.equal((await cap(f, '00000000-0000-4000-8000-000000000000', null)).status, 401)
})
