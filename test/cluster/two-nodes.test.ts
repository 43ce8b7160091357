// Two Flare nodes (separate processes) on one PostgreSQL database and one Redis: the dispatch loop
// crosses nodes, an alert replayed to the other node is one incident, and revocation through one
// node drops the session held by the other.
import t from 'tap'
import { randomUUID } from 'node:crypto'
import { collect, subscribe } from '../helpers/mqtt.js'
import { nextOf, responderApp, startCluster, until } from './support.js'

const HERE = { lat: 48.8566, lon: 2.3522 }

t.test('two nodes: cluster view, press on A → offer and accept on B → acks on A; replay to B is one incident; revoke through A drops the session on B', async (t) => {
  const cluster = await startCluster(t, ['node-a', 'node-b'])
  const [a, b] = cluster.nodes

  // --- /api/v1/cluster on either node lists both, alive; metrics carry the node label
  const view = await a.api('GET', '/api/v1/cluster')
  t.equal(view.status, 200)
  t.match(view.body.self, /^node-a-/, 'self is this process\'s id: NODE_ID plus a random suffix')
  t.same(view.body.nodes.map((n: any) => n.nodeId).sort(), ['node-a', 'node-b'], 'A lists both nodes')
  t.ok(view.body.nodes.every((n: any) => n.alive === true), 'both alive')
  t.ok(view.body.nodes.some((n: any) => n.id === view.body.self), 'self is one of them')
  const viewB = await b.api('GET', '/api/v1/cluster')
  t.match(viewB.body.self, /^node-b-/)
  t.same(viewB.body.nodes.map((n: any) => n.id).sort(), view.body.nodes.map((n: any) => n.id).sort(), 'B sees the same nodes')
  const metricsB = await (await fetch(`${b.httpUrl}/metrics`)).text()
  t.match(metricsB, /node="node-b"/, 'B\'s metrics carry node="node-b"')
  t.notMatch(metricsB, /node="node-a"/)
  t.match(a.proc.stdout(), /"node":"node-a"/, 'A\'s log lines name node-a')

  // --- a responder on B, a device on A
  const rita = await cluster.responder(a, { name: 'Rita', roles: ['security'], lat: HERE.lat + 0.001, lon: HERE.lon })
  const responder = await responderApp(cluster, b, rita)
  const online = await until('A to see the responder on B as online', async () => {
    const r = await a.api('GET', `/api/v1/responders/${rita.id}`)
    return r.body.online === true ? r.body : undefined
  }, 15_000)
  t.equal(online.online, true, 'presence is shared: A sees the responder connected to B as online')

  const d = await cluster.device(b, { kind: 'phone' })
  const dev = await cluster.connect(a, { clientId: d.id, username: d.id, password: d.secret })
  const acks = collect(dev, `dev/${d.id}/ack`)
  t.equal(await subscribe(dev, `dev/${d.id}/ack`), 1)

  await dev.publishAsync(`dev/${d.id}/alert`, JSON.stringify({ alertId: 'cl-1', kind: 'PANIC', location: HERE }), { qos: 1 })
  const accepted = JSON.parse((await acks.next(15_000)).toString())
  t.match(accepted, { alertId: 'cl-1', status: 'ACCEPTED', incidentNumber: /^INC-\d{8}-\d{4}$/ }, 'the device on A gets ACCEPTED')

  const offer = await nextOf(responder.inbox, 'offer')
  t.equal(offer.incidentNumber, accepted.incidentNumber, 'the responder on B got the offer for that incident')
  t.ok(typeof offer.offerId === 'string' && offer.offerId.length > 0, 'the offer carries its id')

  await responder.client.publishAsync(`resp/${rita.id}/reply`, JSON.stringify({ replyId: randomUUID(), action: 'ACCEPT', offerId: offer.offerId }), { qos: 1 })
  t.equal((await nextOf(responder.inbox, 'result')).ok, true, 'the accept is confirmed on B')

  const update = await until('the UPDATE ack on A', async () => {
    for (const m of acks.messages) {
      const body = JSON.parse(m.toString())
      if (body.status === 'UPDATE') return body
    }
    return undefined
  }, 20_000, 50)
  t.equal(update.responderName, 'Rita', 'the device on A hears who is coming')
  t.equal(update.incidentNumber, accepted.incidentNumber)

  // --- the timeline, read through A
  const detail = await a.api('GET', `/api/v1/incidents/${offer.incidentId}`)
  t.equal(detail.status, 200)
  t.equal(detail.body.state, 'ASSIGNED')
  const types = detail.body.timeline.map((e: any) => e.type)
  t.ok(types.includes('opened'), 'timeline: opened')
  t.ok(types.includes('offered'), 'timeline: offered')
  const transitions = detail.body.timeline.filter((e: any) => e.type === 'transition')
  t.same(transitions.map((e: any) => `${e.fromState}>${e.toState}@${e.actor}`), [`NEW>ASSIGNED@responder:${rita.id}`], 'timeline: NEW>ASSIGNED by the responder')
  t.ok(types.indexOf('opened') < types.indexOf('offered') && types.indexOf('offered') < types.indexOf('transition'), 'in that order')

  // --- the device moves to B and replays the same alert: one incident, DUPLICATE with the same number
  await dev.endAsync()
  const dev2 = await cluster.connect(b, { clientId: d.id, username: d.id, password: d.secret })
  const acks2 = collect(dev2, `dev/${d.id}/ack`)
  t.equal(await subscribe(dev2, `dev/${d.id}/ack`), 1)
  await dev2.publishAsync(`dev/${d.id}/alert`, JSON.stringify({ alertId: 'cl-1', kind: 'PANIC', location: HERE }), { qos: 1 })
  const dup = await until('the DUPLICATE ack on B', async () => {
    for (const m of acks2.messages) {
      const body = JSON.parse(m.toString())
      if (body.alertId === 'cl-1' && body.status !== 'UPDATE') return body
    }
    return undefined
  }, 15_000, 50)
  t.match(dup, { status: 'DUPLICATE', incidentNumber: accepted.incidentNumber }, 'B answers DUPLICATE with the number A gave')
  const { rows: incidents } = await cluster.sql.query('SELECT id FROM incidents WHERE device_id = $1', [d.id])
  t.equal(incidents.length, 1, 'one incident')
  const { rows: alerts } = await cluster.sql.query('SELECT alert_id FROM alerts WHERE device_id = $1', [d.id])
  t.same(alerts.map(r => r.alert_id), ['cl-1'], 'one alert row')
  const after = await b.api('GET', `/api/v1/incidents/${offer.incidentId}`)
  t.equal(after.body.alertCount, 1, 'the replay did not count as a second alert')
  t.equal(after.body.offers.length, 1, 'nor offer again')

  // --- revoking the responder through A's REST API drops its session on B
  let closed = false
  responder.client.once('close', () => { closed = true })
  const revoked = await a.api('DELETE', `/api/v1/responders/${rita.id}`)
  t.equal(revoked.status, 204)
  await until('the responder\'s session on B to be closed', async () => closed ? true : undefined, 15_000, 50)
  t.pass('the responder\'s session on B was closed')
  // B's log line travels through a pipe, the close through a socket: either may arrive first.
  const logged = new RegExp(`"clientId":"${rita.id}".*revoked principal disconnected|revoked principal disconnected.*"clientId":"${rita.id}"`)
  await until('B to log the revocation', async () => logged.test(b.proc.stdout()) ? true : undefined, 5000, 50).catch(() => {})
  t.match(b.proc.stdout(), logged, 'B logged it')
  const again = await cluster.connect(b, { clientId: rita.id, username: rita.id, password: rita.secret }).then(() => 0, (err: any) => err.code)
  t.equal(again, 5, 'and B refuses it a new session (CONNACK 5, not authorised)')
})

// node-pg-migrate's default advisoryLockMode is 'fail': without 'wait' (gateway/storage/migrate.ts) the
// second of two nodes started at the same moment exits with "Another migration is already running".
t.test('two nodes started at the same moment on a fresh database both come up', async (t) => {
  const cluster = await startCluster(t, ['node-c', 'node-d'], {}, { together: true })
  const view = await cluster.nodes[1].api('GET', '/api/v1/cluster')
  t.same(view.body.nodes.map((n: any) => n.nodeId).sort(), ['node-c', 'node-d'])
})
