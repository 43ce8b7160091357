import t from 'tap'
import { randomUUID } from 'node:crypto'
import pg from 'pg'
import { startTestFlare, type TestFlare } from '../../helpers/flare.js'
import { createTestDatabase } from '../../helpers/database.js'
import { collect, subscribe } from '../../helpers/mqtt.js'

const HERE = { lat: 51.5074, lon: -0.1278 }

/**
 * A responder's app on MQTT. At QoS 0 its client never acknowledges what it receives; with a
 * persistent session (clean: false) its acknowledgements mark offers delivered.
 */
async function responderOn (f: TestFlare, t: any, r: { id: string, secret: string }, qos: 0 | 1 = 1, clean = true): Promise<{ id: string, client: any, inbox: ReturnType<typeof collect> }> {
  const client = await f.connect({ clientId: r.id, username: r.id, password: r.secret, clean })
  const inbox = collect(client, `dispatch/${r.id}`)
  t.equal(await subscribe(client, `dispatch/${r.id}`, qos), qos)
  return { id: r.id, client, inbox }
}

async function nextOf (inbox: ReturnType<typeof collect>, key: string): Promise<any> {
  for (;;) {
    const m = JSON.parse((await inbox.next()).toString())
    if (m[key] !== undefined) return m[key]
  }
}

/** The first message with `key` received so far or later, without consuming the inbox. */
async function seen (inbox: ReturnType<typeof collect>, key: string): Promise<any> {
  for (let i = 0; i < 200; i++) {
    for (const m of inbox.messages) {
      const body = JSON.parse(m.toString())
      if (body[key] !== undefined) return body[key]
    }
    await new Promise(resolve => setTimeout(resolve, 50))
  }
  throw new Error(`no ${key} message`)
}

async function panic (f: TestFlare, alertId: string): Promise<void> {
  const d = await f.device({ kind: 'phone' })
  const dev = await f.connect({ clientId: d.id, username: d.id, password: d.secret })
  await dev.publishAsync(`dev/${d.id}/alert`, JSON.stringify({ alertId, kind: 'PANIC', location: HERE }), { qos: 1 })
}

const rulesWith = (dispatch: Record<string, unknown>): unknown => ({
  rules: [{ id: 'panic-test', match: { kinds: ['PANIC'] }, category: 'security', priority: 2, openIncident: true, correlation: { key: 'device', windowS: 300 }, dispatch: { roles: ['security'], radiusM: 5000, ...dispatch } }]
})

t.test('two responders accepting at the same instant through two broker instances: one wins, one is withdrawn', async (t) => {
  const db = await createTestDatabase()
  t.teardown(db.drop)
  // Two nodes share MQTT traffic through Redis (cluster mode), and state through PostgreSQL.
  const redis = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'
  const a = await startTestFlare(t, { TIMER_INTERVAL_MS: '100', REDIS_URL: redis }, db)
  const b = await startTestFlare(t, { TIMER_INTERVAL_MS: '100', RULES_POLL_MS: '100', REDIS_URL: redis }, db)
  t.equal((await a.api('PUT', '/api/v1/rules', rulesWith({ count: 2 }))).status, 200)
  const r1 = await responderOn(a, t, await a.responder({ name: 'One', roles: ['security'], lat: HERE.lat + 0.001, lon: HERE.lon }))
  const r2 = await responderOn(b, t, await a.responder({ name: 'Two', roles: ['security'], lat: HERE.lat + 0.002, lon: HERE.lon }))
  // node B must have picked up the new rules before the alert lands there
  for (let i = 0; i < 100 && (await b.api('GET', '/api/v1/rules')).body.version < 2; i++) await new Promise(resolve => setTimeout(resolve, 50))
  await panic(b, 'race-1')
  const [o1, o2] = await Promise.all([nextOf(r1.inbox, 'offer'), nextOf(r2.inbox, 'offer')])
  t.equal(o1.incidentId, o2.incidentId, 'both got an offer for the same incident (parallel offers)')
  await Promise.all([
    r1.client.publishAsync(`resp/${r1.id}/reply`, JSON.stringify({ replyId: randomUUID(), action: 'ACCEPT', offerId: o1.offerId }), { qos: 1 }),
    r2.client.publishAsync(`resp/${r2.id}/reply`, JSON.stringify({ replyId: randomUUID(), action: 'ACCEPT', offerId: o2.offerId }), { qos: 1 })
  ])
  const [res1, res2] = await Promise.all([seen(r1.inbox, 'result'), seen(r2.inbox, 'result')])
  t.equal([res1.ok === true, res2.ok === true].filter(Boolean).length, 1, 'exactly one accept wins')
  const loser = res1.ok === true ? r2 : r1
  const withdrawn = await seen(loser.inbox, 'withdrawn')
  t.equal(withdrawn.incidentId, o1.incidentId)
  t.equal(withdrawn.reason, 'taken')
  const detail = await a.api('GET', `/api/v1/incidents/${o1.incidentId}`)
  t.equal(detail.body.state, 'ASSIGNED')
  t.equal(detail.body.offers.filter((o: any) => o.state === 'accepted').length, 1)
})

