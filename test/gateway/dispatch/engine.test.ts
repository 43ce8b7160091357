// The dispatch engine called directly, without MQTT: responders seeded at chosen distances, roles
// and statuses in a real migrated database, an incident row as the pipeline inserts it, and the
// offers, timers, timeline and outgoing messages the engine makes for it.
import t, { type Test } from 'tap'
import { randomUUID } from 'node:crypto'
import pg from 'pg'
import { pino } from 'pino'
import { createTestDatabase } from '../../helpers/database.js'
import { migrate } from '../../../gateway/storage/migrate.js'
import { inTransaction } from '../../../gateway/storage/transaction.js'
import { Outgoing } from '../../../gateway/storage/outgoing.js'
import { Outbox } from '../../../gateway/storage/outbox.js'
import { DispatchEngine, RAN_OUT } from '../../../gateway/dispatch/engine.js'
import { INCIDENT_ESCALATE } from '../../../gateway/dispatch/escalation.js'
import { OFFER_DUE, offerTimerKey, RESEND_FIRST_S } from '../../../gateway/dispatch/offers.js'
import { handleReply } from '../../../gateway/dispatch/replies.js'
import { INCIDENT_COLUMNS, type IncidentRow } from '../../../gateway/incidents/incident.js'
import type { DispatchPolicy, EscalationPolicy, Rule } from '../../../gateway/rules/types.js'
import type { DueTimer, TimerScheduler } from '../../../gateway/timers/scheduler.js'

const log = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' })

/** Metres per degree of latitude on the sphere the selection SQL uses (radius 6371 km). */
const M_PER_DEG = 6371000 * Math.PI / 180

interface Published { topic: string, body: any }

interface Env {
  pool: pg.Pool
  engine: DispatchEngine
  /** messages published after commit by the engine's own transactions (replies, timers) */
  published: Published[]
  /** the handlers the engine registers for its timers, by kind */
  timers: Map<string, (t: DueTimer) => Promise<void>>
}

const db = await createTestDatabase()
const pool = new pg.Pool({ connectionString: db.url, max: 4 })
t.teardown(async () => { await pool.end(); await db.drop() })
await migrate(pool, log)

/** `enginePool`: how the engine reaches the database (the test's pool unless a test slows it). */
function env (enginePool: pg.Pool = pool): Env {
  const published: Published[] = []
  const outbox = new Outbox(pool, async (topic, payload) => { published.push({ topic, body: JSON.parse(payload.toString()) }) }, log)
  const engine = new DispatchEngine({ pool: enginePool, outbox, log })
  const timers = new Map<string, (t: DueTimer) => Promise<void>>()
  // Only the registration is stood in for: the handlers run for real, against the database.
  engine.register({ on: (kind: string, fn: (t: DueTimer) => Promise<void>) => { timers.set(kind, fn) } } as unknown as TimerScheduler)
  return { pool, engine, published, timers }
}

/** Every test works around its own point, far from the others, so their responders never mix. */
let places = 0
function place (): { lat: number, lon: number, north: (m: number) => { lat: number, lon: number } } {
  const lat = -40 + 5 * places++
  const lon = 20
  return { lat, lon, north: (m: number) => ({ lat: lat + m / M_PER_DEG, lon }) }
}

interface ResponderSeed {
  at: { lat: number, lon: number } | null
  roles?: string[]
  status?: 'available' | 'busy' | 'off_duty'
  online?: boolean
  zones?: string[]
  revoked?: boolean
}

async function responder (name: string, s: ResponderSeed): Promise<string> {
  const id = `${name}-${randomUUID().slice(0, 8)}`
  await pool.query("INSERT INTO principals (id, kind, secret_hash) VALUES ($1, 'responder', 'x')", [id])
  await pool.query(
    `INSERT INTO responders (id, name, roles, zones, codec, status, online, lat, lon, revoked_at)
     VALUES ($1, $2, $3, $4, 'json', $5, $6, $7, $8, CASE WHEN $9 THEN now() END)`,
    [id, name, s.roles ?? ['security'], s.zones ?? [], s.status ?? 'available', s.online ?? true, s.at?.lat ?? null, s.at?.lon ?? null, s.revoked ?? false])
  return id
}

