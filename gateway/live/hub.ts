import type pg from 'pg'
import type { FastifyBaseLogger } from 'fastify'
import type { Logger } from 'pino'
import { EVENTS_CHANNEL, type LiveEvent } from '../events/emit.js'
import { PgListener } from '../storage/listener.js'
import type { LocalEvents } from '../events/local.js'

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
 * One dedicated PostgreSQL session per node doing LISTEN flare_events (gateway/storage/listener.ts),
 * fanned out to the node's dashboards. Every node listens, so a change committed through any node
 * reaches every dashboard.
 */
export class LiveHub {
  private readonly subscribers = new Set<LiveSubscriber>()
  private readonly listener: PgListener

  private readonly unsubscribeLocal: () => void

  /** `local`: events this node emits in process while PostgreSQL is away, for its own dashboards */
  constructor (pool: pg.Pool, private readonly log: Logger | FastifyBaseLogger, opts: LiveHubTuning = {}, local?: LocalEvents) {
    this.listener = new PgListener(pool, log, {
      ...opts,
      channel: EVENTS_CHANNEL,
      applicationName: opts.applicationName ?? 'flare-live',
      onNotification: (payload) => this.dispatch(payload),
      onReconnected: () => {
        for (const s of [...this.subscribers]) this.safe(() => s.resync())
      }
    })
    this.unsubscribeLocal = local?.subscribe((event) => this.dispatch(JSON.stringify(event))) ?? (() => {})
  }

  get subscriberCount (): number {
    return this.subscribers.size
  }

  /** Connects once; a failure does not throw but keeps retrying in the background (dashboards can wait, start-up should not). */
  async start (): Promise<void> {
    await this.listener.start()
  }

  async stop (): Promise<void> {
    this.unsubscribeLocal()
    await this.listener.stop()
    this.subscribers.clear()
  }

  subscribe (s: LiveSubscriber): () => void {
    this.subscribers.add(s)
    return () => { this.subscribers.delete(s) }
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
