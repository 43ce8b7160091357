import pg from 'pg'
import type { FastifyBaseLogger } from 'fastify'
import type { Logger } from 'pino'
import { EVENTS_CHANNEL, type LiveEvent } from '../events/emit.js'

/** What a subscriber gets: the parsed event (for filtering) and the payload as sent (so it is not re-serialised per client). */
export interface LiveSubscriber {
  event: (event: LiveEvent, raw: string) => void
  /**
   * Called after the LISTEN connection was lost and re-established: notifications in the gap are
   * gone for good (PostgreSQL does not queue them for a closed session), so subscribers re-sync.
   */
  resync: () => void
}

export interface LiveHubTuning {
  /** shows up in pg_stat_activity; tests find the listener by it */
  applicationName?: string
  minBackoffMs?: number
  maxBackoffMs?: number
  /** a silently dead TCP connection never errors; a periodic query on it finds out */
  heartbeatMs?: number
}

/**
 * One dedicated PostgreSQL session per node doing LISTEN flare_events, fanned out to the node's
 * dashboards. Every node listens, so a change committed through any node reaches every dashboard.
 * A pooled connection would not do: LISTEN belongs to a session, and the pool recycles sessions.
 */
export class LiveHub {
  private client: pg.Client | undefined
  private readonly subscribers = new Set<LiveSubscriber>()
  private stopped = false
  private connectedOnce = false
  private attempt = 0
  private retryTimer: NodeJS.Timeout | undefined
  private heartbeat: NodeJS.Timeout | undefined
  private readonly opts: Required<LiveHubTuning>

  constructor (private readonly pool: pg.Pool, private readonly log: Logger | FastifyBaseLogger, opts: LiveHubTuning = {}) {
    this.opts = {
      applicationName: opts.applicationName ?? 'flare-live',
      minBackoffMs: opts.minBackoffMs ?? 250,
      maxBackoffMs: opts.maxBackoffMs ?? 30_000,
      heartbeatMs: opts.heartbeatMs ?? 30_000
    }
  }

  get subscriberCount (): number {
    return this.subscribers.size
  }

  /** Connects once; a failure does not throw but keeps retrying in the background (dashboards can wait, start-up should not). */
  async start (): Promise<void> {
    await this.connect()
  }

  async stop (): Promise<void> {
    this.stopped = true
    clearTimeout(this.retryTimer)
    clearInterval(this.heartbeat)
    const c = this.client
    this.client = undefined
    if (c !== undefined) await c.end().catch(() => {})
    this.subscribers.clear()
  }

  subscribe (s: LiveSubscriber): () => void {
    this.subscribers.add(s)
    return () => { this.subscribers.delete(s) }
  }

  private async connect (): Promise<void> {
    if (this.stopped) return
    // The pool's options carry the connection string (external or embedded PostgreSQL) and timeouts.
    const client = new pg.Client({
      ...this.pool.options,
      application_name: this.opts.applicationName,
      keepAlive: true,
      query_timeout: 10_000
    })
    client.on('error', (err) => this.lost(client, err))
    client.on('end', () => this.lost(client, new Error('connection ended')))
    try {
      await client.connect()
      await client.query(`LISTEN ${EVENTS_CHANNEL}`)
    } catch (err) {
      client.end().catch(() => {})
      this.log.warn({ err, attempt: this.attempt }, 'live feed: cannot LISTEN; retrying')
      this.scheduleRetry()
      return
    }
    if (this.stopped) { await client.end().catch(() => {}); return }
    client.on('notification', (msg) => this.dispatch(msg.payload))
    this.client = client
    this.attempt = 0
    this.heartbeat = setInterval(() => {
      client.query('SELECT 1').catch((err) => this.lost(client, err))
    }, this.opts.heartbeatMs)
    this.heartbeat.unref()
    if (this.connectedOnce) {
      this.log.warn('live feed: LISTEN re-established; dashboards re-sync')
      for (const s of [...this.subscribers]) this.safe(() => s.resync())
    }
    this.connectedOnce = true
  }

  private lost (client: pg.Client, err: Error): void {
    if (this.client !== client) return // already handled (error and end both fire), or a stale client
    this.client = undefined
    clearInterval(this.heartbeat)
    client.removeAllListeners('notification')
    client.end().catch(() => {})
    if (this.stopped) return
    this.log.warn({ err }, 'live feed: LISTEN connection lost; reconnecting')
    this.scheduleRetry()
  }

  private scheduleRetry (): void {
    if (this.stopped) return
    // Exponential backoff with jitter, so nodes do not stampede a recovering database.
    const base = Math.min(this.opts.maxBackoffMs, this.opts.minBackoffMs * 2 ** this.attempt)
    const delay = base / 2 + Math.random() * base / 2
    this.attempt = Math.min(this.attempt + 1, 20)
    clearTimeout(this.retryTimer)
    this.retryTimer = setTimeout(() => { void this.connect() }, delay)
    this.retryTimer.unref()
  }

  private dispatch (payload: string | undefined): void {
    if (payload === undefined) return
    let event: LiveEvent
    try {
      event = JSON.parse(payload)
    } catch {
      this.log.warn({ payload: payload.slice(0, 200) }, 'live feed: ignoring a notification that is not JSON')
      return
    }
    if (typeof event !== 'object' || event === null || typeof event.type !== 'string') return
    for (const s of [...this.subscribers]) this.safe(() => s.event(event, payload))
  }

  /** One misbehaving subscriber must not starve the others. */
  private safe (fn: () => void): void {
    try { fn() } catch (err) { this.log.error({ err }, 'live feed: subscriber failed') }
  }
}