async function device (): Promise<string> {
  const id = `dev-${randomUUID().slice(0, 8)}`
  await pool.query("INSERT INTO principals (id, kind, secret_hash) VALUES ($1, 'device', 'x')", [id])
  await pool.query("INSERT INTO devices (id, kind, codec) VALUES ($1, 'phone', 'json')", [id])
  return id
}

const policy = (p: Partial<DispatchPolicy> = {}): DispatchPolicy => ({ roles: ['security'], radiusM: 1000, count: 1, offerTimeoutS: 30, ...p })

function ruleWith (dispatch: DispatchPolicy | undefined, escalation?: EscalationPolicy): Rule {
  return {
    id: 'engine-test',
    match: { kinds: ['PANIC'] },
    category: 'security',
    priority: 2,
    openIncident: true,
    correlation: { key: 'device', windowS: 60 },
    dispatch,
    escalation,
    notifyContacts: false
  }
}

/** An incident row as the pipeline's open statement inserts it, policies copied from the rule. */
async function incident (rule: Rule, at: { lat: number, lon: number } | null, zoneId: string | null = null): Promise<IncidentRow> {
  const deviceId = await device()
  const { rows } = await pool.query<IncidentRow>(
    `INSERT INTO incidents (number, kind, category, priority, rule_id, device_id, zone_id, lat, lon, correlation_key, correlation_window_s,
                            first_triggered_at, dispatch_policy, escalation_policy, dispatch_radius_m)
     VALUES ($1, 'PANIC', $2, $3, $4, $5, $6, $7, $8, $9, 60, now() - interval '2 seconds', $10, $11, $12)
     RETURNING ${INCIDENT_COLUMNS}`,
    [`T-${randomUUID().slice(0, 8)}`, rule.category, rule.priority, rule.id, deviceId, zoneId, at?.lat ?? null, at?.lon ?? null,
      `device:${deviceId}`, rule.dispatch ?? null, rule.escalation ?? null, rule.dispatch?.radiusM ?? null])
  return rows[0]
}

/** onOpened inside a transaction, as the pipeline calls it; the messages it queued, decoded. */
async function opened (e: Env, row: IncidentRow, rule: Rule): Promise<Published[]> {
  return await inTransaction(pool, async (client) => {
    const out = new Outgoing()
    await e.engine.onOpened(client, out, [{ row, rule }])
    return out.messages.map(m => ({ topic: m.topic, body: JSON.parse(m.payload.toString()) }))
  })
}

/** The offer's timer as the scheduler hands it to its handler. */
function offerDue (offerId: string, delayS = RESEND_FIRST_S): DueTimer {
  return { key: offerTimerKey(offerId), kind: OFFER_DUE, dueAt: new Date(), payload: { offerId, delayS } }
}

async function offersOf (incidentId: string): Promise<Array<{ id: string, responder_id: string, state: string, distance_m: number }>> {
  const { rows } = await pool.query('SELECT id, responder_id, state, distance_m FROM offers WHERE incident_id = $1 ORDER BY created_at, distance_m', [incidentId])
  return rows
}

async function timelineOf (incidentId: string): Promise<Array<{ type: string, reason: string | null, data: any }>> {
  const { rows } = await pool.query('SELECT type, reason, data FROM incident_events WHERE incident_id = $1 ORDER BY id', [incidentId])
  return rows
}

async function incidentNow (id: string): Promise<IncidentRow> {
  return (await pool.query<IncidentRow>(`SELECT ${INCIDENT_COLUMNS} FROM incidents WHERE id = $1`, [id])).rows[0]
}

const offerTopics = (messages: Published[]): string[] => messages.filter(m => m.body.offer !== undefined).map(m => m.topic)

