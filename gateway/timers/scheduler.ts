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
  await db.query(
    `INSERT INTO timers (key, kind, due_at, payload) VALUES ($1, $2, now() + make_interval(secs => $3), $4)
     ON CONFLICT (key) DO UPDATE SET kind = EXCLUDED.kind, due_at = EXCLUDED.due_at, payload = EXCLUDED.payload`,
    [key, kind, dueInS, JSON.stringify(payload)])
}

export async function cancelTimer (db: pg.Pool | pg.PoolClient, key: string): Promise<void> {
  await db.query('DELETE FROM timers WHERE key = $1', [key])
}

/**
 * Fires due timers. Each due row is claimed with FOR UPDATE SKIP LOCKED and deleted in the same
 * transaction after its handler succeeded, so a timer fires once across nodes and restarts; a
 * handler that fails leaves it for the next tick. Handlers must be idempotent (a crash after the
 * handler and before the commit fires it again).
 */
export class TimerScheduler {
  private readonly handlers = new Map<string, TimerHandler>()
  private timer?: NodeJS.Timeout
  private running = false

  constructor (private readonly pool: pg.Pool, private readonly log: Logger) {}

  on (kind: string, handler: TimerHandler): void {
    this.handlers.set(kind, handler)
  }

  /** Fires what is due now; returns how many fired. */
  async tick (batch = 100): Promise<number> {
    if (this.running) return 0
    this.running = true
    const client = await this.pool.connect()
    let fired = 0
    try {
      await client.query('BEGIN')
      const { rows } = await client.query(
        `SELECT key, kind, due_at, payload FROM timers WHERE due_at <= now()
          ORDER BY due_at LIMIT $1 FOR UPDATE SKIP LOCKED`, [batch])
      for (const r of rows) {
        const handler = this.handlers.get(r.kind)
        if (handler === undefined) {
          this.log.warn({ key: r.key, kind: r.kind }, 'no handler for timer kind; dropping it')
        } else {
          try {
            await handler({ key: r.key, kind: r.kind, dueAt: r.due_at, payload: r.payload })
          } catch (err) {
            this.log.error({ err: (err as Error).message, key: r.key }, 'timer handler failed; will retry')
            continue
          }
        }
        await client.query('DELETE FROM timers WHERE key = $1', [r.key])
        fired++
      }
      await client.query('COMMIT')
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {})
      throw err
    } finally {
      client.release()
      this.running = false
    }
    return fired
  }

  start (intervalMs: number): void {
    const loop = (): void => {
      this.tick().catch((err) => this.log.warn({ err: err.message }, 'timer tick failed'))
        .finally(() => { if (this.timer !== undefined) this.timer = setTimeout(loop, intervalMs) })
    }
    this.timer = setTimeout(loop, intervalMs)
  }

  stop (): void {
    const t = this.timer
    this.timer = undefined
    clearTimeout(t)
  }
}
