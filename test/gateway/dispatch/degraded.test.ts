// Dispatch while PostgreSQL is away (cut through a TCP proxy): offers from the node's roster, the
// first accept wins, decline moves on, the device hears "help is coming", and after the replay
// PostgreSQL has the incident assigned to whoever accepted.
import t from 'tap'
import { cutDatabase, databaseBehindProxy } from '../../helpers/outage.js'
import { startTestFlare } from '../../helpers/flare.js'
import { collect, subscribe } from '../../helpers/mqtt.js'
import { until } from '../../helpers/wait.js'
import { HERE, nextOf, reply, responderAt } from './responders.js'
import { dashboard, liveUrl } from '../live/support.js'

t.test('an outage: offer, decline, accept, en route — then the replay assigns the incident in PostgreSQL', async (t) => {
  const { db, proxy, url, direct } = await databaseBehindProxy(t)
  const f = await startTestFlare(t, { DATABASE_URL: url, TIMER_INTERVAL_MS: '100' }, db)
  const near = await responderAt(f, t, 'Near', 0.001)
  const next = await responderAt(f, t, 'Next', 0.01)
  const d = await f.device({ kind: 'phone' })
  const dev = await f.connect({ clientId: d.id, username: d.id, password: d.secret })
  const acks = collect(dev, `dev/${d.id}/ack`)
  await subscribe(dev, `dev/${d.id}/ack`)
  await until(async () => f.app.gateway.degraded.roster.size, (n) => n >= 2)
  const board = await dashboard(t, liveUrl(f))
  await board.next(m => m.type === 'snapshot')

  await cutDatabase(proxy, f)
  await dev.publishAsync(`dev/${d.id}/alert`, JSON.stringify({ alertId: 'outage-dispatch', kind: 'PANIC', location: HERE }), { qos: 1 })
  const ack = JSON.parse((await acks.next()).toString())
  t.match(ack, { status: 'ACCEPTED', incidentNumber: /^P-/ }, 'acknowledged from the journal')

  const first = await nextOf(near.inbox, 'offer')
  t.match(first, { incidentNumber: ack.incidentNumber, kind: 'PANIC', location: HERE }, 'the nearest responder gets an offer during the outage')
  await reply(near, { action: 'DECLINE', offerId: first.offerId, reason: 'busy' })
  t.match(await nextOf(near.inbox, 'result'), { ok: true, offerId: first.offerId })
  const second = await nextOf(next.inbox, 'offer')
  t.equal(second.incidentNumber, ack.incidentNumber, 'a decline moves the offer on to the next nearest')

  await reply(next, { action: 'ACCEPT', offerId: second.offerId })
  t.match(await nextOf(next.inbox, 'result'), { ok: true, offerId: second.offerId }, 'the accept wins')
  const help = JSON.parse((await acks.next()).toString())
  t.match(help, { status: 'UPDATE', message: 'Help is coming: Next has accepted.', incidentNumber: ack.incidentNumber }, 'and the device hears it')
  await reply(near, { action: 'ACCEPT', offerId: first.offerId })
  const refused = await nextOf(near.inbox, 'result')
  t.notOk(refused.ok, 'an accept of a declined offer is refused')
  t.match(refused.reason, /taken|declined/)
  await reply(next, { action: 'EN_ROUTE', offerId: second.offerId, etaS: 300 })
  t.match(await nextOf(next.inbox, 'result'), { ok: true })
  t.match(JSON.parse((await acks.next()).toString()), { status: 'UPDATE', message: /Next is on the way, about 5 min/ })
  t.equal((await direct.query('SELECT count(*)::int AS n FROM incidents')).rows[0].n, 0, 'all of it without PostgreSQL')
  const openedLive = await board.next(m => m.type === 'incident.opened' && m.incident.number === ack.incidentNumber)
  t.match(openedLive, { incident: { state: 'NEW', kind: 'PANIC' }, detail: { provisional: true } }, 'the dashboard saw the provisional incident open')
  const assignedLive = await board.next(m => m.type === 'incident.transition' && m.incident.number === ack.incidentNumber && m.to === 'ASSIGNED')
  t.match(assignedLive, { from: 'NEW', incident: { assignedResponderId: next.id } }, 'and its assignment')
  await board.next(m => m.type === 'incident.transition' && m.incident.number === ack.incidentNumber && m.to === 'EN_ROUTE')

  proxy.restore()
  const incident = await until(async () => (await direct.query('SELECT number, state, assigned_responder_id FROM incidents')).rows[0],
    (r) => r?.state === 'EN_ROUTE', 30_000)
  t.match(incident, { state: 'EN_ROUTE', assigned_responder_id: next.id, number: /^INC-/ }, 'after the replay PostgreSQL has it assigned to the one who accepted, en route')
  await until(async () => f.app.gateway.degraded.availability.degraded, (v) => !v, 20_000)
  t.notOk(f.app.gateway.degraded.availability.degraded, 'and degraded mode is over')
})

