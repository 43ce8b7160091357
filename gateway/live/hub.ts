import type pg from 'pg'
import type { FastifyBaseLogger } from 'fastify'
import type { Logger } from 'pino'
import { EVENTS_CHANNEL, type LiveEvent } from '../events/emit.js'
import { PgListener } from '../storage/listener.js'
import type { LocalEvents } from '../events/local.js'
import { OpenBoard } from './board.js'
import { openIncidents } from './snapshot.js'

/** How often the board (the snapshot while PostgreSQL is away) is read again while PostgreSQL answers. */
const BOARD_REFRESH_MS = 30_000

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
  /** the open incidents as last read and since kept current: the snapshot while PostgreSQL is away */
  readonly board = new OpenBoard()
  private boardTimer: NodeJS.Timeout | undefined

  /** `local`: events this node emits in process while PostgreSQL is away, for its own dashboards */
  constructor (private readonly pool: pg.Pool, private readonly log: Logger | FastifyBaseLogger, opts: LiveHubTuning = {}, local?: LocalEvents) {
    this.listener = new PgListener(pool, log, {
      ...opts,
      channel: EVENTS_CHANNEL,
      applicationName: opts.applicationName ?? 'flare-live',
      onNotification: (payload) => this.dispatch(payload),
      onReconnected: () => {
        void this.readBoard()
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
    await this.readBoard()
    const tick = (): void => {
      void this.readBoard().finally(() => { if (this.boardTimer !== undefined) { this.boardTimer = setTimeout(tick, BOARD_REFRESH_MS); this.boardTimer.unref() } })
    }
    this.boardTimer = setTimeout(tick, BOARD_REFRESH_MS)
    this.boardTimer.unref()
  }

  /** A failed read keeps the board as it is (events keep it current meanwhile). */
  private async readBoard (): Promise<void> {
    try {
      this.board.reset(await openIncidents(this.pool, {}))
    } catch (err) {
      this.log.debug({ err }, 'live feed: the open incidents could not be read; the board stays as it was')
    }
  }

  async stop (): Promise<void> {
    const t = this.boardTimer
    this.boardTimer = undefined
    clearTimeout(t)
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
    this.safe(() => this.board.apply(event))
    for (const s of [...this.subscribers]) this.safe(() => s.event(event, payload))
  }

  /** One misbehaving subscriber must not starve the others. */
  private safe (fn: () => void): void {
    try { fn() } catch (err) { this.log.error({ err }, 'live feed: subscriber failed') }
  }
}
