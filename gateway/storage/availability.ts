import type pg from 'pg'
import type { Logger } from 'pino'

/**
 * Whether an error says PostgreSQL could not be reached or could not answer in time, as opposed to
 * an error about the statement: SQLSTATE class 08 (connection), 53 (resources), 57 (shutdown,
 * cancel), the pool's connection timeout, a connection cut mid-query, or a socket error.
 */
export function isDatabaseUnavailable (err: unknown): boolean {
  if (!(err instanceof Error)) return false
  const code = (err as { code?: unknown }).code
  if (typeof code === 'string') {
    if (/^[0-9A-Z]{5}$/.test(code)) return ['08', '53', '57'].includes(code.slice(0, 2))
    return ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH'].includes(code)
  }
  return /timeout exceeded when trying to connect|Connection terminated|connection timeout|Query read timeout/i.test(err.message)
}

/** A database call that did not finish within its deadline (it may still finish later). */
export class DeadlineExceeded extends Error {
  constructor (readonly ms: number) {
    super(`PostgreSQL did not answer within ${ms} ms`)
    this.name = 'DeadlineExceeded'
  }
}

/** `work`, or DeadlineExceeded after `ms` (the work itself goes on; its late result is ignored). */
export async function withDeadline<T> (work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<never>((_resolve, reject) => { timer = setTimeout(() => reject(new DeadlineExceeded(ms)), ms) })
  try {
    return await Promise.race([work, deadline])
  } finally {
    clearTimeout(timer)
    work.catch(() => {}) // a late failure after the deadline has nobody left to tell
  }
}

export interface AvailabilityOptions {
  /** how often a degraded node asks PostgreSQL whether it is back */
  probeMs?: number
  /** runs once PostgreSQL answers again; the node leaves degraded mode only when it resolves */
  recover: () => Promise<void>
}

/**
 * Whether this node is degraded: PostgreSQL unreachable or too slow, the alert path on the local
 * journal. Entered by whoever saw PostgreSQL fail; left when a probe succeeds and recovery (the
 * journal's replay) has finished. One log line on entering and one on leaving.
 */
export class DatabaseAvailability {
  private since: number | undefined
  private totalMs = 0
  private probeTimer: NodeJS.Timeout | undefined
  private stopped = false
  private readonly probeMs: number

  constructor (private readonly pool: pg.Pool, private readonly log: Logger, private readonly o: AvailabilityOptions) {
    this.probeMs = o.probeMs ?? 1000
  }

  get degraded (): boolean {
    return this.since !== undefined
  }

  /** Seconds spent degraded since start, the current stretch included. */
  get degradedSeconds (): number {
    return (this.totalMs + (this.since === undefined ? 0 : Date.now() - this.since)) / 1000
  }

  enter (err: unknown): void {
    if (this.since !== undefined || this.stopped) return
    this.since = Date.now()
    this.log.error({ err }, 'PostgreSQL unavailable: degraded mode, alerts go to the local journal')
    this.scheduleProbe()
  }

  async stop (): Promise<void> {
    this.stopped = true
    clearTimeout(this.probeTimer)
  }

  private scheduleProbe (): void {
    if (this.stopped) return
    this.probeTimer = setTimeout(() => { void this.probe() }, this.probeMs)
    this.probeTimer.unref()
  }

  private async probe (): Promise<void> {
    try {
      await withDeadline(this.pool.query('SELECT 1'), Math.max(this.probeMs, 1000))
      await this.o.recover()
    } catch (err) {
      this.log.debug({ err }, 'still degraded')
      this.scheduleProbe()
      return
    }
    const since = this.since ?? Date.now()
    this.totalMs += Date.now() - since
    this.since = undefined
    this.log.warn({ degradedS: Math.round((Date.now() - since) / 100) / 10 }, 'PostgreSQL is back: degraded mode over, journal replayed')
  }
}