t.test('an outage: an offer the responder\'s client has not acknowledged is re-sent, a sync sends it again, an acknowledged one is not re-sent', async (t) => {
  const { db, proxy, url } = await databaseBehindProxy(t)
  const f = await startTestFlare(t, { DATABASE_URL: url }, db)
  // A clean session: aedes keeps no copy of what it sends, so nothing tells Flare it arrived.
  const clean = await responderAt(f, t, 'Clean', 0.001)
  // A persistent session: its PUBACK marks the offer delivered.
  const kept = await responderAt(f, t, 'Kept', 0.002, ['security'], { connect: { clean: false } })
  const d = await f.device({ kind: 'phone' })
  const dev = await f.connect({ clientId: d.id, username: d.id, password: d.secret })
  await until(async () => f.app.gateway.degraded.roster.size, (n) => n >= 2)

  await cutDatabase(proxy, f)
  // DURESS offers to two responders at once.
  await dev.publishAsync(`dev/${d.id}/alert`, JSON.stringify({ alertId: 'outage-resend', kind: 'DURESS', location: HERE }), { qos: 1 })
  const first = await nextOf(clean.inbox, 'offer')
  t.match(first, { incidentNumber: /^P-/, attempt: 1 })
  const keptOffer = await nextOf(kept.inbox, 'offer')
  t.equal(keptOffer.incidentNumber, first.incidentNumber, 'both responders are offered the provisional incident')

  const again = await nextOf(clean.inbox, 'offer', 15_000)
  t.match(again, { offerId: first.offerId, attempt: 2 }, 'the unacknowledged offer is re-sent')
  t.equal(kept.inbox.messages.length, 1, 'the acknowledged one was not re-sent meanwhile')

  await clean.client.publishAsync(`resp/${clean.id}/sync`, '{}', { qos: 1 })
  t.match(await nextOf(clean.inbox, 'offer'), { offerId: first.offerId, attempt: 3 }, 'a sync during the outage sends the pending offer again')
  t.ok(f.app.gateway.degraded.availability.degraded, 'all while degraded')
  proxy.restore()
})

t.test('an outage: a press after the provisional incident was resolved opens a new one, and the replay keeps them apart', async (t) => {
  const { db, proxy, url, direct } = await databaseBehindProxy(t)
  const f = await startTestFlare(t, { DATABASE_URL: url }, db)
  const r = await responderAt(f, t, 'Rita', 0.001)
  const d = await f.device({ kind: 'phone' })
  const dev = await f.connect({ clientId: d.id, username: d.id, password: d.secret })
  const acks = collect(dev, `dev/${d.id}/ack`)
  await subscribe(dev, `dev/${d.id}/ack`)
  await until(async () => f.app.gateway.degraded.roster.size, (n) => n >= 1)

  await cutDatabase(proxy, f)
  await dev.publishAsync(`dev/${d.id}/alert`, JSON.stringify({ alertId: 'trip-1', kind: 'PANIC', location: HERE }), { qos: 1 })
  const first = JSON.parse((await acks.next()).toString())
  const offer = await nextOf(r.inbox, 'offer')
  for (const action of ['ACCEPT', 'EN_ROUTE', 'ON_SCENE', 'RESOLVED']) {
    await reply(r, { action, offerId: offer.offerId })
    t.match(await nextOf(r.inbox, 'result'), { ok: true }, action)
  }
  // Within the rule's correlation window (5 min), but the first incident is over.
  await dev.publishAsync(`dev/${d.id}/alert`, JSON.stringify({ alertId: 'trip-2', kind: 'PANIC', location: HERE }), { qos: 1 })
  let second
  do second = JSON.parse((await acks.next()).toString()); while (second.status === 'UPDATE')
  t.match(second, { status: 'ACCEPTED', incidentNumber: /^P-/ })
  t.not(second.incidentNumber, first.incidentNumber, 'the press after the resolution opens a new provisional incident')

  proxy.restore()
  const rows = await until(async () => (await direct.query(
    'SELECT i.state, array_agg(a.alert_id ORDER BY a.alert_id) AS alerts FROM incidents i JOIN alerts a ON a.incident_id = i.id GROUP BY i.id, i.state ORDER BY min(a.alert_id)')).rows,
  (rs) => rs.length === 2 && rs[0].state === 'RESOLVED', 30_000)
  t.match(rows, [{ state: 'RESOLVED', alerts: ['trip-1'] }, { alerts: ['trip-2'] }], 'after the replay: the resolved incident with the first press, a new one with the second')
})

