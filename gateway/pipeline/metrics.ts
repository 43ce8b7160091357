import { Counter, Gauge, Histogram, type Registry } from 'prom-client'
import type pg from 'pg'

/** Alert pipeline metrics, registered into the app's registry. */
export class PipelineMetrics {
  readonly received: Counter<'kind'>
  readonly accepted: Counter<'kind'>
  readonly duplicate: Counter<'kind'>
  readonly rejected: Counter<'reason'>
  readonly incidentsOpened: Counter<'category'>
  readonly stageSeconds: Histogram<'stage'>
  readonly persistBatchSize: Histogram
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
    const metrics = this
    this.gauges = [new Gauge({
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
        const { rows } = await pool.query('SELECT count(*)::int AS n FROM outbox')
        this.set(rows[0].n)
      }
    }),
    new Gauge({
      name: 'flare_outbox_oldest_age_seconds',
      help: 'Age of the oldest message waiting in the outbox',
      registers,
      async collect () {
        const { rows } = await pool.query('SELECT COALESCE(extract(epoch FROM now() - min(created_at)), 0)::float8 AS age FROM outbox')
        this.set(rows[0].age)
      }
    })]
  }

  /** Where the persist queue's length is read at scrape time. */
  watchPersistQueue (waiting: () => number): void {
    this.persistWaiting = waiting
  }
}
