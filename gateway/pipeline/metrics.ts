import { Counter, Gauge, Histogram, type Registry } from 'prom-client'
import type pg from 'pg'
import { withDeadline } from '../storage/availability.js'

/** Degraded mode's figures, read at scrape time. */
export interface JournalView {
  records: () => number
  bytes: () => number
  oldestAgeSeconds: () => number
  degraded: () => boolean
  degradedSeconds: () => number
}

/** Alert pipeline metrics, registered into the app's registry. */
export class PipelineMetrics {
  readonly received: Counter<'kind'>
  readonly accepted: Counter<'kind'>
  readonly duplicate: Counter<'kind'>
  readonly rejected: Counter<'reason'>
  readonly incidentsOpened: Counter<'category'>
  readonly stageSeconds: Histogram<'stage'>
  readonly persistBatchSize: Histogram
  readonly journalReplayed: Counter
  readonly journalRefused: Counter<'reason'>
  private journal: JournalView = { records: () => 0, bytes: () => 0, oldestAgeSeconds: () => 0, degraded: () => false, degradedSeconds: () => 0 }
  private persistWaiting: () => number = () => 0
  /** read at scrape time: registered here, never set by the pipeline */
  private readonly gauges: Gauge[]

  constructor (registry: Registry, pool: pg.Pool) {
    const registers = [registry]
    this.received = new Counter({ name: 'flare_alerts_received_total', help: 'Alerts received, by kind (unknown when undecodable)', labelNames: ['kind'], registers })
    this.accepted = new Counter({ name: 'flare_alerts_accepted_total', help: 'Alerts accepted, by kind', labelNames: ['kind'], registers })
    this.duplicate = new Counter({ name: 'flare_alerts_duplicate_total', help: 'Exact repeats (same device and alert id), by kind', labelNames: ['kind'], registers })
    this.rejected = new Counter({ name: 'flare_alerts_rejected_total', help: 'Alerts rejected as invalid, by reason code', labelNames: ['reason'], registers })
    this.incidentsOpened = new Counter({ name: 'flare_incidents_opened_total', help: 'Incidents opened, by category', labelNames: ['category'], registers })
    this.stageSeconds = new Histogram({
      name: 'flare_pipeline_stage_seconds',
      help: 'Time spent in each alert pipeline stage',
      labelNames: ['stage'],
      buckets: [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers
    })
    this.persistBatchSize = new Histogram({
      name: 'flare_persist_batch_size',
      help: 'Alerts per group-commit transaction',
      buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
      registers
    })
    this.journalReplayed = new Counter({ name: 'flare_journal_replayed_total', help: 'Journaled alerts committed to PostgreSQL by a replay', registers })
    this.journalRefused = new Counter({
      name: 'flare_journal_refused_total',
      help: 'Appends the journal refused (no PUBACK for an alert among them), by reason: bound (JOURNAL_MAX_BYTES), disk_full, io_error',
      labelNames: ['reason'],
      registers
    })
    const metrics = this
    this.gauges = [new Gauge({
      name: 'flare_degraded',
      help: '1 while this node is degraded: PostgreSQL unreachable or too slow, alerts on the local journal',
      registers,
      collect () { this.set(metrics.journal.degraded() ? 1 : 0) }
    }),
    new Gauge({
      name: 'flare_degraded_seconds',
      help: 'Seconds this node has spent degraded since it started',
      registers,
      collect () { this.set(metrics.journal.degradedSeconds()) }
    }),
    new Gauge({
      name: 'flare_journal_records',
      help: 'Records in this node\'s journal, waiting for PostgreSQL',
      registers,
      collect () { this.set(metrics.journal.records()) }
    }),
    new Gauge({
      name: 'flare_journal_bytes',
      help: 'Bytes in this node\'s journal',
      registers,
      collect () { this.set(metrics.journal.bytes()) }
    }),
    new Gauge({
      name: 'flare_journal_oldest_age_seconds',
      help: 'Age of the oldest record in this node\'s journal (0 when it is empty): how long PostgreSQL has been missing it',
      registers,
      collect () { this.set(metrics.journal.oldestAgeSeconds()) }
    }),
    new Gauge({
      name: 'flare_persist_waiting',
      help: 'Alerts waiting for the next group commit',
      registers,
      collect () { this.set(metrics.persistWaiting()) }
    }),
    // Read at scrape time from PostgreSQL: the outbox is shared by every node.
    new Gauge({
      name: 'flare_outbox_depth',
      help: 'Messages waiting in the outbox',
      registers,
      async collect () {
        // While the database is away the last value stays: /metrics must keep answering, above all then.
        const rows = await outboxQuery<{ n: number }>(pool, 'SELECT count(*)::int AS n FROM outbox')
        if (rows !== undefined) this.set(rows[0].n)
      }
    }),
    new Gauge({
      name: 'flare_outbox_oldest_age_seconds',
      help: 'Age of the oldest message waiting in the outbox',
      registers,
      async collect () {
        const rows = await outboxQuery<{ age: number }>(pool, 'SELECT COALESCE(extract(epoch FROM now() - min(created_at)), 0)::float8 AS age FROM outbox')
        if (rows !== undefined) this.set(rows[0].age)
      }
    })]
  }

  /** Where the persist queue's length is read at scrape time. */
  watchPersistQueue (waiting: () => number): void {
    this.persistWaiting = waiting
  }

  /** Where degraded mode's figures are read at scrape time. */
  watchJournal (view: JournalView): void {
    this.journal = view
  }
}

/** A scrape-time query that gives up quickly and answers undefined when the database cannot. */
async function outboxQuery<R extends object> (pool: pg.Pool, sql: string): Promise<R[] | undefined> {
  try {
    return (await withDeadline(pool.query<R>(sql), 1000)).rows
  } catch {
    return undefined
  }
}
