// The live feed on one node: snapshot first, then events; filters; API keys checked before the upgrade.
import t from 'tap'
import { startTestFlare } from '../../helpers/flare.js'
import { collect, subscribe } from '../../helpers/mqtt.js'
import { seedIncident } from '../../helpers/incidents.js'
import { keyWithRole } from '../api/keys.js'
import { ApiKeysRepo, generateApiKey } from '../../../gateway/identity/api-keys-repo.js'
import { applyTransition, lockIncident } from '../../../gateway/incidents/transition.js'
import { emitEvent } from '../../../gateway/events/emit.js'
import { inTransaction } from '../../../gateway/storage/transaction.js'
import { aboutIncident, closedAfterFirstMessage, dashboard, isSnapshot, liveUrl, refusedStatus } from './support.js'
import { metric } from '../../broker/support.js'

t.test('snapshot of open incidents first, then live events', async (t) => {
  const f = await startTestFlare(t)
  const open = await seedIncident(f.app.db.pool, { priority: 2 })
  const done = await seedIncident(f.app.db.pool, { state: 'RESOLVED' })
  const d = await dashboard(t, liveUrl(f))
  const snap = await d.next(() => true)
  t.equal(snap.type, 'snapshot', 'the first message is the snapshot')
  t.ok(snap.incidents.some((i: any) => i.id === open.id && i.number === open.number && i.state === 'NEW' && i.priority === 2), 'the open incident is in it')
  t.notOk(snap.incidents.some((i: any) => i.id === done.id), 'a resolved one is not')

  const later = await seedIncident(f.app.db.pool, { priority: 1 })
  const opened = await d.next(aboutIncident('incident.opened', later.id))
  t.equal(opened.incident.number, later.number)

  // The state machine's own event, committed with the transition.
  await inTransaction(f.app.db.pool, async (c) => {
    await applyTransition(c, await lockIncident(c, later.id), { to: 'CANCELLED', actor: 'test', reason: 'false alarm' })
  })
  const tr = await d.next(aboutIncident('incident.transition', later.id))
  t.match(tr, { from: 'NEW', to: 'CANCELLED', actor: 'test', reason: 'false alarm', incident: { state: 'CANCELLED' } })

  // A rolled-back change is never seen: NOTIFY is delivered on commit only.
  await inTransaction(f.app.db.pool, async (c) => {
    await emitEvent(c, { type: 'responder.updated', at: new Date().toISOString(), responder: { id: 'ghost' } })
    throw new Error('roll back')
  }).catch(() => {})
  await emitEvent(f.app.db.pool, { type: 'responder.updated', at: new Date().toISOString(), responder: { id: 'r-after', status: 'busy' } })
  await d.next((m) => m.type === 'responder.updated' && m.responder.id === 'r-after')
  t.notOk(d.messages.some((m) => m.responder?.id === 'ghost'), 'the rolled-back event never arrived')
})

// Acceptance path: the pipeline itself announces the incident it opens.
t.test('a PANIC pressed over MQTT after connecting arrives as incident.opened', async (t) => {
  const f = await startTestFlare(t)
  const dev = await f.device({ kind: 'phone' })
  const d = await dashboard(t, liveUrl(f))
  await d.next(isSnapshot)
  const client = await f.connect({ clientId: dev.id, username: dev.id, password: dev.secret })
  const acks = collect(client, `dev/${dev.id}/ack`)
  await subscribe(client, `dev/${dev.id}/ack`)
  await client.publishAsync(`dev/${dev.id}/alert`, JSON.stringify({ alertId: 'live-1', kind: 'PANIC', location: { lat: -33.92, lon: 18.42 } }), { qos: 1 })
  const ack = JSON.parse((await acks.next()).toString())
  t.equal(ack.status, 'ACCEPTED')
  const opened = await d.next((m) => m.type === 'incident.opened' && m.incident.number === ack.incidentNumber)
  t.match(opened.incident, { state: 'NEW', kind: 'PANIC', priority: Number })
})

