/**
 * The journal replay's own path (gateway/pipeline/replay-alerts.ts, PgAlertStore.persistMany): big
 * batches in lanes by correlation key, on the real schema. A key's repeats within one batch join in
 * order (correlation rounds), an alert correlates into an incident PostgreSQL already had, repeats
 * are recognised, a batch PostgreSQL refuses falls back to its alerts one by one, and every alert is
 * handed on after its commit.
 */
import t from 'tap'
import { startTestFlare } from '../../helpers/flare.js'
import { correlationRounds } from '../../../gateway/pipeline/persist/correlate.js'
import { PgAlertStore } from '../../../gateway/pipeline/persist.js'
import { replayAlerts } from '../../../gateway/pipeline/replay-alerts.js'
import { isDatabaseUnavailable } from '../../../gateway/storage/availability.js'
import type { ClassifiedAlert, PersistResult } from '../../../gateway/pipeline/types.js'
import type { Rule } from '../../../gateway/rules/types.js'
import { DEFAULT_RULES } from '../../../gateway/rules/defaults.js'
import { sql } from './support.js'

const HERE = { lat: -26.2041, lon: 28.0473 }
const panic: Rule = { ...DEFAULT_RULES.find(r => r.id === 'panic')!, correlation: { key: 'device', windowS: 300 }, dispatch: { roles: ['security'], radiusM: 5000, count: 1, offerTimeoutS: 60 } }

function alert (deviceId: string, alertId: string, rule = panic): ClassifiedAlert {
  return {
    source: { deviceId, deviceKind: 'button', codec: 'json', personId: null, topic: `dev/${deviceId}/alert`, raw: Buffer.alloc(0), receivedAt: Date.now() },
    alert: { alertId, kind: 'PANIC', triggeredAt: Date.now(), location: HERE, message: { alertId, kind: 'PANIC', location: HERE } },
    rule,
    zoneId: null,
    correlationKey: `device:${deviceId}:PANIC`
  }
}

t.test('correlation rounds: the k-th item of each key in round k, in order', async (t) => {
  t.same(correlationRounds([{ i: 0, key: 'a' }, { i: 1, key: 'a' }, { i: 2, key: 'b' }, { i: 3, key: 'a' }, { i: 4, key: 'c' }]), [[0, 2, 4], [1], [3]])
  t.same(correlationRounds([]), [])
})

t.test('replay batches: in-batch repeats join in order, joins into existing incidents, duplicates, a refused alert, every alert handed on', async (t) => {
  const f = await startTestFlare(t)
  const pool = sql(t, f)
  const store = new PgAlertStore(f.app.db.pool, f.app.gateway.engine)
  await f.responder({ name: 'Near', roles: ['security'], lat: HERE.lat, lon: HERE.lon })

  // Committed before the replay: an incident the replayed alerts of dev-old join, and an alert the replay repeats.
  const [before] = await store.persistMany([alert('dev-old', 'old-1')])
  t.match(before, { status: 'ACCEPTED', opened: true })

  const items = [
    ...Array.from({ length: 5 }, (_, k) => alert('dev-a', `a-${k}`)), // five presses of one key: one incident
    alert('dev-old', 'old-2'), // joins the incident PostgreSQL already had
    alert('dev-old', 'old-1'), // committed already (say, late, after its deadline): a repeat
    ...Array.from({ length: 6 }, (_, k) => alert(`dev-${k}`, `x-${k}`)), // six keys: six incidents
    alert('dev-bad', 'bad-1', { ...panic, id: undefined as unknown as string }) // refused by PostgreSQL (rule_id NOT NULL)
  ]
  const handed: string[] = []
  const results = await replayAlerts(items.map((c) => ({ item: c.alert.alertId, alert: c })), {
    batching: { batch: 3, lanes: 2 },
    commit: async (cs) => await store.persistMany(cs),
    alone: async (id) => {
      try {
        return await store.persist(items.find(c => c.alert.alertId === id) as ClassifiedAlert)
      } catch {
        return null
      }
    },
    unavailable: isDatabaseUnavailable,
    committed: async (id, c, result) => { t.equal(c.alert.alertId, id); handed.push(`${id}:${result.status}`) }
  })
  const byId = new Map(items.map((c, i) => [c.alert.alertId, results[i]]))
  const a = byId.get('a-0') as PersistResult
  t.match(a, { status: 'ACCEPTED', opened: true })
  for (let k = 1; k < 5; k++) t.match(byId.get(`a-${k}`), { status: 'ACCEPTED', opened: false, incidentId: a.incidentId }, `a-${k} joins dev-a's incident`)
  t.match(byId.get('old-2'), { status: 'ACCEPTED', opened: false, incidentId: before.incidentId, incidentNumber: before.incidentNumber }, 'correlated into the incident PostgreSQL had')
  t.match(byId.get('old-1'), { status: 'DUPLICATE', incidentId: before.incidentId }, 'a repeat is recognised')
  t.equal(byId.get('bad-1'), null, 'the refused alert: null, and the rest of its batch committed alone')
  t.equal(handed.length, items.length - 1, 'every committed alert handed on once')
  t.notOk(handed.some(h => h.startsWith('bad-1')))

  const { rows: [inc] } = await pool.query('SELECT alert_count FROM incidents WHERE id = $1', [a.incidentId])
  t.equal(inc.alert_count, 5)
  const { rows: timeline } = await pool.query('SELECT type, reason FROM incident_events WHERE incident_id = $1 ORDER BY id', [a.incidentId])
  t.same(timeline.map(e => e.reason ?? e.type).filter(r => r.startsWith('PANIC')), ['PANIC alert a-0', 'PANIC alert a-1', 'PANIC alert a-2', 'PANIC alert a-3', 'PANIC alert a-4'], 'joined in journal order')
  t.equal((await pool.query('SELECT count(*)::int AS n FROM incidents')).rows[0].n, 8, 'dev-old\'s, dev-a\'s and six more')
  t.equal((await pool.query("SELECT count(*)::int AS n FROM alerts WHERE device_id <> 'dev-bad'")).rows[0].n, 13, 'each alert stored once')
  t.equal((await pool.query('SELECT count(DISTINCT incident_id)::int AS n FROM offers')).rows[0].n, 8, 'every incident offered')
})
