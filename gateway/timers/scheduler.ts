import type pg from 'pg'
import type { Logger } from 'pino'

export interface DueTimer {
  key: string
  kind: string
  dueAt: Date
  payload: Record<string, unknown>
}

export type TimerHandler = (timer: DueTimer) => Promise<void>

/** Sets (or moves) a deadline. Keys are unique: setting one again replaces its due time. */
export async function setTimer (db: pg.Pool | pg.PoolClient, key: string, kind: string, dueInS: number, payload: Record<string, unknown> = {}): Promise<void> {
  await setTimers(db, [{ key, kind, dueInS, payload }])
}

/** Several deadlines in one statement (keys must differ within one call). */
export async function setTimers (db: pg.Pool | pg.PoolClient, timers: Array<{ key: string, kind: string, dueInS: number, payload?: Record<string, unknown> }>): Promise<void> {
  if (timers.length === 0) return
  await db.query(
    `INSERT INTO timers (key, kind, due_at, payload)
     SELECT k, kind, now() + make_interval(secs => s), p::jsonb FROM unnest($1::text[], $2::text[], $3::float8[], $4::text[]) AS t(k, kind, s, p)
     ON CONFLICT (key) DO UPDATE SET kind = EXCLUDED.kind, due_at = EXCLUDED.due_at, payload = EXCLUDED.payload`,
    [timers.map(t => t.key), timers.map(t => t.kind), timers.map(t => t.dueInS), timers.map(t => JSON.stringify(t.payload ?? {}))])
}

export async function cancelTimer (db: pg.Pool | pg.PoolClient, key: string): Promise<void> {
  await cancelTimers(db, [key])
}

export async function cancelTimers (db: pg.Pool | pg.PoolClient, keys: string[]): Promise<void> {
  if (keys.length > 0) await db.query('DELETE FROM timers WHERE key = ANY($1::text[])', [keys])
}

/**
 * Fires due timers, on every node. A due row is claimed with FOR UPDATE SKIP LOCKED and, in that
 * same short transaction, pushed a lease into the future; the handler then runs outside any
 * transaction (so it may set timers, even its own key, without waiting on the claim), and the row
 * is deleted only if it still carries the claimed due time. A node that dies mid-handler leaves
 * the row to come due again when the lease ends, so another node picks it up. Delivery is
 * at-least-once: handlers must be idempotent.
 */
export class TimerScheduler {
  private readonly handlers = new Map<string, TimerHandler>()
  private timer?: NodeJS.Timeout
  private running = false
  private stopping = false
  private ticking: Promise<unknown> = Promise.resolve()

  constructor (private readonly pool: pg.Pool, private readonly log: Logger, private readonly leaseS = 10) {}

  on (kind: string, handler: TimerHandler): void {
    this.handlers.set(kind, handler)
  }

  /** Fires what is due now; returns how many fired. */
  async tick (batch = 100): Promise<number> {
    if (this.running) return 0
    this.running = true
    let fired = 0
    try {
      const { rows } = await this.pool.query(
        `UPDATE timers t SET due_at = now() + make_interval(secs => $2)
           FROM (SELECT key, due_at FROM timers WHERE due_at <= now() ORDER BY due_at LIMIT $1 FOR UPDATE SKIP LOCKED) due
          WHERE t.key = due.key
          RETURNING t.key, t.kind, due.due_at AS was_due, t.due_at::text AS lease, t.payload`, [batch, this.leaseS])
      for (const r of rows) {
        if (this.stopping) { await this.release(r); continue }
        const handler = this.handlers.get(r.kind)
        if (handler === undefined) {
          this.log.warn({ key: r.key, kind: r.kind }, 'no handler for timer kind; dropping it')
        } else {
          try {
            await handler({ key: r.key, kind: r.kind, dueAt: r.was_due, payload: r.payload })
          } catch (err) {
            // Give the claim back so the next tick retries; only a node that dies keeps it until the lease ends.
            this.log.error({ err, key: r.key }, 'timer handler failed; retrying on the next tick')
            await this.release(r)
            continue
          }
        }
        // Still our claim? A handler that re-set its own key has moved due_at: keep that one.
        // (The lease travels as text: a JS Date would drop the microseconds and never match.)
        await this.pool.query('DELETE FROM timers WHERE key = $1 AND due_at = $2::timestamptz', [r.key, r.lease])
        fired++
      }
    } finally {
      this.running = false
    }
    return fired
  }

  /** Gives a claim back (due again at once) so the next tick, here or on another node, takes it. */
  private async release (r: { key: string, lease: string, was_due: Date }): Promise<void> {
    await this.pool.query('UPDATE timers SET due_at = $3 WHERE key = $1 AND due_at = $2::timestamptz', [r.key, r.lease, r.was_due])
      .catch((e) => this.log.warn({ err: e, key: r.key }, 'could not release the timer claim; it fires when its lease ends'))
  }

  start (intervalMs: number): void {
    this.stopping = false
    const loop = (): void => {
      this.ticking = this.tick().catch((err) => this.log.warn({ err }, 'timer tick failed'))
        .finally(() => { if (this.timer !== undefined) this.timer = setTimeout(loop, intervalMs) })
    }
    this.timer = setTimeout(loop, intervalMs)
  }

  /** Stops claiming; the handler running now finishes, and claims not yet handled are given back. */
  async stop (): Promise<void> {
    this.stopping = true
    const t = this.timer
    this.timer = undefined
    clearTimeout(t)
    await this.ticking
  }
}
