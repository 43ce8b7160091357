// An incident follows its caller: later alerts and telemetry with a position move it and add to its
// location history; an incident opened without a position is dispatched once one arrives; a device's
// install location stands in for a missing fix. Real devices and responders over MQTT.
import t from 'tap'
import type { MqttClient } from 'mqtt'
import { startTestFlare, type TestFlare } from '../../helpers/flare.js'
import { collect, subscribe } from '../../helpers/mqtt.js'
import { HERE, nextOf, responderAt } from '../dispatch/responders.js'
import { dashboard, liveUrl } from '../live/support.js'

interface Dev { id: string, client: MqttClient, alert: (body: Record<string, unknown>) => Promise<any>, telemetry: (body: Record<string, unknown>) => Promise<void> }

/** A connected JSON device; `alert` resolves with the ack for that alert id. */
async function jsonDevice (f: TestFlare, body: Record<string, unknown> = {}): Promise<Dev> {
  const d = await f.device({ kind: 'phone', ...body })
  const client = await f.connect({ clientId: d.id, username: d.id, password: d.secret })
  const acks = collect(client, `dev/${d.id}/ack`)
  await subscribe(client, `dev/${d.id}/ack`)
  return {
    id: d.id,
    client,
    alert: async (body) => {
      await client.publishAsync(`dev/${d.id}/alert`, JSON.stringify(body), { qos: 1 })
      for (;;) {
        const ack = JSON.parse((await acks.next()).toString())
        if (ack.alertId === body.alertId && ack.status !== 'UPDATE') return ack
      }
    },
    telemetry: async (body) => { await client.publishAsync(`dev/${d.id}/telemetry`, JSON.stringify(body), { qos: 1 }) }
  }
}

const incidentOf = async (f: TestFlare, number: string): Promise<any> => (await f.api('GET', `/api/v1/incidents/${number}`)).body

async function until<T> (what: string, fn: () => Promise<T | undefined>, ms = 10_000): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const v = await fn()
    if (v !== undefined) return v
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise(resolve => setTimeout(resolve, 50))
  }
}

t.test('a press without a position, then one with: the incident is placed and dispatched', async (t) => {
  const f = await startTestFlare(t)
  const r = await responderAt(f, t, 'Guard', 0.002)
  const d = await jsonDevice(f)
  const live = await dashboard(t, liveUrl(f))
  await live.next(m => m.type === 'snapshot')

  const first = await d.alert({ alertId: 'a1', kind: 'PANIC' })
  t.equal(first.status, 'ACCEPTED')
  let inc = await incidentOf(f, first.incidentNumber)
  t.match(inc, { lat: null, lon: null, locationUpdatedAt: null, pendingOffers: 0, locations: [] })
  t.ok(inc.timeline.some((e: any) => e.type === 'no_location'), 'no position: nobody offered')
  t.equal(r.inbox.messages.length, 0)

  const fix = { lat: HERE.lat + 0.001, lon: HERE.lon, accuracyM: 12 }
  const second = await d.alert({ alertId: 'a2', kind: 'PANIC', location: fix })
  t.equal(second.incidentNumber, first.incidentNumber, 'the second press joined the incident')
  const offer = await nextOf(r.inbox, 'offer')
  t.match(offer, { incidentNumber: first.incidentNumber, location: { lat: fix.lat, lon: fix.lon } }, 'dispatch started with the first position')
  inc = await incidentOf(f, first.incidentNumber)
  t.match(inc, { lat: fix.lat, lon: fix.lon, alertCount: 2, pendingOffers: 1 })
  t.ok(inc.locationUpdatedAt !== null)
  t.same(inc.locations.map((l: any) => [l.source, l.lat, l.lon, l.accuracyM]), [['alert', fix.lat, fix.lon, 12]])
  const types = inc.timeline.map((e: any) => e.type)
  t.ok(types.indexOf('located') > types.indexOf('alert_joined') && types.indexOf('offered') > types.indexOf('located'), 'joined, located, offered')
  const moved = await live.next(m => m.type === 'incident.updated' && m.incident.id === inc.id)
  t.match(moved, { detail: { moved: true }, incident: { lat: fix.lat, lon: fix.lon, pendingOffers: 1, deviceId: d.id } })

  // a third press from elsewhere moves it again; the dispatch is not repeated
  const moved2 = { lat: HERE.lat + 0.003, lon: HERE.lon + 0.001 }
  await d.alert({ alertId: 'a3', kind: 'PANIC', location: moved2 })
  inc = await incidentOf(f, first.incidentNumber)
  t.match(inc, { lat: moved2.lat, lon: moved2.lon, pendingOffers: 1 })
  t.same(inc.locations.map((l: any) => l.source), ['alert', 'alert'], 'oldest first')
  t.equal(inc.timeline.filter((e: any) => e.type === 'offered').length, 1, 'offered once')
  // a press without a fix leaves the position where it was
  await d.alert({ alertId: 'a4', kind: 'PANIC' })
  t.match(await incidentOf(f, first.incidentNumber), { lat: moved2.lat, alertCount: 4, locations: [{}, {}] })
})

