import t from 'tap'
import { startTestFlare } from '../../helpers/flare.js'
import { collect, subscribe } from '../../helpers/mqtt.js'
import { HERE, nextOf, reply, responderAt } from './responders.js'

t.test('press → offer to the nearest of three → accept → en route → on scene → resolved → closed', async (t) => {
  const f = await startTestFlare(t)
  const near = await responderAt(f, t, 'Near', 0.001)
  const mid = await responderAt(f, t, 'Mid', 0.01)
  const far = await responderAt(f, t, 'Far', 0.02)
  const d = await f.device({ kind: 'phone' })
  const dev = await f.connect({ clientId: d.id, username: d.id, password: d.secret })
  const acks = collect(dev, `dev/${d.id}/ack`)
  await subscribe(dev, `dev/${d.id}/ack`)

  await dev.publishAsync(`dev/${d.id}/alert`, JSON.stringify({ alertId: 'p1', kind: 'PANIC', location: HERE }), { qos: 1 })
  const accepted = JSON.parse((await acks.next()).toString())
  t.equal(accepted.status, 'ACCEPTED')
  const offer = await nextOf(near.inbox, 'offer')
  t.equal(offer.incidentNumber, accepted.incidentNumber, 'the nearest responder got the offer')
  t.equal(mid.inbox.messages.length + far.inbox.messages.length, 0, 'the others got nothing')

  await reply(near, { action: 'ACCEPT', offerId: offer.offerId })
  t.same((await nextOf(near.inbox, 'result')).ok, true)
  const assigned = JSON.parse((await acks.next()).toString())
  t.equal(assigned.status, 'UPDATE')
  t.equal(assigned.responderName, 'Near', 'the device hears who is coming')

  await reply(near, { action: 'EN_ROUTE', incidentId: offer.incidentId, etaS: 240 })
  t.equal((await nextOf(near.inbox, 'result')).ok, true)
  const enRoute = JSON.parse((await acks.next()).toString())
  t.match(enRoute.message, /on the way/)
  t.equal(enRoute.etaS, 240)

  await reply(near, { action: 'ON_SCENE', incidentId: offer.incidentId })
  t.equal((await nextOf(near.inbox, 'result')).ok, true)
  await reply(near, { action: 'RESOLVED', incidentId: offer.incidentId })
  t.equal((await nextOf(near.inbox, 'result')).ok, true)

  const bad = await f.api('POST', `/api/v1/incidents/${offer.incidentId}/transition`, { to: 'EN_ROUTE' })
  t.equal(bad.status, 409)
  t.same(bad.body.error.allowedNext, ['CLOSED', 'CANCELLED'])
  const closed = await f.api('POST', `/api/v1/incidents/${offer.incidentId}/transition`, { to: 'CLOSED', reason: 'done' })
  t.equal(closed.status, 200)
  t.equal(closed.body.state, 'CLOSED')

  const detail = await f.api('GET', `/api/v1/incidents/${offer.incidentId}`)
  const steps = detail.body.timeline.filter((e: any) => e.type === 'transition').map((e: any) => `${e.fromState}>${e.toState}@${e.actor.split(':')[0]}`)
  t.same(steps, ['NEW>ASSIGNED@responder', 'ASSIGNED>EN_ROUTE@responder', 'EN_ROUTE>ON_SCENE@responder', 'ON_SCENE>RESOLVED@responder', 'RESOLVED>CLOSED@api'])
  const r = await f.api('GET', `/api/v1/responders/${near.id}`)
  t.equal(r.body.status, 'available', 'the responder is free again')
})

t.test('declines move to the next nearest; all declined → radius widened → escalation, priority raised', async (t) => {
  const f = await startTestFlare(t)
  // Priority 2, so the escalation has room to raise it.
  t.equal((await f.api('PUT', '/api/v1/rules', { rules: [{ id: 'panic-p2', match: { kinds: ['PANIC'] }, category: 'security', priority: 2, openIncident: true, correlation: { key: 'device', windowS: 300 }, dispatch: { roles: ['security'], radiusM: 5000, count: 1, offerTimeoutS: 60 }, escalation: { afterS: 600, widenRadiusFactor: 3, raisePriority: true } }] })).status, 200)
  const a = await responderAt(f, t, 'A', 0.001)
  const b = await responderAt(f, t, 'B', 0.002)
  const far = await responderAt(f, t, 'Far', 0.1) // ~11 km: outside 5 km, inside the widened 15 km
  const sup = await f.responder({ name: 'Sup', roles: ['supervisor'], zones: ['unzoned'] })
  const supC = await f.connect({ clientId: sup.id, username: sup.id, password: sup.secret })
  const esc = collect(supC, 'zone/unzoned/escalations')
  t.equal(await subscribe(supC, 'zone/unzoned/escalations'), 1)
  const d = await f.device({ kind: 'phone' })
  const dev = await f.connect({ clientId: d.id, username: d.id, password: d.secret })
  await dev.publishAsync(`dev/${d.id}/alert`, JSON.stringify({ alertId: 'p2', kind: 'PANIC', location: HERE }), { qos: 1 })

  const o1 = await nextOf(a.inbox, 'offer')
  await reply(a, { action: 'DECLINE', offerId: o1.offerId, reason: 'busy' })
  const o2 = await nextOf(b.inbox, 'offer')
  t.equal(o2.incidentId, o1.incidentId, 'then the next nearest')
  await reply(b, { action: 'DECLINE', offerId: o2.offerId })
  const o3 = await nextOf(far.inbox, 'offer')
  t.equal(o3.incidentId, o1.incidentId, 'then, in the widened radius, the far one')
  await reply(far, { action: 'DECLINE', offerId: o3.offerId })
  const e = JSON.parse((await esc.next()).toString())
  t.equal(e.incidentId, o1.incidentId)
  t.equal(e.priority, 1, 'the escalation carries the raised priority (2 → 1)')
  const detail = await f.api('GET', `/api/v1/incidents/${o1.incidentId}`)
  const types = detail.body.timeline.map((x: any) => x.type)
  t.ok(types.includes('radius_widened'))
  t.ok(types.includes('escalated'))
  t.equal(detail.body.escalationLevel, 1)
  t.equal(detail.body.priority, 1, 'priority raised')
})