t.test('after the replay, an offer of the outage still unanswered is PostgreSQL\'s, under its id: sent again with the final incident, not withdrawn, and answered', async (t) => {
  const { db, proxy, url, direct } = await databaseBehindProxy(t)
  const f = await startTestFlare(t, { DATABASE_URL: url }, db)
  const r = await responderAt(f, t, 'Rosa', 0.001)
  const other = await responderAt(f, t, 'Olga', 0.02)
  const d = await f.device({ kind: 'phone' })
  const dev = await f.connect({ clientId: d.id, username: d.id, password: d.secret })
  await until(async () => f.app.gateway.degraded.roster.size, (n) => n >= 2)
  const board = await dashboard(t, liveUrl(f))
  await board.next(m => m.type === 'snapshot')

  await cutDatabase(proxy, f)
  await dev.publishAsync(`dev/${d.id}/alert`, JSON.stringify({ alertId: 'outage-unanswered', kind: 'PANIC', location: HERE }), { qos: 1 })
  const during = await nextOf(r.inbox, 'offer')
  t.match(during, { incidentNumber: /^P-/ }, 'offered during the outage; the responder does not answer')

  proxy.restore()
  const again = await nextOf(r.inbox, 'offer', 30_000)
  await until(async () => f.app.gateway.degraded.availability.degraded, (v) => !v, 20_000)
  const { rows: [incident] } = await direct.query('SELECT id, number FROM incidents')
  t.match(incident.number, /^INC-/)
  t.match(again, { offerId: during.offerId, incidentId: incident.id, incidentNumber: incident.number }, 'the same offer comes again, naming the final incident')
  const opened = await board.next(m => m.type === 'incident.opened' && m.incident.number === incident.number)
  t.equal(opened.incident.pendingOffers, 1, 'the dashboard sees the final incident open with the adopted offer awaiting an answer')
  const { rows: offers } = await direct.query('SELECT id, responder_id, state, distance_m FROM offers')
  t.match(offers, [{ id: during.offerId, responder_id: r.id, state: 'pending' }], 'PostgreSQL holds the outage\'s offer under its id, and made none of its own')
  t.ok(offers[0].distance_m > 100 && offers[0].distance_m < 120, 'with the distance degraded dispatch measured')
  const { rows: events } = await direct.query("SELECT reason, data FROM incident_events WHERE type = 'offered'")
  t.match(events, [{ reason: 'offered while the database was away', data: { responders: [{ id: r.id }] } }], 'the timeline says when it was offered')
  await new Promise(resolve => setTimeout(resolve, 500))
  t.same(r.inbox.messages.map(b => JSON.parse(b.toString())).filter(m => m.withdrawn !== undefined), [], 'nothing is withdrawn')
  t.same(other.inbox.messages, [], 'nobody else is offered meanwhile')

  await reply(r, { action: 'ACCEPT', offerId: during.offerId })
  t.match(await nextOf(r.inbox, 'result'), { ok: true, offerId: during.offerId, incidentId: incident.id }, 'the accept of the outage\'s offer is answered from PostgreSQL')
  const after = await until(async () => (await direct.query('SELECT state, assigned_responder_id FROM incidents')).rows[0], (row) => row.state === 'ASSIGNED')
  t.equal(after.assigned_responder_id, r.id)
})