t.test('K offers in parallel to the nearest fitting responders within the radius, nearest first', async (t: Test) => {
  const e = env()
  const p = place()
  const near = await responder('near', { at: p.north(100) })
  const mid = await responder('mid', { at: p.north(300) })
  const far = await responder('far', { at: p.north(600) })
  await responder('outside', { at: p.north(1500) })
  const rule = ruleWith(policy({ count: 3, radiusM: 1000, offerTimeoutS: 30 }))
  const row = await incident(rule, p, 'zone-a')
  const before = Date.now()
  const messages = await opened(e, row, rule)

  t.same(offerTopics(messages), [`dispatch/${near}`, `dispatch/${mid}`, `dispatch/${far}`], 'three offers, nearest first; the one outside the radius gets none')
  const offers = await offersOf(row.id)
  t.same(offers.map(o => [o.responder_id, o.state]), [[near, 'pending'], [mid, 'pending'], [far, 'pending']])
  t.ok(Math.abs(offers[0].distance_m - 100) < 1 && Math.abs(offers[2].distance_m - 600) < 1, 'distances recorded')

  const offer = messages[0].body.offer
  t.match(offer, {
    offerId: offers[0].id,
    incidentId: row.id,
    incidentNumber: row.number,
    kind: 'PANIC',
    category: 'security',
    priority: 2,
    deviceId: row.device_id,
    zoneId: 'zone-a',
    attempt: 1
  }, 'the offer names the incident')
  t.ok(Math.abs(offer.location.lat - p.lat) < 1e-9 && Math.abs(offer.location.lon - p.lon) < 1e-9, 'and where it is')
  const expires = Number(offer.expiresAtMs)
  t.ok(expires >= before + 29_000 && expires <= Date.now() + 31_000, 'expires after the offer timeout')
  t.equal(Number(offer.triggeredAtMs), row.first_triggered_at.getTime())

  const { rows: timers } = await pool.query(
    `SELECT t.key, extract(epoch FROM t.due_at - o.created_at)::float8 AS after, t.payload FROM timers t JOIN offers o ON t.key = $1 || ':' || o.id
      WHERE o.id = ANY($2::uuid[]) ORDER BY t.key`, [OFFER_DUE, offers.map(o => o.id)])
  t.same(timers.map(r => r.key).sort(), offers.map(o => offerTimerKey(o.id)).sort(), 'each offer has one timer')
  t.ok(timers.every(r => r.after === RESEND_FIRST_S && r.payload.delayS === RESEND_FIRST_S), 'due at its first re-send, before the expiry')
  const offered = (await timelineOf(row.id)).filter(e => e.type === 'offered')
  t.equal(offered.length, 1, 'one timeline entry for the round')
  t.same(offered[0].data.responders.map((r: any) => r.id), [near, mid, far])
  t.equal(offered[0].data.radiusM, 1000)
})

t.test('count limits the parallel offers; the rest wait for a decline or an expiry', async (t: Test) => {
  const e = env()
  const p = place()
  const a = await responder('a', { at: p.north(200) })
  const b = await responder('b', { at: p.north(100) })
  await responder('c', { at: p.north(400) })
  const rule = ruleWith(policy({ count: 2 }))
  const row = await incident(rule, p)
  t.same(offerTopics(await opened(e, row, rule)), [`dispatch/${b}`, `dispatch/${a}`])
})

t.test('only available, active responders with a fitting role, a known position and a zone that fits', async (t: Test) => {
  const e = env()
  const p = place()
  await responder('medic', { at: p.north(50), roles: ['medic'] })
  await responder('busy', { at: p.north(60), status: 'busy' })
  await responder('offduty', { at: p.north(70), status: 'off_duty' })
  await responder('revoked', { at: p.north(80), revoked: true })
  await responder('nowhere', { at: null })
  await responder('otherzone', { at: p.north(90), zones: ['zone-b'] })
  const both = await responder('both', { at: p.north(300), roles: ['medic', 'security'] })
  const inZone = await responder('inzone', { at: p.north(400), zones: ['zone-a', 'zone-c'] })
  // Being offline is not a reason to skip: the offer waits in the broker and is re-sent until it expires.
  const offline = await responder('offline', { at: p.north(500), online: false })
  const rule = ruleWith(policy({ count: 10 }))
  const row = await incident(rule, p, 'zone-a')
  t.same(offerTopics(await opened(e, row, rule)), [`dispatch/${both}`, `dispatch/${inZone}`, `dispatch/${offline}`])
})

