// Two nodes on one Redis, both cut off from PostgreSQL: the node that received the alert makes the
// offers; a responder whose session is on the other node accepts there, and the reply is forwarded
// to the node that made the offer; the first accept wins across nodes; the other node's dashboards
// see the provisional incident; after the replay PostgreSQL has it assigned to that responder.
import t from 'tap'
import { cutDatabase, databaseBehindProxy } from '../../helpers/outage.js'
import { startTestFlare } from '../../helpers/flare.js'
import { collect, subscribe } from '../../helpers/mqtt.js'
import { until } from '../../helpers/wait.js'
import { HERE, nextOf, reply, responderAt } from './responders.js'
import { dashboard, liveUrl } from '../live/support.js'

const redis = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'
const FAR = { lat: HERE.lat + 0.3, lon: HERE.lon }

t.test('two degraded nodes: a reply on the other node is forwarded, the first accept wins across nodes', async (t) => {
  const { db, proxy, url, direct } = await databaseBehindProxy(t)
  const env = { DATABASE_URL: url, REDIS_URL: redis }
  const a = await startTestFlare(t, { ...env, NODE_ID: 'degraded-a' }, db)
  const b = await startTestFlare(t, { ...env, NODE_ID: 'degraded-b' }, db)
  // On node A and on node B; DURESS offers to both at once.
  const onA = await responderAt(a, t, 'Anna', 0.001)
  const onB = await responderAt(a, t, 'Ben', 0.002, ['security'], { on: b })
  // Two more, 33 km north, for a second incident there.
  const cleo = await responderAt(a, t, 'Cleo', FAR.lat - HERE.lat + 0.001)
  const dan = await responderAt(a, t, 'Dan', FAR.lat - HERE.lat + 0.002, ['security'], { on: b })
  const d = await a.device({ kind: 'phone' })
  const dev = await a.connect({ clientId: d.id, username: d.id, password: d.secret })
  const acks = collect(dev, `dev/${d.id}/ack`)
  await subscribe(dev, `dev/${d.id}/ack`)
  const d2 = await a.device({ kind: 'phone' })
  const dev2 = await a.connect({ clientId: d2.id, username: d2.id, password: d2.secret })
  await until(async () => a.app.gateway.degraded.roster.size, (n) => n >= 4)
  const boardOnB = await dashboard(t, liveUrl(b))
  await boardOnB.next(m => m.type === 'snapshot')

  await cutDatabase(proxy, a, b)
  await dev.publishAsync(`dev/${d.id}/alert`, JSON.stringify({ alertId: 'cluster-outage-1', kind: 'DURESS', location: HERE }), { qos: 1 })
  const ack = JSON.parse((await acks.next()).toString())
  t.match(ack, { status: 'ACCEPTED', incidentNumber: /^P-degraded-a-/ }, 'node A journals the alert and gives it a provisional number')
  const offerA = await nextOf(onA.inbox, 'offer')
  const offerB = await nextOf(onB.inbox, 'offer')
  t.equal(offerB.incidentNumber, ack.incidentNumber, 'the responder on node B gets node A\'s offer')

  await reply(onB, { action: 'ACCEPT', offerId: offerB.offerId })
  t.match(await nextOf(onB.inbox, 'result'), { ok: true, offerId: offerB.offerId }, 'the accept made through node B is taken by node A')
  t.match(await nextOf(onA.inbox, 'withdrawn'), { offerId: offerA.offerId, reason: 'taken' }, 'the other offer is withdrawn')
  t.match(JSON.parse((await acks.next()).toString()), { status: 'UPDATE', message: 'Help is coming: Ben has accepted.' }, 'the device hears who is coming')
  await reply(onA, { action: 'ACCEPT', offerId: offerA.offerId })
  const late = await nextOf(onA.inbox, 'result')
  t.not(late.ok, true, 'a later accept on node A is refused')
  t.match(late.reason, /taken|withdrawn/)
  await reply(onB, { action: 'EN_ROUTE', offerId: offerB.offerId, etaS: 120 })
  t.match(await nextOf(onB.inbox, 'result'), { ok: true }, 'the trip goes on through node B')
  t.match(JSON.parse((await acks.next()).toString()), { status: 'UPDATE', message: /Ben is on the way/ })

  t.match(await boardOnB.next(m => m.type === 'incident.opened' && m.incident.number === ack.incidentNumber), { detail: { provisional: true } },
    'a dashboard on node B sees node A\'s provisional incident open')
  t.match(await boardOnB.next(m => m.type === 'incident.transition' && m.incident.number === ack.incidentNumber && m.to === 'ASSIGNED'), { incident: { assignedResponderId: onB.id } },
    'and its assignment')

  // A second incident, elsewhere: its two responders accept at the same moment, each through their own node.
  await dev2.publishAsync(`dev/${d2.id}/alert`, JSON.stringify({ alertId: 'cluster-outage-2', kind: 'DURESS', location: FAR }), { qos: 1 })
  const [o1, o2] = [await nextOf(cleo.inbox, 'offer'), await nextOf(dan.inbox, 'offer')]
  t.equal(o1.incidentNumber, o2.incidentNumber, 'both are offered the second incident')
  await Promise.all([reply(cleo, { action: 'ACCEPT', offerId: o1.offerId }), reply(dan, { action: 'ACCEPT', offerId: o2.offerId })])
  const results = [await nextOf(cleo.inbox, 'result'), await nextOf(dan.inbox, 'result')]
  t.equal(results.filter(r => r.ok === true).length, 1, `exactly one accept wins (${results.map(r => r.ok === true ? 'ok' : r.reason).join(', ')})`)

  proxy.restore()
  const incident = await until(async () => (await direct.query("SELECT number, state, assigned_responder_id FROM incidents WHERE state = 'EN_ROUTE'")).rows[0],
    (r) => r !== undefined, 30_000)
  t.match(incident, { number: /^INC-/, assigned_responder_id: onB.id }, 'after the replay PostgreSQL has it assigned to the responder who accepted through node B, en route')
})
