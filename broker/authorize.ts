import type { Client, PublishPacket, Subscription, AedesPublishPacket } from 'aedes'
import type { Logger } from 'pino'
import { canPublish, canReceive, canSubscribe, INTERNAL_PREFIX, type ClientPrincipal } from './acl.js'
import { principalOf, willOf } from './aedes-internals.js'
import { statusTopic } from './authenticate.js'
import type { BrokerMetrics } from './metrics.js'
import type { InflowLimiter } from './throttle.js'

/**
 * Gateway code that consumes a reserved topic (e.g. `dev/+/alert`). It runs inside authorizePublish,
 * so for QoS 1 the PUBACK is written only after the returned promise resolves; a rejection
 * closes the connection without a PUBACK and the device retries.
 */
export type InboundHandler = (principal: ClientPrincipal, packet: PublishPacket, client: Client) => Promise<void>

/** topic pattern with `+` for one level, e.g. `dev/+/alert` */
export type InboundRoutes = Record<string, InboundHandler>

/**
 * Gateway handlers in flight per client at most. Aedes hands over every packet of a read at once, so
 * without this one client's burst (hundreds of packets) could hold every database connection while
 * everyone else's alerts queue behind it. The rest wait their turn, and meanwhile aedes reads nothing
 * more from that socket.
 */
const MAX_HANDLERS_PER_CLIENT = 4

/**
 * Messages the broker must not route onward go here: a `$` topic no client can subscribe to, and
 * which the broker completes without publishing (see dropPublishes in broker.ts).
 */
export const SINK_TOPIC = INTERNAL_PREFIX + 'sink'

function divert (packet: PublishPacket): void {
  packet.topic = SINK_TOPIC
  packet.retain = false
}

function matchRoute (routes: Array<[string[], InboundHandler]>, topic: string): InboundHandler | undefined {
  const levels = topic.split('/')
  for (const [pattern, handler] of routes) {
    if (pattern.length !== levels.length) continue
    if (pattern.every((p, i) => p === '+' || p === levels[i])) return handler
  }
  return undefined
}

export function makeAuthorizers (opts: { routes: InboundRoutes, metrics: BrokerMetrics, log: Logger, limiter?: InflowLimiter }) {
  const { metrics, log } = opts
  const routes = Object.entries(opts.routes).map(([pattern, h]) => [pattern.split('/'), h] as [string[], InboundHandler])
  const slots = new WeakMap<Client, { active: number, waiting: Array<() => void> }>()

  /** Runs `work` when the client has a free handler slot; `work` calls the release it is given once. */
  function inTurn (client: Client, work: (release: () => void) => void): void {
    let s = slots.get(client)
    if (s === undefined) slots.set(client, s = { active: 0, waiting: [] })
    const slot = s
    const run = (): void => {
      slot.active++
      work(() => {
        slot.active--
        slot.waiting.shift()?.()
      })
    }
    if (slot.active < MAX_HANDLERS_PER_CLIENT) run()
    else slot.waiting.push(run)
  }

  function authorizePublish (client: Client | null, packet: PublishPacket, callback: (err?: Error | null) => void): void {
    const wait = client === null || opts.limiter === undefined ? 0 : opts.limiter.delayFor(client)
    if (wait > 0) {
      metrics.throttled.inc()
      setTimeout(() => { authorize(client, packet, callback) }, wait)
      return
    }
    authorize(client, packet, callback)
  }

  function authorize (client: Client | null, packet: PublishPacket, callback: (err?: Error | null) => void): void {
    const principal = principalOf(client)
    if (client === null || principal === undefined) {
      // Stored wills of clients whose node died: they passed the ACL at CONNECT (see admitWill).
      if (packet.topic.startsWith('$')) return callback(new Error('$ topics are reserved'))
      return callback(null)
    }
    // The status will the broker set at CONNECT (see authenticate) is the one publish to dev/{id}/status allowed.
    if (packet === willOf(client) && packet.topic === statusTopic(principal.id)) return callback(null)
    if (!canPublish(principal, packet.topic)) {
      // Dropped and counted; the session lives on (3.1.1 has no reason code for this).
      metrics.aclDenials.inc({ action: 'publish', kind: principal.kind })
      log.debug({ clientId: client.id, topic: packet.topic }, 'publish denied')
      divert(packet)
      return callback(null)
    }
    const handler = matchRoute(routes, packet.topic)
    if (handler === undefined) return callback(null)
    inTurn(client, (release) => {
      handler(principal, packet, client).then(() => {
        release()
        divert(packet) // consumed by the gateway; nobody subscribes to device uplinks
        callback(null)
      }, (err: Error) => {
        release()
        log.error({ err, clientId: client.id, topic: packet.topic }, 'inbound handler failed: no PUBACK, connection closed')
        callback(err)
      })
    })
  }

  function authorizeSubscribe (client: Client, sub: Subscription, callback: (err: Error | null, sub?: Subscription | null) => void): void {
    const principal = principalOf(client)
    if (principal !== undefined && canSubscribe(principal, sub.topic)) return callback(null, sub)
    metrics.aclDenials.inc({ action: 'subscribe', kind: principal?.kind ?? 'unknown' })
    callback(null, null) // SUBACK 0x80
  }

  function authorizeForward (client: Client, packet: AedesPublishPacket): AedesPublishPacket | null {
    const principal = principalOf(client)
    if (principal === undefined || !canReceive(principal, packet.topic)) return null
    return packet
  }

  return { authorizePublish, authorizeSubscribe, authorizeForward }
}