t.test('nobody in range: the radius widens once, by the escalation policy\'s factor', async (t: Test) => {
  const e = env()
  const p = place()
  const wide = await responder('wide', { at: p.north(1500) })
  const rule = ruleWith(policy({ radiusM: 1000 }), { afterS: 120, widenRadiusFactor: 2, raisePriority: true })
  const row = await incident(rule, p)
  t.same(offerTopics(await opened(e, row, rule)), [`dispatch/${wide}`])
  t.equal((await incidentNow(row.id)).dispatch_radius_m, 2000, 'the incident keeps its wider radius')
  const widened = (await timelineOf(row.id)).find(e => e.type === 'radius_widened')
  t.same(widened?.data, { fromM: 1000, toM: 2000 })
  const { rows } = await pool.query('SELECT key, due_at - now() > interval \'110 seconds\' AS later FROM timers WHERE key = $1', [`${INCIDENT_ESCALATE}:${row.id}`])
  t.equal(rows.length, 1, 'the escalation deadline is set')
  t.ok(rows[0].later, 'about afterS from now')
})

t.test('nobody even in the widened radius: escalated to the zone\'s supervisors, priority raised', async (t: Test) => {
  const e = env()
  const p = place()
  await responder('toofar', { at: p.north(5000) })
  const rule = ruleWith(policy({ radiusM: 1000 }), { afterS: 120, widenRadiusFactor: 2, raisePriority: true })
  const row = await incident(rule, p, 'zone-x')
  const messages = await opened(e, row, rule)
  t.same(offerTopics(messages), [])
  const escalation = messages.find(m => m.topic === 'zone/zone-x/escalations')
  t.match(escalation?.body, { incidentId: row.id, incidentNumber: row.number, zoneId: 'zone-x', priority: 1, reason: RAN_OUT })
  const now = await incidentNow(row.id)
  t.equal(now.priority, 1, 'priority 2 → 1')
  t.equal(now.escalation_level, 1)
  t.equal(now.state, 'NEW', 'still waiting for someone')
  t.same((await timelineOf(row.id)).map(e => e.type), ['radius_widened', 'escalated'])
})

t.test('no position: no offers, a timeline note to assign by hand', async (t: Test) => {
  const e = env()
  const p = place()
  await responder('someone', { at: p.north(10) })
  const rule = ruleWith(policy())
  const row = await incident(rule, null)
  t.same(await opened(e, row, rule), [])
  t.same((await timelineOf(row.id)).map(e => e.type), ['no_location'])
  t.same(await offersOf(row.id), [])
})

t.test('a rule without dispatch makes no offers', async (t: Test) => {
  const e = env()
  const p = place()
  await responder('idle', { at: p.north(10) })
  const rule = ruleWith(undefined)
  const row = await incident(rule, p)
  t.same(await opened(e, row, rule), [])
  t.same(await offersOf(row.id), [])
})

t.test('a decline moves the offer on to the next nearest', async (t: Test) => {
  const e = env()
  const p = place()
  const first = await responder('first', { at: p.north(100) })
  const second = await responder('second', { at: p.north(200) })
  const rule = ruleWith(policy({ count: 1 }))
  const row = await incident(rule, p)
  await opened(e, row, rule)
  const [offer] = await offersOf(row.id)
  t.equal(offer.responder_id, first)

  const result = await handleReply(e.engine, { kind: 'responder', id: first, codec: 'json' }, { replyId: randomUUID(), action: 'DECLINE', offerId: offer.id, reason: 'too far' })
  t.match(result, { ok: true, offerId: offer.id, incidentId: row.id })
  t.same((await offersOf(row.id)).map(o => [o.responder_id, o.state]), [[first, 'declined'], [second, 'pending']])
  t.same(offerTopics(e.published), [`dispatch/${second}`], 'the next one gets an offer')
  t.same(e.published.filter(m => m.body.result !== undefined).map(m => m.topic), [`dispatch/${first}`], 'the decliner gets its answer')
  const { rows } = await pool.query('SELECT key FROM timers WHERE key LIKE $1', [`%:${offer.id}`])
  t.same(rows, [], 'the declined offer\'s timers are gone')
  t.ok((await timelineOf(row.id)).some(e => e.type === 'offer_declined' && e.reason === 'too far'))
})

