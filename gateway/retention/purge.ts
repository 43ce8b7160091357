import type pg from 'pg'
import type { Logger } from 'pino'
import { Counter, type Registry } from 'prom-client'
import type { RetentionDays, RetentionOptions } from '../../config/config.js'
import { sqlStates, TERMINAL_STATES } from '../incidents/state-machine.js'
import { setTimer, type TimerScheduler } from '../timers/scheduler.js'

export type RetentionKind = keyof RetentionDays

export const PURGE_TIMER = 'retention_purge'
/** One key across nodes: the timer row is the "exactly once" (claimed with SKIP LOCKED). */
const PURGE_KEY = 'retention_purge'
/** A round that filled a batch comes back this soon for the rest, yielding in between. */
const MORE_S = 1

type Purge = (db: pg.Pool, days: number, batch: number) => Promise<number>

const OVER = sqlStates(TERMINAL_STATES)

/**
 * One statement per kind, each its own short transaction, each at most `batch` rows. Oldest first,
 * by the indexes of migration 1764041600000.
 */
const PURGES: Readonly<Record<RetentionKind, Purge>> = {
  rawPayloads: async (db, days, batch) => {
    const { rows } = await db.query<{ n: number }>(
      `WITH a AS (UPDATE alerts SET payload = '{}'::jsonb, payload_purged_at = now()
                   WHERE id IN (SELECT id FROM alerts WHERE received_at < now() - make_interval(days => $1) AND payload_purged_at IS NULL ORDER BY received_at, id LIMIT $2) RETURNING 1),
            d AS (DELETE FROM dead_letters WHERE id IN (SELECT id FROM dead_letters WHERE received_at < now() - make_interval(days => $1) ORDER BY received_at LIMIT $2) RETURNING 1),
            r AS (DELETE FROM responder_replies WHERE (responder_id, reply_id) IN (SELECT responder_id, reply_id FROM responder_replies WHERE at < now() - make_interval(days => $1) ORDER BY at LIMIT $2) RETURNING 1)
       SELECT ((SELECT count(*) FROM a) + (SELECT count(*) FROM d) + (SELECT count(*) FROM r))::int AS n`, [days, batch])
    return rows[0].n
  },
  positions: async (db, days, batch) => {
    const { rows } = await db.query<{ n: number }>(
      `WITH p AS (DELETE FROM responder_positions WHERE id IN (SELECT id FROM responder_positions WHERE at < now() - make_interval(days => $1) ORDER BY at LIMIT $2) RETURNING 1),
            l AS (DELETE FROM incident_locations WHERE id IN (
                    SELECT l.id FROM incident_locations l JOIN incidents i ON i.id = l.incident_id
                     WHERE l.at < now() - make_interval(days => $1) AND i.state IN (${OVER}) ORDER BY l.at LIMIT $2) RETURNING 1)
       SELECT ((SELECT count(*) FROM p) + (SELECT count(*) FROM l))::int AS n`, [days, batch])
    return rows[0].n
  },
  // Counted into incident_statistics (day, category, priority, final state) before they go, in the
  // same statement: what the operator must keep stays, as numbers without a person in them.
  closedIncidents: async (db, days, batch) => {
    const { rows } = await db.query<{ n: number }>(
      `WITH gone AS (SELECT id FROM incidents WHERE state IN (${OVER}) AND closed_at < now() - make_interval(days => $1) ORDER BY closed_at LIMIT $2 FOR UPDATE SKIP LOCKED),
            counted AS (INSERT INTO incident_statistics (day, category, priority, final_state, incidents, alerts)
                          SELECT i.opened_at::date, i.category, i.priority, i.state, count(*), sum(i.alert_count) FROM incidents i JOIN gone USING (id)
                           GROUP BY 1, 2, 3, 4
                        ON CONFLICT (day, category, priority, final_state) DO UPDATE
                          SET incidents = incident_statistics.incidents + EXCLUDED.incidents, alerts = incident_statistics.alerts + EXCLUDED.alerts
                        RETURNING 1),
            a AS (DELETE FROM alerts WHERE incident_id IN (SELECT id FROM gone)),
            e AS (DELETE FROM incident_events WHERE incident_id IN (SELECT id FROM gone)),
            o AS (DELETE FROM offers WHERE incident_id IN (SELECT id FROM gone)),
            l AS (DELETE FROM incident_locations WHERE incident_id IN (SELECT id FROM gone)),
            w AS (DELETE FROM webhook_deliveries WHERE incident_id IN (SELECT id FROM gone) AND state <> 'pending'),
            r AS (UPDATE responders SET current_incident_id = NULL WHERE current_incident_id IN (SELECT id FROM gone))
       -- Every sub-statement runs, referenced or not; the foreign keys are checked after all of them.
       DELETE FROM incidents WHERE id IN (SELECT id FROM gone) RETURNING 1`, [days, batch])
    return rows.length
  },
  auditLog: async (db, days, batch) => {
    const { rowCount } = await db.query(
      'DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log WHERE at < now() - make_interval(days => $1) ORDER BY at LIMIT $2)', [days, batch])
    return rowCount ?? 0
  },
  deliveries: async (db, days, batch) => {
    const { rowCount } = await db.query(
      'DELETE FROM webhook_deliveries WHERE id IN (SELECT id FROM webhook_deliveries WHERE state <> \'pending\' AND created_at < now() - make_interval(days => $1) ORDER BY created_at LIMIT $2)', [days, batch])
    return rowCount ?? 0
  }
}

/**
 * The retention purge: a timer that runs on one node at a time (the timer row is claimed with SKIP
 * LOCKED), removing at most `batch` rows per kind per round, and coming back at once while a kind
 * had more. What it removed is counted in flare_retention_purged_total{kind}.
 */
export class RetentionPurge {
  private readonly purged: Counter

  constructor (private readonly pool: pg.Pool, private readonly o: RetentionOptions, private readonly log: Logger, registry?: Registry) {
    this.purged = new Counter({ name: 'flare_retention_purged_total', help: 'Rows removed (or, for raw payloads, emptied) by the retention purge, by kind of data', labelNames: ['kind'], registers: registry === undefined ? [] : [registry] })
    for (const kind of Object.keys(PURGES)) this.purged.inc({ kind }, 0)
  }

  register (scheduler: TimerScheduler): void {
    scheduler.on(PURGE_TIMER, async () => {
      const removed = await this.round()
      const more = Object.values(removed).some(n => n >= this.o.batch)
      await setTimer(this.pool, PURGE_KEY, PURGE_TIMER, more ? MORE_S : this.o.intervalS)
    })
  }

  /** At start, on every node: the timer exists (one row, whoever comes first), first round soon. */
  async schedule (): Promise<void> {
    await this.pool.query("INSERT INTO timers (key, kind, due_at) VALUES ($1, $2, now() + interval '30 seconds') ON CONFLICT (key) DO NOTHING", [PURGE_KEY, PURGE_TIMER])
  }

  /** One round: each kind with a period, one bounded statement each. Returns what each removed. */
  async round (): Promise<Partial<Record<RetentionKind, number>>> {
    const removed: Partial<Record<RetentionKind, number>> = {}
    for (const kind of Object.keys(PURGES) as RetentionKind[]) {
      const days = this.o.days[kind]
      if (days === 0) continue
      const n = await PURGES[kind](this.pool, days, this.o.batch)
      removed[kind] = n
      if (n > 0) this.purged.inc({ kind }, n)
    }
    if (Object.values(removed).some(n => n > 0)) this.log.info({ removed }, 'retention purge removed data past its period')
    return removed
  }
}
