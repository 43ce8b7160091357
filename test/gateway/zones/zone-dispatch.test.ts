import t, { type Test } from 'tap'
import { startTestFlare } from '../../helpers/flare.js'
import { collect, subscribe } from '../../helpers/mqtt.js'
import { decode } from '../../../gateway/codec/wire.js'
import { polygon } from './support.js'

const f = await startTestFlare(t)

t.before(async () => {
  // North and south of a city; the alert points below are inside exactly one of them, or neither.
  await f.api('POST', '/api/v1/zones', { id: 'north', name: 'North', geometry: polygon(18.40, -33.90, 18.50, -33.80) })
  await f.api('POST', '/api/v1/zones', { id: 'south', name: 'South', geometry: polygon(18.40, -34.10, 18.50, -34.00) })
  const rules = await f.api('PUT', '/api/v1/rules', {
    rules: [{
      id: 'north-panic',
      match: { kinds: ['PANIC'], zones: ['north'] },
      category: 'security-north',
      priority: 2,
      openIncident: true,
      dispatch: { roles: ['guard'], radiusM: 50_000, count: 5, offerTimeoutS: 60 },
      notifyContacts: false
    }]
  })
  if (rules.status !== 200) throw new Error(`PUT /rules: ${JSON.stringify(rules.body)}`)
})

/** Publishes a JSON alert from a fresh phone and returns the incident it opened. */
async function press (t: Test, alertId: string, lat: number, lon: number): Promise<any> {
  const d = await f.device({ kind: 'phone' })
  const dev = await f.connect({ clientId: d.id, username: d.id, password: d.secret })
  const acks = collect(dev, `dev/${d.id}/ack`)
  await subscribe(dev, `dev/${d.id}/ack`)
  await dev.publishAsync(`dev/${d.id}/alert`, JSON.stringify({ alertId, kind: 'PANIC', location: { lat, lon } }), { qos: 1 })
  const ack = JSON.parse((await acks.next()).toString())
  t.equal(ack.status, 'ACCEPTED')
  const { rows } = await f.app.db.pool.query('SELECT id FROM incidents WHERE number = $1', [ack.incidentNumber])
  return (await f.api('GET', `/api/v1/incidents/${rows[0].id as string}`)).body
}

t.test('an alert inside a zone gets its id, and the zone-specific rule applies', async (t) => {
  const inNorth = await press(t, 'n1', -33.85, 18.45)
  t.equal(inNorth.zoneId, 'north')
  t.equal(inNorth.ruleId, 'north-panic')
  t.equal(inNorth.category, 'security-north')

  const inSouth = await press(t, 's1', -34.05, 18.45)
  t.equal(inSouth.zoneId, 'south')
  t.equal(inSouth.ruleId, 'panic', 'the north rule does not match in the south: the default applies')

  const nowhere = await press(t, 'x1', -33.50, 18.45)
  t.equal(nowhere.zoneId, null)
  t.equal(nowhere.ruleId, 'panic')
})

t.test('a zone-specific responder gets offers only in its zones; one without zones everywhere', async (t) => {
  // The south guard is the nearest, but serves only the south.
  const southGuard = await f.responder({ id: 'guard-south', roles: ['guard'], zones: ['south'], lat: -33.851, lon: 18.451 })
  const northGuard = await f.responder({ id: 'guard-north', roles: ['guard'], zones: ['north'], lat: -33.86, lon: 18.46 })
  const anyGuard = await f.responder({ id: 'guard-any', roles: ['guard'], lat: -33.87, lon: 18.47 })
  const clients = await Promise.all([southGuard, northGuard, anyGuard].map(async (r) => {
    const c = await f.connect({ clientId: r.id, username: r.id, password: r.secret })
    const offers = collect(c, `dispatch/${r.id}`)
    t.equal(await subscribe(c, `dispatch/${r.id}`), 1)
    return offers
  }))

  const incident = await press(t, 'n2', -33.85, 18.45)
  t.equal(incident.zoneId, 'north')
  for (const offers of clients.slice(1)) {
    const msg = decode('DispatchMessage', await offers.next(), 'json')
    t.equal(msg.offer?.incidentNumber, incident.number)
  }
  const { rows } = await f.app.db.pool.query('SELECT responder_id FROM offers WHERE incident_id = $1 ORDER BY distance_m', [incident.id])
  t.same(rows.map(r => r.responder_id), ['guard-north', 'guard-any'], 'no offer for the south guard, although nearest')
  t.equal(clients[0].messages.length, 0)
})