t.test('an expired offer is withdrawn and the next nearest gets one', async (t: Test) => {
  const e = env()
  const p = place()
  const first = await responder('first', { at: p.north(100) })
  const second = await responder('second', { at: p.north(200) })
  const rule = ruleWith(policy({ count: 1 }))
  const row = await incident(rule, p)
  await opened(e, row, rule)
  const [offer] = await offersOf(row.id)

  await pool.query('UPDATE offers SET expires_at = now() WHERE id = $1', [offer.id])
  await e.timers.get(OFFER_DUE)?.(offerDue(offer.id))
  t.same((await offersOf(row.id)).map(o => [o.responder_id, o.state]), [[first, 'expired'], [second, 'pending']])
  t.same(e.published.map(m => m.topic), [`dispatch/${first}`, `dispatch/${second}`])
  t.same(e.published[0].body.withdrawn, { offerId: offer.id, incidentId: row.id, reason: 'expired' }, 'the first is told it expired')
  t.ok(e.published[1].body.offer !== undefined, 'the second gets the offer')
  t.ok((await timelineOf(row.id)).some(e => e.type === 'offer_expired' && e.data.responderId === first))
})

t.test('an offer\'s timer before its expiry re-sends it and comes due again at the next re-send; once delivered, at the expiry', async (t: Test) => {
  const e = env()
  const p = place()
  const only = await responder('only', { at: p.north(100) })
  const rule = ruleWith(policy({ count: 1, offerTimeoutS: 60 }))
  const row = await incident(rule, p)
  await opened(e, row, rule)
  const [offer] = await offersOf(row.id)
  const timer = async (): Promise<{ in_s: number, delay_s: number, to_expiry_s: number }> => (await pool.query(
    `SELECT extract(epoch FROM t.due_at - now())::float8 AS in_s, (t.payload->>'delayS')::float8 AS delay_s, extract(epoch FROM o.expires_at - t.due_at)::float8 AS to_expiry_s
       FROM timers t JOIN offers o ON o.id = $1 WHERE t.key = $2`, [offer.id, offerTimerKey(offer.id)])).rows[0]

  await e.timers.get(OFFER_DUE)?.(offerDue(offer.id))
  t.same((await offersOf(row.id)).map(o => [o.responder_id, o.state]), [[only, 'pending']], 'not expired: the offer row decides, not the timer')
  t.same(e.published.map(m => [m.topic, m.body.offer?.attempt]), [[`dispatch/${only}`, 2]], 're-sent as its second attempt')
  const next = await timer()
  t.equal(next.delay_s, 2 * RESEND_FIRST_S, 'the backoff doubles')
  t.ok(next.in_s > 2 * RESEND_FIRST_S - 1 && next.in_s <= 2 * RESEND_FIRST_S, 'due at the next re-send')

  await pool.query('UPDATE offers SET delivered_at = now() WHERE id = $1', [offer.id])
  await e.timers.get(OFFER_DUE)?.(offerDue(offer.id, 2 * RESEND_FIRST_S))
  t.equal(e.published.length, 1, 'a delivered offer is not re-sent')
  t.equal((await timer()).to_expiry_s, 0, 'its timer waits for the expiry')

  await pool.query('UPDATE offers SET delivered_at = NULL, expires_at = now() + interval \'3 seconds\' WHERE id = $1', [offer.id])
  await e.timers.get(OFFER_DUE)?.(offerDue(offer.id, 2 * RESEND_FIRST_S))
  t.equal((await timer()).to_expiry_s, 0, 'a re-send past the expiry is not scheduled: the timer comes due at the expiry')
})

