import { Redis } from 'ioredis'
import type { Logger } from 'pino'
import type { Codec, ResponderReplyMessage } from '../codec/wire.js'
import type { LiveEvent } from '../events/emit.js'

/** A responder's reply that reached another node than the one that made the offer. */
export interface ForwardedReply { responderId: string, codec: Codec, reply: ResponderReplyMessage }

/** What the other nodes send this one while degraded. */
export interface PeerHandlers {
  /** a reply to an offer this node made, come in on another node */
  reply: (r: ForwardedReply) => void
  /** a live event of another node's provisional incident, for this node's dashboards */
  event: (e: LiveEvent) => void
}

/**
 * How degraded mode agrees with the other nodes while PostgreSQL is away: which node made an offer
 * (a responder's reply comes in on whichever node holds the responder's session, and is forwarded to
 * the node that made the offer), who accepted a provisional incident first, and the live events of
 * provisional incidents (NOTIFY needs PostgreSQL), shared with every node's dashboards.
 */
export interface DegradedPeers {
  /** records that this node made the offer, before it goes out */
  offered: (offerId: string) => Promise<void>
  /** the node (broker instance) that made the offer, when it was another one */
  ownerOf: (offerId: string) => Promise<string | undefined>
  /** hands a reply to the node that made its offer */
  forward: (owner: string, reply: ForwardedReply) => Promise<void>
  /** true for the first responder to accept the provisional incident (and for that one again) */
  claim: (provisional: string, responderId: string) => Promise<boolean>
  /** a provisional incident's live event, for the other nodes' dashboards */
  share: (event: LiveEvent) => Promise<void>
  start: (handlers: PeerHandlers) => Promise<void>
  stop: () => Promise<void>
}

/** One node: every offer is this node's own, and the first accept is decided in this process. */
export class LocalPeers implements DegradedPeers {
  private readonly accepted = new Map<string, string>()

  async offered (): Promise<void> {}
  async ownerOf (): Promise<string | undefined> { return undefined }
  async forward (): Promise<void> { throw new Error('a single node has no peers to forward to') }

  async claim (provisional: string, responderId: string): Promise<boolean> {
    const first = this.accepted.get(provisional)
    if (first === undefined) this.accepted.set(provisional, responderId)
    return first === undefined || first === responderId
  }

  async share (): Promise<void> {}
  async start (): Promise<void> {}
  async stop (): Promise<void> { this.accepted.clear() }
}

/**
 * Long enough for an incident's whole trip (its en route and on scene replies name the offer); the
 * keys are only read while degraded dispatch runs, and expire on their own afterwards.
 */
const KEY_TTL_MS = 6 * 60 * 60 * 1000
const LIVE_CHANNEL = 'flare:degraded:live'

/**
 * Cluster mode: offers' owners and first accepts in Redis (SET NX: one atomic decision whichever
 * node asks, also after the owner restarted), replies forwarded over Redis pub/sub to the owner's
 * channel. Redis is the cluster's bus already, so this needs nothing PostgreSQL holds.
 */
export class RedisPeers implements DegradedPeers {
  private readonly conn: Redis
  private readonly sub: Redis

  constructor (redisUrl: string, private readonly instanceId: string, private readonly log: Logger) {
    this.conn = new Redis(redisUrl, { maxRetriesPerRequest: 2, lazyConnect: true })
    // The subscriber skips the ready check: an INFO after SUBSCRIBE is refused by Redis.
    this.sub = new Redis(redisUrl, { enableReadyCheck: false, lazyConnect: true })
    for (const c of [this.conn, this.sub]) c.on('error', (err) => { this.log.warn({ err }, 'degraded dispatch: Redis connection error') })
  }

  private channel (instance: string): string {
    return `flare:degraded:replies:${instance}`
  }

  async offered (offerId: string): Promise<void> {
    await this.conn.set(`flare:degraded:offer:${offerId}`, this.instanceId, 'PX', KEY_TTL_MS)
  }

  async ownerOf (offerId: string): Promise<string | undefined> {
    const owner = await this.conn.get(`flare:degraded:offer:${offerId}`)
    return owner === null || owner === this.instanceId ? undefined : owner
  }

  async forward (owner: string, reply: ForwardedReply): Promise<void> {
    const heard = await this.conn.publish(this.channel(owner), JSON.stringify(reply))
    if (heard === 0) throw new Error(`node ${owner}, which made the offer, is not listening`)
  }

  async claim (provisional: string, responderId: string): Promise<boolean> {
    const key = `flare:degraded:accept:${provisional}`
    if (await this.conn.set(key, responderId, 'PX', KEY_TTL_MS, 'NX') === 'OK') return true
    return await this.conn.get(key) === responderId
  }

  async share (event: LiveEvent): Promise<void> {
    await this.conn.publish(LIVE_CHANNEL, JSON.stringify({ from: this.instanceId, event }))
  }

  async start (handlers: PeerHandlers): Promise<void> {
    await Promise.all([this.conn.connect(), this.sub.connect()])
    const mine = this.channel(this.instanceId)
    this.sub.on('message', (channel: string, message: string) => {
      try {
        if (channel === mine) handlers.reply(JSON.parse(message) as ForwardedReply)
        const shared = channel === LIVE_CHANNEL ? JSON.parse(message) as { from: string, event: LiveEvent } : undefined
        if (shared !== undefined && shared.from !== this.instanceId) handlers.event(shared.event)
      } catch (err) {
        this.log.warn({ err, channel }, 'degraded mode: a message from another node could not be read')
      }
    })
    await this.sub.subscribe(mine, LIVE_CHANNEL)
  }

  async stop (): Promise<void> {
    this.sub.disconnect()
    this.conn.disconnect()
  }
}
