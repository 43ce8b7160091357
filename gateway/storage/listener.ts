import pg from 'pg'
import type { FastifyBaseLogger } from 'fastify'
import type { Logger } from 'pino'

export interface ListenerOptions {
  /** the NOTIFY channel */
  channel: string
  /** shows up in pg_stat_activity; tests find the listener by it */
  applicationName: string
  onNotification: (payload: string | undefined) => void
  /**
   * Called when LISTEN is (re-)established after a loss: notifications in the gap are gone for good
   * (PostgreSQL does not queue them for a closed session), so whoever relies on them re-reads.
   */
  onReconnected: () => void
  minBackoffMs?: number
  maxBackoffMs?: number
  /** a silently dead TCP connection never errors; a periodic query on it finds out */
  heartbeatMs?: number
}

/**
 * One dedicated PostgreSQL session doing LISTEN on one channel, re-established with backoff when
 * lost. A pooled connection would not do: LISTEN belongs to a session, and the pool recycles them.
 */
export class PgListener {
  private client: pg.Client | undefined
  private stopped = false
  private connectedOnce = false
  private attempt = 0
  private retryTimer: NodeJS.Timeout | undefined
  private heartbeat: NodeJS.Timeout | undefined
  private readonly minBackoffMs: number
  private readonly maxBackoffMs: number
  private readonly heartbeatMs: number

  constructor (private readonly pool: pg.Pool, private readonly log: Logger | FastifyBaseLogger, private readonly o: ListenerOptions) {
    this.minBackoffMs = o.minBackoffMs ?? 250
    this.maxBackoffMs = o.maxBackoffMs ?? 30_000
    this.heartbeatMs = o.heartbeatMs ?? 30_000
  }

  /** Whether LISTEN is in place right now. */
  get listening (): boolean {
    return this.client !== undefined
  }

  /** Connects once; a failure does not throw but keeps retrying in the background. */
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
  }

  private async connect (): Promise<void> {
    if (this.stopped) return
    // The pool's options carry the connection string (external or embedded PostgreSQL) and timeouts.
    const client = new pg.Client({
      ...this.pool.options,
      application_name: this.o.applicationName,
      keepAlive: true,
      query_timeout: 10_000
    })
    client.on('error', (err) => this.lost(client, err))
    client.on('end', () => this.lost(client, new Error('connection ended')))
    try {
      await client.connect()
      await client.query(`LISTEN ${this.o.channel}`)
    } catch (err) {
      client.end().catch(() => {})
      this.log.warn({ err, channel: this.o.channel, attempt: this.attempt }, 'cannot LISTEN; retrying')
      this.scheduleRetry()
      return
    }
    if (this.stopped) { await client.end().catch(() => {}); return }
    client.on('notification', (msg) => this.o.onNotification(msg.payload))
    this.client = client
    this.attempt = 0
    this.heartbeat = setInterval(() => {
      client.query('SELECT 1').catch((err) => this.lost(client, err))
    }, this.heartbeatMs)
    this.heartbeat.unref()
    if (this.connectedOnce) {
      this.log.warn({ channel: this.o.channel }, 'LISTEN re-established')
      this.o.onReconnected()
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
    this.log.warn({ err, channel: this.o.channel }, 'LISTEN connection lost; reconnecting')
    this.scheduleRetry()
  }

  private scheduleRetry (): void {
    if (this.stopped) return
    // Exponential backoff with jitter, so nodes do not stampede a recovering database.
    const base = Math.min(this.maxBackoffMs, this.minBackoffMs * 2 ** this.attempt)
    const delay = base / 2 + Math.random() * base / 2
    this.attempt = Math.min(this.attempt + 1, 20)
    clearTimeout(this.retryTimer)
    this.retryTimer = setTimeout(() => { void this.connect() }, delay)
    this.retryTimer.unref()
  }
}