t.test('an outage: the decline and the accept land on the outage\'s own offers at the replay', async (t) => {
  const { db, proxy, url, direct } = await databaseBehindProxy(t)
  const f = await startTestFlare(t, { DATABASE_URL: url }, db)
  const near = await responderAt(f, t, 'Near', 0.001)
  const next = await responderAt(f, t, 'Next', 0.01)
  const d = await f.device({ kind: 'phone' })
  const dev = await f.connect({ clientId: d.id, username: d.id, password: d.secret })
  await until(async () => f.app.gateway.degraded.roster.size, (n) => n >= 2)

  await cutDatabase(proxy, f)
  await dev.publishAsync(`dev/${d.id}/alert`, JSON.stringify({ alertId: 'outage-answers', kind: 'PANIC', location: HERE }), { qos: 1 })
  const first = await nextOf(near.inbox, 'offer')
  await reply(near, { action: 'DECLINE', offerId: first.offerId })
  t.match(await nextOf(near.inbox, 'result'), { ok: true })
  const second = await nextOf(next.inbox, 'offer')
  await reply(next, { action: 'ACCEPT', offerId: second.offerId })
  t.match(await nextOf(next.inbox, 'result'), { ok: true })

  proxy.restore()
  const incident = await until(async () => (await direct.query('SELECT id, state, assigned_responder_id FROM incidents')).rows[0], (row) => row?.state === 'ASSIGNED', 30_000)
  t.equal(incident.assigned_responder_id, next.id)
  await until(async () => f.app.gateway.degraded.availability.degraded, (v) => !v, 20_000)
  const { rows } = await direct.query('SELECT id, responder_id, state FROM offers ORDER BY created_at')
  t.same(rows, [{ id: first.offerId, responder_id: near.id, state: 'declined' }, { id: second.offerId, responder_id: next.id, state: 'accepted' }],
    'the outage\'s two offers, declined and accepted, and no others')
  const { rows: timers } = await direct.query("SELECT key FROM timers WHERE kind = 'offer_due'")
  t.same(timers, [], 'no offer timer is left')
  const accepted = await nextOf(next.inbox, 'offer')
  t.match(accepted, { offerId: second.offerId, incidentId: incident.id }, 'the one who accepted gets the offer again with the final incident')
  const { rows: declined } = await direct.query("SELECT reason FROM incident_events WHERE type = 'offer_declined'")
  t.same(declined, [{ reason: 'declined while the database was away' }])
})

t.test('a press of the outage that PostgreSQL joins to the incident it had: the outage\'s offer is withdrawn as replaced, the incident keeps its own', async (t) => {
  const { db, proxy, url, direct } = await databaseBehindProxy(t)
  const f = await startTestFlare(t, { DATABASE_URL: url }, db)
  const r = await responderAt(f, t, 'Rosa', 0.001)
  const d = await f.device({ kind: 'phone' })
  const dev = await f.connect({ clientId: d.id, username: d.id, password: d.secret })
  await dev.publishAsync(`dev/${d.id}/alert`, JSON.stringify({ alertId: 'before-outage', kind: 'PANIC', location: HERE }), { qos: 1 })
  const fromPg = await nextOf(r.inbox, 'offer')
  t.match(fromPg, { incidentNumber: /^INC-/ }, 'PostgreSQL opened the incident and offered it')
  await until(async () => f.app.gateway.degraded.roster.size, (n) => n >= 1)

  await cutDatabase(proxy, f)
  await dev.publishAsync(`dev/${d.id}/alert`, JSON.stringify({ alertId: 'during-outage', kind: 'PANIC', location: HERE }), { qos: 1 })
  const during = await nextOf(r.inbox, 'offer')
  t.match(during, { incidentNumber: /^P-/ }, 'the node cannot see the open incident: a provisional one, offered')

  proxy.restore()
  const withdrawn = await nextOf(r.inbox, 'withdrawn', 30_000)
  t.same(withdrawn, { offerId: during.offerId, incidentId: during.incidentNumber, reason: 'replaced' }, 'the provisional incident\'s offer is withdrawn, as replaced')
  const { rows: incidents } = await direct.query('SELECT i.number, count(a.id)::int AS alerts FROM incidents i JOIN alerts a ON a.incident_id = i.id GROUP BY i.number')
  t.same(incidents, [{ number: fromPg.incidentNumber, alerts: 2 }], 'the press of the outage joined the incident PostgreSQL had')
  const { rows: offers } = await direct.query('SELECT id FROM offers')
  t.same(offers, [{ id: fromPg.offerId }], 'which keeps its own offer')
})