t.test('priority and zone filters apply to the snapshot and to incident events, not to responder events', async (t) => {
  const f = await startTestFlare(t)
  const pool = f.app.db.pool
  const p1a = await seedIncident(pool, { priority: 1, zoneId: 'zone-a' })
  const p3a = await seedIncident(pool, { priority: 3, zoneId: 'zone-a' })
  const p1b = await seedIncident(pool, { priority: 1, zoneId: 'zone-b' })
  const p1none = await seedIncident(pool, { priority: 1 })

  const urgent = await dashboard(t, liveUrl(f, 'priority=2'))
  const zoneA = await dashboard(t, liveUrl(f, 'zone=zone-a'))
  const both = await dashboard(t, liveUrl(f, 'zone=zone-c,zone-b&priority=1'))
  const repeated = await dashboard(t, liveUrl(f, 'zone=zone-a&zone=zone-b'))
  const ids = async (d: typeof urgent): Promise<string[]> => (await d.next(isSnapshot)).incidents.map((i: any) => i.id).sort()

  t.same(await ids(urgent), [p1a.id, p1b.id, p1none.id].sort(), 'priority=2: priorities 1 and 2')
  t.same(await ids(zoneA), [p1a.id, p3a.id].sort(), 'zone=zone-a')
  t.same(await ids(both), [p1b.id], 'zones as a comma list, and priority')
  t.same(await ids(repeated), [p1a.id, p3a.id, p1b.id].sort(), 'zone repeated')

  // Events of the incidents seeded before connecting may still arrive after the snapshot (the
  // snapshot may repeat them; see gateway/live): only what arrives from here on is judged.
  const dashboards = [urgent, zoneA, both, repeated]
  const from = new Map(dashboards.map(d => [d, d.messages.length]))
  const late3a = await seedIncident(pool, { priority: 3, zoneId: 'zone-a' })
  const late1b = await seedIncident(pool, { priority: 1, zoneId: 'zone-b' })
  await emitEvent(pool, { type: 'responder.updated', at: new Date().toISOString(), responder: { id: 'r1', status: 'busy' } })

  // Every dashboard sees the responder; the events are delivered in commit order, so once the
  // responder event is in, the incident events before it have been either delivered or filtered.
  for (const d of dashboards) await d.next((m) => m.type === 'responder.updated', 10_000, 1)
  const late = new Set([late3a.id, late1b.id])
  const got = (d: typeof urgent): string[] => d.messages.slice(from.get(d)).filter((m) => m.type === 'incident.opened' && late.has(m.incident.id)).map((m) => m.incident.id).sort()
  // …and nothing else new leaks through a filter: the earlier incidents, if repeated, only to dashboards whose filters match.
  const stale = (d: typeof urgent): string[] => d.messages.slice(from.get(d)).filter((m) => m.type === 'incident.opened' && !late.has(m.incident.id)).map((m) => m.incident.id)
  t.ok(stale(urgent).every(id => [p1a.id, p1b.id, p1none.id].includes(id)), 'repeats respect the priority filter')
  t.ok(stale(zoneA).every(id => [p1a.id, p3a.id].includes(id)), 'repeats respect the zone filter')
  t.same(got(urgent), [late1b.id], 'priority filter on events')
  t.same(got(zoneA), [late3a.id], 'zone filter on events')
  t.same(got(both), [late1b.id])
  t.same(got(repeated), [late3a.id, late1b.id].sort())
  t.ok(urgent.messages.length > from.get(urgent)!)

  const bad = await refusedStatus(liveUrl(f, 'priority=9'))
  t.equal(bad.status, 400, 'an out-of-range priority is refused before the upgrade')
})

t.test('an API key is required: in the header (checked before the upgrade) or as the first message, never in the URL', async (t) => {
  const f = await startTestFlare(t)
  t.equal((await refusedStatus(liveUrl(f, '', 'not-a-key'))).status, 401, 'a wrong Bearer key: HTTP 401, no socket')

  const viewer = await keyWithRole(f, 'viewer')
  const byHeader = await dashboard(t, liveUrl(f, '', viewer))
  t.equal((await byHeader.next(() => true)).type, 'snapshot', 'a viewer key as a Bearer header is enough')

  const byMessage = await dashboard(t, liveUrl(f, 'priority=3', null))
  byMessage.ws.send(JSON.stringify({ type: 'auth', token: viewer }))
  t.equal((await byMessage.next(() => true)).type, 'snapshot', 'and as the first message')

  const wrong = await closedAfterFirstMessage(liveUrl(f, '', null), JSON.stringify({ type: 'auth', token: 'not-a-key' }))
  t.equal(wrong.code, 4401, 'a wrong key as the first message closes the feed (4401)')
  t.match(wrong.reason, /unknown or revoked API key/)
  const garbled = await closedAfterFirstMessage(liveUrl(f, '', null), 'hello')
  t.equal(garbled.code, 4400, 'a first message that is not {"type":"auth"} closes it (4400)')
  t.match(garbled.reason, /"type":"auth"/)
  const repo = new ApiKeysRepo(f.app.db.pool)
  const revoked = generateApiKey()
  await repo.revoke((await repo.create(revoked, 'viewer', 'revoked viewer')).id)
  t.equal((await closedAfterFirstMessage(liveUrl(f, '', null), JSON.stringify({ type: 'auth', token: revoked }))).code, 4401, 'a revoked key as the first message is refused')
  t.ok(await metric(f, 'flare_auth_refusals_total', { code: 'unauthorized' }) >= 3, 'first-message refusals are counted')

  const inUrl = await refusedStatus({ url: `${liveUrl(f).url}?token=${viewer}`, headers: {} })
  t.equal(inUrl.status, 400, '?token= is refused before the upgrade')
  t.match(inUrl.body.error.message, /Authorization: Bearer.*first message/)

  const plain = await f.api('GET', '/api/v1/live')
  t.equal(plain.status, 426, 'a plain GET is told to upgrade')
})

t.test('a feed that sends no credential is closed (4408)', async (t) => {
  const f = await startTestFlare(t)
  const silent = await closedAfterFirstMessage(liveUrl(f, '', null))
  t.equal(silent.code, 4408)
  t.match(silent.reason, /no credential/)
})