t.test('telemetry moves the open incident of its device; an unplaced one is dispatched', async (t) => {
  const f = await startTestFlare(t)
  const r = await responderAt(f, t, 'Guard', 0.002)
  const d = await jsonDevice(f)
  const other = await jsonDevice(f)
  const ack = await d.alert({ alertId: 'b1', kind: 'PANIC' })
  const otherAck = await other.alert({ alertId: 'o1', kind: 'PANIC', location: { lat: HERE.lat, lon: HERE.lon } })
  await nextOf(r.inbox, 'offer') // the other incident's
  t.equal((await incidentOf(f, ack.incidentNumber)).lat, null)

  await d.telemetry({ location: { lat: HERE.lat + 0.001, lon: HERE.lon, accuracyM: 30 }, batteryPct: 80 })
  const inc = await until('the incident to move', async () => {
    const i = await incidentOf(f, ack.incidentNumber)
    return i.lat !== null ? i : undefined
  })
  t.match(inc, { lat: HERE.lat + 0.001, lon: HERE.lon })
  t.same(inc.locations.map((l: any) => [l.source, l.accuracyM]), [['telemetry', 30]])
  const offer = await nextOf(r.inbox, 'offer')
  t.equal(offer.incidentNumber, ack.incidentNumber, 'its dispatch started')
  t.ok((await incidentOf(f, ack.incidentNumber)).timeline.some((e: any) => e.type === 'located'))

  await d.telemetry({ location: { lat: HERE.lat + 0.002, lon: HERE.lon } })
  await until('the second move', async () => (await incidentOf(f, ack.incidentNumber)).locations.length === 2 ? true : undefined)
  t.match(await incidentOf(f, ack.incidentNumber), { lat: HERE.lat + 0.002 })
  t.match(await incidentOf(f, otherAck.incidentNumber), { lat: HERE.lat, locations: [{ source: 'alert' }] }, "another device's incident stays")
  // a press with a fix joins and moves it too: the history has both sources, oldest first
  await d.alert({ alertId: 'b2', kind: 'PANIC', location: { lat: HERE.lat + 0.004, lon: HERE.lon } })
  t.same((await incidentOf(f, ack.incidentNumber)).locations.map((l: any) => l.source), ['telemetry', 'telemetry', 'alert'])

  // a resolved incident no longer follows
  await f.api('POST', `/api/v1/incidents/${ack.incidentNumber}/cancel`, {})
  await d.telemetry({ location: { lat: HERE.lat + 0.005, lon: HERE.lon } })
  await d.telemetry({ batteryPct: 70 })
  await until('the telemetry to be stored', async () => (await f.api('GET', `/api/v1/devices/${d.id}`)).body.batteryPct === 70 ? true : undefined)
  t.match(await incidentOf(f, ack.incidentNumber), { lat: HERE.lat + 0.004, locations: [{}, {}, {}] })
})

t.test('a wall button: the install location stands in for a fix, the install address is the incident\'s', async (t) => {
  const f = await startTestFlare(t)
  const r = await responderAt(f, t, 'Guard', 0.002)
  const d = await jsonDevice(f, { kind: 'button', codec: 'json', name: 'Reception button' })
  const zone = await f.api('POST', '/api/v1/zones', {
    id: 'campus',
    name: 'Campus',
    geometry: { type: 'Polygon', coordinates: [[[HERE.lon - 0.01, HERE.lat - 0.01], [HERE.lon + 0.01, HERE.lat - 0.01], [HERE.lon + 0.01, HERE.lat + 0.01], [HERE.lon - 0.01, HERE.lat + 0.01], [HERE.lon - 0.01, HERE.lat - 0.01]]] }
  })
  t.equal(zone.status, 201)
  const patched = await f.api('PATCH', `/api/v1/devices/${d.id}`, { installLat: HERE.lat, installLon: HERE.lon, installAddress: 'Reception, Block A' })
  t.equal(patched.status, 200, JSON.stringify(patched.body))
  t.same(patched.body.install, { lat: HERE.lat, lon: HERE.lon, address: 'Reception, Block A' })

  // connected before the change: the alert path reads the install location as it is now
  const ack = await d.alert({ alertId: 'w1', kind: 'PANIC' })
  const inc = await incidentOf(f, ack.incidentNumber)
  t.match(inc, { lat: HERE.lat, lon: HERE.lon, address: 'Reception, Block A', zoneId: 'campus', deviceName: 'Reception button', pendingOffers: 1 })
  t.same(inc.locations.map((l: any) => l.source), ['install'])
  t.equal(inc.alerts[0].lat, null, 'the alert itself carried no fix')
  t.equal((await nextOf(r.inbox, 'offer')).incidentNumber, ack.incidentNumber)

  // a fix of its own wins over the install location
  const fixed = await d.alert({ alertId: 'w2', kind: 'FIRE', location: { lat: HERE.lat + 0.001, lon: HERE.lon } })
  t.match(await incidentOf(f, fixed.incidentNumber), { lat: HERE.lat + 0.001, locations: [{ source: 'alert' }] })
  // repeats without a fix add nothing to the history
  await d.alert({ alertId: 'w3', kind: 'PANIC' })
  t.equal((await incidentOf(f, ack.incidentNumber)).locations.length, 1)

  // cleared: alerts have no position again
  t.equal((await f.api('PATCH', `/api/v1/devices/${d.id}`, { installLat: null, installLon: null, installAddress: null })).body.install, null)
  const bare = await d.alert({ alertId: 'w4', kind: 'TAMPER' })
  t.match(await incidentOf(f, bare.incidentNumber), { lat: null, address: null, locations: [] })
})
