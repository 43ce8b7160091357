import type { FastifyBaseLogger } from 'fastify'
import WebSocket from 'ws'
import type { LiveHub } from './hub.js'
import { wants, type LiveFilter, type SnapshotIncident } from './snapshot.js'

export interface SessionLimits {
  /** a client whose unsent data exceeds this is not reading: it is dropped (1013) rather than buffered without end */
  maxBufferedBytes: number
  /** events held while the snapshot is being read; more than this means the client cannot keep up either */
  maxPending: number
  /** ping period; a client that has not answered the previous ping by the next one is cut off */
  pingIntervalMs: number
}

export const DEFAULT_LIMITS: SessionLimits = { maxBufferedBytes: 1024 * 1024, maxPending: 10_000, pingIntervalMs: 30_000 }

/** 1013 "try again later": the client was too slow and may reconnect (it gets a fresh snapshot). */
export const CLOSE_TOO_SLOW = 1013

/**
 * One dashboard connection: snapshot first, then live events matching its filter.
 * While a snapshot is read, live events are held back and sent after it, so nothing committed in
 * between is lost (an event may repeat what the snapshot shows; dashboards apply both idempotently).
 */
export class LiveSession {
  private pending: string[] | undefined = []
  private generation = 0
  private closed = false
  private alive = true
  private readonly unsubscribe: () => void
  private readonly pinger: NodeJS.Timeout

  constructor (
    private readonly ws: WebSocket,
    hub: LiveHub,
    private readonly filter: LiveFilter,
    private readonly loadSnapshot: (f: LiveFilter) => Promise<{ incidents: SnapshotIncident[], truncated: boolean, degraded?: true }>,
    private readonly log: FastifyBaseLogger,
    private readonly limits: SessionLimits = DEFAULT_LIMITS
  ) {
    // Subscribe before reading the snapshot: a change committed meanwhile is then in `pending`.
    this.unsubscribe = hub.subscribe({
      event: (event, raw) => { if (wants(this.filter, event)) this.deliver(raw) },
      resync: () => { void this.snapshot() }
    })
    ws.on('pong', () => { this.alive = true })
    ws.on('close', () => this.dispose())
    ws.on('error', () => this.dispose())
    this.pinger = setInterval(() => {
      if (!this.alive) { this.ws.terminate(); this.dispose(); return }
      this.alive = false
      this.ws.ping()
    }, limits.pingIntervalMs)
    this.pinger.unref()
    void this.snapshot()
  }

  /** (Re-)sends the open incidents; on a hub resync, events are held again until it is out. */
  private async snapshot (): Promise<void> {
    if (this.closed) return
    this.pending ??= []
    const generation = ++this.generation
    let result: Awaited<ReturnType<LiveSession['loadSnapshot']>>
    try {
      result = await this.loadSnapshot(this.filter)
    } catch (err) {
      this.log.warn({ err }, 'live feed: snapshot failed')
      this.close(1011, 'snapshot failed')
      return
    }
    // A newer snapshot (after another resync) is on its way and will flush the held events.
    if (this.closed || generation !== this.generation) return
    // `degraded`: read from this node's board while PostgreSQL is away, not from PostgreSQL.
    const degraded = result.degraded === true ? { degraded: true } : {}
    this.send(JSON.stringify({ type: 'snapshot', at: new Date().toISOString(), incidents: result.incidents, truncated: result.truncated, ...degraded }))
    const held = this.pending ?? []
    this.pending = undefined
    for (const raw of held) this.send(raw)
  }

  private deliver (raw: string): void {
    if (this.closed) return
    if (this.pending !== undefined) {
      if (this.pending.length >= this.limits.maxPending) { this.close(CLOSE_TOO_SLOW, 'client too slow'); return }
      this.pending.push(raw)
      return
    }
    this.send(raw)
  }

  private send (raw: string): void {
    if (this.closed || this.ws.readyState !== WebSocket.OPEN) return
    // ws buffers without limit; a dashboard that stopped reading would grow this node's memory.
    if (this.ws.bufferedAmount > this.limits.maxBufferedBytes) {
      this.log.warn({ bufferedBytes: this.ws.bufferedAmount }, 'live feed: dropping a client that does not read')
      this.close(CLOSE_TOO_SLOW, 'client too slow')
      return
    }
    this.ws.send(raw)
  }

  private close (code: number, reason: string): void {
    this.dispose()
    this.ws.close(code, reason)
    // A client that does not read will not read the close frame either: do not wait ws's 30 s for it.
    setTimeout(() => this.ws.terminate(), 5000).unref()
  }

  private dispose (): void {
    if (this.closed) return
    this.closed = true
    this.pending = undefined
    clearInterval(this.pinger)
    this.unsubscribe()
  }
}