t.test('an offer that expires between its timer\'s look and the re-send keeps its timer, now due at the expiry', async (t: Test) => {
  const p = place()
  await responder('late', { at: p.north(100) })
  const rule = ruleWith(policy({ count: 1, offerTimeoutS: 60 }))
  const row = await incident(rule, p)
  await opened(env(), row, rule)
  const [offer] = await offersOf(row.id)
  await pool.query('UPDATE offers SET expires_at = now() + interval \'150 milliseconds\' WHERE id = $1', [offer.id])
  // The same database, reached a little late: the re-send's transaction starts after the expiry.
  const late = {
    query: pool.query.bind(pool),
    connect: async () => { await new Promise(resolve => setTimeout(resolve, 300)); return await pool.connect() }
  } as unknown as pg.Pool
  const e = env(late)

  await e.timers.get(OFFER_DUE)?.(offerDue(offer.id))
  t.same(e.published, [], 'not re-sent: it had expired')
  const { rows } = await pool.query('SELECT t.due_at = o.expires_at AS at_expiry FROM timers t JOIN offers o ON o.id = $1 WHERE t.key = $2', [offer.id, offerTimerKey(offer.id)])
  t.same(rows, [{ at_expiry: true }], 'the timer comes due again at once, for the expiry')
})

t.test('an accept assigns: the other pending offers are withdrawn and the responder is busy', async (t: Test) => {
  const e = env()
  const p = place()
  const one = await responder('one', { at: p.north(100) })
  const two = await responder('two', { at: p.north(200) })
  const rule = ruleWith(policy({ count: 2 }))
  const row = await incident(rule, p)
  await opened(e, row, rule)
  const offers = await offersOf(row.id)
  const accepted = offers.find(o => o.responder_id === two)?.id

  const result = await handleReply(e.engine, { kind: 'responder', id: two, codec: 'json' }, { replyId: randomUUID(), action: 'ACCEPT', offerId: accepted })
  t.match(result, { ok: true, offerId: accepted })
  const now = await incidentNow(row.id)
  t.equal(now.state, 'ASSIGNED')
  t.equal(now.assigned_responder_id, two)
  t.same((await offersOf(row.id)).map(o => [o.responder_id, o.state]), [[one, 'withdrawn'], [two, 'accepted']])
  t.same(e.published.find(m => m.topic === `dispatch/${one}`)?.body.withdrawn?.reason, 'taken')
  t.ok(e.published.some(m => m.topic === `dev/${row.device_id}/ack` && m.body.status === 'UPDATE'), 'the device hears help is coming')
  const { rows } = await pool.query('SELECT status, current_incident_id FROM responders WHERE id = $1', [two])
  t.same(rows[0], { status: 'busy', current_incident_id: row.id })
})

t.test('the escalation deadline escalates an incident nobody accepted, and not one that was', async (t: Test) => {
  const e = env()
  const p = place()
  const rule = ruleWith(policy(), { afterS: 60, widenRadiusFactor: 1, raisePriority: false })
  const waiting = await incident(rule, p, 'zone-e')
  const due = (incidentId: string): DueTimer => ({ key: `${INCIDENT_ESCALATE}:${incidentId}`, kind: INCIDENT_ESCALATE, dueAt: new Date(), payload: { incidentId } })
  await e.timers.get(INCIDENT_ESCALATE)?.(due(waiting.id))
  t.equal(e.published.length, 1)
  t.equal(e.published[0].topic, 'zone/zone-e/escalations')
  t.match(e.published[0].body.reason, /^not accepted within \d+ s$/)
  t.equal((await incidentNow(waiting.id)).priority, 2, 'raisePriority: false keeps the priority')

  const done = await incident(rule, p)
  await pool.query("UPDATE incidents SET state = 'CANCELLED' WHERE id = $1", [done.id])
  await e.timers.get(INCIDENT_ESCALATE)?.(due(done.id))
  t.equal(e.published.length, 1, 'nothing for an incident no longer NEW')
})