t.test('an unanswered offer expires and moves to the next nearest; re-sent meanwhile while its delivery is unacknowledged', async (t) => {
  const f = await startTestFlare(t, { TIMER_INTERVAL_MS: '100' })
  t.equal((await f.api('PUT', '/api/v1/rules', rulesWith({ count: 1, offerTimeoutS: 7 }))).status, 200)
  const near = await responderOn(f, t, await f.responder({ name: 'Near', roles: ['security'], lat: HERE.lat + 0.001, lon: HERE.lon }), 0)
  const next = await responderOn(f, t, await f.responder({ name: 'Next', roles: ['security'], lat: HERE.lat + 0.003, lon: HERE.lon }))
  await panic(f, 'exp-1')
  const first = await nextOf(near.inbox, 'offer')
  t.equal(first.attempt, 1)
  const again = await nextOf(near.inbox, 'offer')
  t.equal(again.offerId, first.offerId, 'the same offer is re-sent while unanswered')
  t.equal(again.attempt, 2)
  const w = await nextOf(near.inbox, 'withdrawn')
  t.equal(w.reason, 'expired')
  const o2 = await nextOf(next.inbox, 'offer')
  t.equal(o2.incidentId, first.incidentId, 'the next nearest gets it after the expiry')
})

t.test('an offer a persistent-session client acknowledged is marked delivered and not re-sent', async (t) => {
  const f = await startTestFlare(t, { TIMER_INTERVAL_MS: '100' })
  t.equal((await f.api('PUT', '/api/v1/rules', rulesWith({ count: 1, offerTimeoutS: 60 }))).status, 200)
  const r = await responderOn(f, t, await f.responder({ name: 'Acking', roles: ['security'], lat: HERE.lat, lon: HERE.lon }), 1, false)
  await panic(f, 'ack-1')
  const offer = await nextOf(r.inbox, 'offer')
  const db = new pg.Pool({ connectionString: f.db.url, max: 1 })
  t.teardown(async () => { await db.end() })
  let row: any
  for (let i = 0; i < 100 && row?.delivered_at == null; i++) {
    row = (await db.query('SELECT delivered_at FROM offers WHERE id = $1', [offer.offerId])).rows[0]
    if (row?.delivered_at == null) await new Promise(resolve => setTimeout(resolve, 50))
  }
  t.ok(row.delivered_at instanceof Date, 'delivered_at is set from the client\'s PUBACK')
  const timers = (await db.query('SELECT t.kind, t.due_at = o.expires_at AS at_expiry FROM timers t JOIN offers o ON o.id = $2 WHERE t.key LIKE $1',
    [`%:${offer.offerId as string}`, offer.offerId])).rows
  t.same(timers, [{ kind: 'offer_due', at_expiry: true }], 'no more re-sends: the offer\'s timer waits for its expiry')
  const detail = await f.api('GET', `/api/v1/incidents/${offer.incidentId as string}`)
  t.ok(detail.body.offers[0].deliveredAt, 'dispatchers see when the offer was delivered')
})

t.test('an invalid transition over MQTT is answered with the allowed next states; sync re-sends pending offers', async (t) => {
  const f = await startTestFlare(t)
  const r = await responderOn(f, t, await f.responder({ name: 'R', roles: ['security'], lat: HERE.lat, lon: HERE.lon }))
  await panic(f, 'inv-1')
  const offer = await nextOf(r.inbox, 'offer')
  await r.client.publishAsync(`resp/${r.id}/sync`, '', { qos: 1 })
  const synced = await nextOf(r.inbox, 'offer')
  t.equal(synced.offerId, offer.offerId, 'sync re-sends the pending offer')
  const pending = await f.api('GET', `/api/v1/responders/${r.id}/offers`)
  t.equal(pending.body.items[0].offerId, offer.offerId)

  await r.client.publishAsync(`resp/${r.id}/reply`, JSON.stringify({ replyId: 'x1', action: 'ACCEPT', offerId: offer.offerId }), { qos: 1 })
  t.equal((await nextOf(r.inbox, 'result')).ok, true)
  await r.client.publishAsync(`resp/${r.id}/reply`, JSON.stringify({ replyId: 'x2', action: 'RESOLVED', incidentId: offer.incidentId }), { qos: 1 })
  const refused = await nextOf(r.inbox, 'result')
  t.equal(refused.ok, undefined, 'not ok')
  t.same(refused.allowedNext, ['EN_ROUTE', 'ASSIGNED', 'CANCELLED'])
  await r.client.publishAsync(`resp/${r.id}/reply`, JSON.stringify({ replyId: 'x1', action: 'ACCEPT', offerId: offer.offerId }), { qos: 1 })
  t.equal((await nextOf(r.inbox, 'result')).ok, true, 'a repeated reply id gets its first answer')
  await r.client.publishAsync(`resp/${r.id}/reply`, Buffer.from('{broken'), { qos: 1 })
  t.match((await nextOf(r.inbox, 'result')).reason, /bad_json/)
})

t.test('timers survive a restart and fire once', async (t) => {
  const db = await createTestDatabase()
  t.teardown(db.drop)
  const first = await startTestFlare(t, { TIMER_INTERVAL_MS: '100' }, db)
  t.equal((await first.api('PUT', '/api/v1/rules', rulesWith({ count: 1, offerTimeoutS: 6 }))).status, 200)
  const r = await first.responder({ name: 'R', roles: ['security'], lat: HERE.lat, lon: HERE.lon })
  await panic(first, 'tmr-1')
  const { rows } = await first.app.db.pool.query("SELECT count(*)::int AS n FROM timers WHERE kind = 'offer_due'")
  t.equal(rows[0].n, 1, 'the offer\'s timer is a row')
  await first.app.close()
  const second = await startTestFlare(t, { TIMER_INTERVAL_MS: '100' }, db)
  let state = ''
  for (let i = 0; i < 200 && state !== 'expired'; i++) {
    await new Promise(resolve => setTimeout(resolve, 100))
    state = (await second.app.db.pool.query('SELECT state FROM offers WHERE responder_id = $1', [r.id])).rows[0].state
  }
  t.equal(state, 'expired', 'the restarted process fired the expiry')
  const events = (await second.app.db.pool.query("SELECT count(*)::int AS n FROM incident_events WHERE type = 'offer_expired'")).rows[0].n
  t.equal(events, 1, 'exactly once')
})
