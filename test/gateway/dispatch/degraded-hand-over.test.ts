// The hand-over to PostgreSQL after a replay (gateway/dispatch/degraded.ts handOver): each offer of
// the outage still pending is withdrawn as `replaced`, one at a time, and the withdrawing stops when
// the node stops (clear) or a publish fails, with one log line that says how far it got.
import t from 'tap'
import pg from 'pg'
import { pino } from 'pino'
import { Writable } from 'node:stream'
import { DegradedDispatch, type ProvisionalIncident } from '../../../gateway/dispatch/degraded.js'
import { LocalPeers } from '../../../gateway/dispatch/degraded-peers.js'
import { Roster } from '../../../gateway/dispatch/roster.js'

const HERE = { lat: -33.9249, lon: 18.4241 }

/** Degraded dispatch with three available responders and `publish` as its broker; log lines kept. */
function setUp (t: Parameters<Parameters<typeof t.test>[1]>[0], publish: (topic: string, payload: Buffer) => Promise<void>) {
  const lines: any[] = []
  const log = pino({ level: 'warn' }, new Writable({ write (chunk, _enc, done) { lines.push(JSON.parse(String(chunk))); done() } }))
  // The roster reads PostgreSQL only when started; these tests fill it by hand and never start it.
  const pool = new pg.Pool({ connectionString: 'postgres://127.0.0.1:1/unused' })
  t.teardown(async () => { await pool.end() })
  const roster = new Roster(pool, log)
  for (let i = 0; i < 3; i++) roster.changed({ id: `r${i}`, name: `R${i}`, roles: ['security'], zones: [], codec: 'json', status: 'available', lat: HERE.lat + 0.001 * (i + 1), lon: HERE.lon })
  const dispatch = new DegradedDispatch({ roster, peers: new LocalPeers(), publish: async (topic, payload) => { await publish(topic, payload) }, journal: async () => {}, log })
  t.teardown(() => { dispatch.clear() })
  const policy = { roles: ['security'], radiusM: 5000, count: 1, offerTimeoutS: 600 }
  const incident = (n: number): ProvisionalIncident => ({ number: `P-test-${n}`, deviceId: `d${n}`, deviceCodec: 'json', alertId: `a${n}`, kind: 'PANIC', category: 'security', priority: 1, ...HERE, triggeredAt: Date.now(), zoneId: null, policy })
  return { dispatch, lines, incident }
}

const withdrawals = (sent: Array<{ topic: string, body: any }>): any[] => sent.filter(m => m.body.withdrawn !== undefined).map(m => ({ topic: m.topic, ...m.body.withdrawn }))

t.test('every pending offer is withdrawn as replaced; one already answered is not', async (t) => {
  const sent: Array<{ topic: string, body: any }> = []
  const { dispatch, incident, lines } = setUp(t, async (topic, payload) => { sent.push({ topic, body: JSON.parse(String(payload)) }) })
  for (let n = 1; n <= 3; n++) await dispatch.opened(incident(n))
  const offers = sent.filter(m => m.body.offer !== undefined).map(m => ({ topic: m.topic, offerId: m.body.offer.offerId, incidentId: m.body.offer.incidentNumber }))
  t.equal(offers.length, 3, 'three offers, all to the nearest responder')
  // The first is declined: it is no longer pending, and the decline offers it to the next one.
  await dispatch.reply({ kind: 'responder', id: 'r0', codec: 'json' }, { replyId: 'x', action: 'DECLINE', offerId: offers[0].offerId })
  const pending = sent.filter(m => m.body.offer !== undefined && m.body.offer.offerId !== offers[0].offerId).map(m => ({ topic: m.topic, offerId: m.body.offer.offerId, incidentId: m.body.offer.incidentNumber }))
  t.equal(pending.length, 3, 'two untouched offers and the one the decline moved on to')

  await dispatch.handOver()
  const byOffer = (a: any, b: any): number => a.offerId < b.offerId ? -1 : 1
  t.same(withdrawals(sent).sort(byOffer), pending.map(o => ({ ...o, reason: 'replaced' })).sort(byOffer), 'each pending offer withdrawn once, as replaced, to its responder')
  t.equal(dispatch.incidents, 0, 'and degraded dispatch has let go of everything')
  t.same(lines, [], 'no warning')
})

t.test('a publish that fails stops the withdrawing, with one line that says how far it got', async (t) => {
  let withdrawalsTried = 0
  const { dispatch, incident, lines } = setUp(t, async (_topic, payload) => {
    if (JSON.parse(String(payload)).withdrawn === undefined) return
    if (++withdrawalsTried === 2) throw new Error('mqemitter is closed')
  })
  for (let n = 1; n <= 4; n++) await dispatch.opened(incident(n))
  await dispatch.handOver()
  t.equal(withdrawalsTried, 2, 'nothing tried after the failure')
  t.match(lines, [{ msg: /withdrawing the replaced offers failed/, withdrawn: 1, pending: 4, err: { message: 'mqemitter is closed' } }], 'one warning, with the count')
})

t.test('the node stopping (clear) stops a hand-over on its way', async (t) => {
  let withdrawalsTried = 0
  let release: () => void = () => {}
  const { dispatch, incident } = setUp(t, async (_topic, payload) => {
    if (JSON.parse(String(payload)).withdrawn === undefined) return
    if (++withdrawalsTried === 1) await new Promise<void>((resolve) => { release = resolve })
  })
  for (let n = 1; n <= 3; n++) await dispatch.opened(incident(n))
  const handingOver = dispatch.handOver()
  await new Promise(resolve => setImmediate(resolve))
  dispatch.clear()
  release()
  await handingOver
  t.equal(withdrawalsTried, 1, 'the withdrawal under way finished; no other was started')
})
