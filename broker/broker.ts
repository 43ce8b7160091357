import { randomUUID } from 'node:crypto'
import { Aedes, type AedesPublishPacket, type Client, type PublishPacket, type PubrelPacket } from 'aedes'
import type { Server } from 'node:net'
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import type { Logger } from 'pino'
import { INTERNAL_PREFIX, type ClientPrincipal } from './acl.js'
import { makeAuthenticate, preConnect, statusTopic, type PrincipalDirectory } from './authenticate.js'
import { clientById, connectedClients, dropPublishes, emitterOf, principalOf } from './aedes-internals.js'
import { makeAuthorizers, SINK_TOPIC, type InboundRoutes } from './authorize.js'
import { closeServer, listen, tcpServer, tlsServer, type TlsCredentials } from './listeners.js'
import type { BrokerMetrics } from './metrics.js'
import { createBrokerBackend, type BrokerBackend } from './persistence.js'
import { InflowLimiter } from './throttle.js'
import { ConnectRateLimiter, limitConnectRate } from './connect-rate.js'
import { PacketSizeGuard, type Transport } from './packet-size.js'
import { EMITTER_CONCURRENCY, guardEmitter } from './emitter-guard.js'
import { deliverOwnedLocally } from './local-delivery.js'

const REVOKE_TOPIC = INTERNAL_PREFIX + 'revoke'
const DISCONNECT_TOPIC = INTERNAL_PREFIX + 'disconnect'

/** The settings the broker takes (the root configuration has them under the same names). */
export interface BrokerConfig {
  nodeId: string
  mqttHost: string
  mqttPort: number
  mqttsPort: number
  /** set: MQTT over TLS on mqttsPort; with caFile, client certificates are asked for */
  tls?: { caFile?: string, clientCert: 'optional' | 'required' }
  /** set: cluster mode (mqemitter-redis and aedes-persistence-redis) */
  redisUrl?: string
  allowAnonymous: boolean
  /** per-client inflow limit (messages per second, burst twice that); 0 turns it off */
  clientMsgsPerSec: number
  /** a subscriber whose socket does not drain for this long is disconnected */
  drainTimeoutMs: number
  /** largest MQTT packet accepted on any transport */
  mqttMaxPacketBytes: number
  /** CONNECTs per second per remote address; 0 turns the limit off */
  connectRatePerAddress: number
  connectRateBurst: number
  /** addresses and CIDR ranges the connection-rate limit never applies to */
  connectRateExempt: string[]
}

export interface BrokerOptions {
  config: BrokerConfig
  directory: PrincipalDirectory
  /** the certificate of the MQTTS listener; needed when config.tls is set */
  tlsCredentials?: TlsCredentials
  /** this process's broker id (unique per start); generated when absent */
  instanceId?: string
  routes?: InboundRoutes
  /** gateway work in progress that accepted CONNECTs should wait for (alerts being committed) */
  urgent?: () => boolean
  metrics: BrokerMetrics
  log: Logger
}

export interface PresenceEvent { principal: ClientPrincipal, online: boolean }

/** The embedded Aedes broker with Flare's identity, ACL and listeners. */
export class FlareBroker {
  readonly aedes: Aedes
  readonly backend: BrokerBackend
  private readonly servers: Server[] = []
  private readonly log: Logger
  ports: { mqtt?: number, mqtts?: number } = {}
  private presenceListeners: Array<(e: PresenceEvent) => void> = []
  /** MQTT_MAX_PACKET_BYTES on every connection (WebSocket frames are also capped by ws) */
  readonly packetSize: PacketSizeGuard

  private constructor (aedes: Aedes, backend: BrokerBackend, private readonly opts: BrokerOptions) {
    this.aedes = aedes
    this.backend = backend
    this.log = opts.log
    this.packetSize = new PacketSizeGuard(opts.config.mqttMaxPacketBytes, opts.metrics, opts.log)
  }

  static async create (opts: BrokerOptions): Promise<FlareBroker> {
    const { config, metrics, log } = opts
    const backend = createBrokerBackend(config.redisUrl, log)
    const limiter = new InflowLimiter(config.clientMsgsPerSec, config.clientMsgsPerSec * 2)
    const authorizers = makeAuthorizers({ routes: opts.routes ?? {}, metrics, log, limiter })
    const aedes = await Aedes.createBroker({
      // Unique per start: aedes drops forwarded packets by (broker id, counter), so two brokers
      // sharing an id (two instances on one host, or a restart) would silently lose messages.
      id: opts.instanceId ?? `${config.nodeId}-${randomUUID().slice(0, 8)}`,
      persistence: backend.persistence,
      mq: backend.mq,
      concurrency: EMITTER_CONCURRENCY,
      // A subscriber that stops reading is disconnected after this long, instead of holding up delivery.
      drainTimeout: config.drainTimeoutMs,
      preConnect,
      authenticate: limitConnectRate(
        makeAuthenticate({ directory: opts.directory, allowAnonymous: config.allowAnonymous, metrics, log, urgent: opts.urgent }),
        new ConnectRateLimiter({ perSec: config.connectRatePerAddress, burst: config.connectRateBurst, exempt: config.connectRateExempt }),
        metrics, log),
      ...authorizers
    })
    guardEmitter(emitterOf(aedes))
    // What the gateway consumed (and what the ACL refused) stays on this node: it is not put on the
    // bus, which in cluster mode would send every alert through Redis to every other node.
    dropPublishes(aedes, (packet) => packet.topic === SINK_TOPIC)
    // Likewise an ack, offer or notice for a client connected here (local-delivery.ts).
    deliverOwnedLocally(emitterOf(aedes), (id) => clientById(aedes, id) !== undefined)
    const broker = new FlareBroker(aedes, backend, opts)
    broker.wireEvents()
    await broker.subscribeInternal()
    return broker
  }

  private wireEvents (): void {
    const { metrics, log } = this.opts
    this.aedes.on('clientReady', (client: Client) => {
      const p = principalOf(client)
      if (p === undefined) return
      metrics.connected.inc({ kind: p.kind })
      log.debug({ clientId: client.id, kind: p.kind }, 'client connected')
      if (p.kind === 'device') this.publishStatus(p.id, 'online')
      this.emitPresence({ principal: p, online: true })
    })
    this.aedes.on('clientDisconnect', (client: Client) => {
      const p = principalOf(client)
      if (p === undefined) return
      metrics.connected.dec({ kind: p.kind })
      log.debug({ clientId: client.id, kind: p.kind }, 'client disconnected')
      // A clean DISCONNECT publishes no will; a taken-over session is followed by the new one's "online".
      if (p.kind === 'device' && !this.aedes.closed) this.publishStatus(p.id, 'offline')
      this.emitPresence({ principal: p, online: false })
    })
    // e.g. the Redis persistence failing a write: logged, never thrown (an 'error' event without a listener would crash the process).
    ;(this.aedes as NodeJS.EventEmitter).on('error', (err: Error) => log.warn({ err }, 'broker error'))
    this.aedes.on('clientError', (client: Client, err: Error) => {
      metrics.clientErrors.inc()
      log.debug({ clientId: client?.id, err }, 'client error')
    })
    this.aedes.on('connectionError', (client: Client, err: Error) => {
      metrics.clientErrors.inc()
      log.debug({ clientId: client?.id, err }, 'connection error')
    })
  }

  private publishStatus (deviceId: string, status: 'online' | 'offline'): void {
    this.publish(statusTopic(deviceId), status, { qos: 1, retain: true })
      .catch((err) => this.log.warn({ err, deviceId }, 'status publish failed'))
  }

  private emitPresence (e: PresenceEvent): void {
    for (const l of this.presenceListeners) {
      try { l(e) } catch (err) { this.log.error({ err }, 'presence listener failed') }
    }
  }

  /** Called for each principal connecting to or leaving this node. */
  onPresence (listener: (e: PresenceEvent) => void): void {
    this.presenceListeners.push(listener)
  }

  /**
   * Called when a client on this node acknowledges (PUBACK) a QoS 1 message delivered to it. Only
   * persistent sessions (clean=false) report the message: aedes keeps no copy for clean ones.
   */
  onDelivered (listener: (principal: ClientPrincipal, topic: string, payload: Buffer) => void): void {
    // The packet is the stored original, absent when aedes kept none.
    this.aedes.on('ack', (packet: PublishPacket | PubrelPacket | null | undefined, client: Client) => {
      const p = principalOf(client)
      if (p === undefined || packet == null || !('topic' in packet) || packet.topic === undefined) return
      try { listener(p, packet.topic, Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload)) } catch (err) { this.log.error({ err }, 'delivery listener failed') }
    })
  }

  /**
   * Revocations and disconnections travel over the broker's emitter, so every node (Redis in
   * cluster mode) drops the session.
   */
  private async subscribeInternal (): Promise<void> {
    const drop = (id: string, why: string): void => {
      const client = clientById(this.aedes, id)
      if (client === undefined) return
      this.log.info({ clientId: id }, why)
      client.close()
    }
    await new Promise<void>((resolve) => {
      this.aedes.subscribe(REVOKE_TOPIC, (packet: AedesPublishPacket, cb: () => void) => {
        const id = packet.payload.toString()
        // First, so that the client's reconnect is refused even if the database has not said so yet.
        this.opts.directory.revoked?.(id)
        drop(id, 'revoked principal disconnected')
        cb()
      }, resolve)
    })
    await new Promise<void>((resolve) => {
      this.aedes.subscribe(DISCONNECT_TOPIC, (packet: AedesPublishPacket, cb: () => void) => {
        drop(packet.payload.toString(), 'principal disconnected: its secret changed')
        cb()
      }, resolve)
    })
  }

  /** Disconnects the principal's live session on whichever node holds it. */
  async revoke (principalId: string): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.aedes.publish({ topic: REVOKE_TOPIC, payload: Buffer.from(principalId), qos: 0, retain: false, cmd: 'publish', dup: false },
        (err?: Error) => err ? reject(err) : resolve())
    })
  }

  /**
   * Drops the principal's live session on whichever node holds it, without revoking it: after its
   * secret changed, only the new secret may connect.
   */
  async disconnect (principalId: string): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.aedes.publish({ topic: DISCONNECT_TOPIC, payload: Buffer.from(principalId), qos: 0, retain: false, cmd: 'publish', dup: false },
        (err?: Error) => err ? reject(err) : resolve())
    })
  }

  /** Publishes from the gateway itself (acks, offers, notices). */
  async publish (topic: string, payload: Buffer | string, opts: { qos?: 0 | 1, retain?: boolean } = {}): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.aedes.publish({ cmd: 'publish', topic, payload: typeof payload === 'string' ? Buffer.from(payload) : payload, qos: opts.qos ?? 1, retain: opts.retain ?? false, dup: false },
        (err?: Error) => err ? reject(err) : resolve())
    })
  }

  /** Principals connected to this node. */
  connectedPrincipals (): ClientPrincipal[] {
    return connectedClients(this.aedes)
      .map(c => principalOf(c)).filter((p): p is ClientPrincipal => p !== undefined)
  }

  isClientConnected (id: string): boolean {
    return clientById(this.aedes, id) !== undefined
  }

  /** Hands a new connection (TCP, TLS or WebSocket stream) to aedes, under the packet-size limit. */
  handle (stream: Duplex, transport: Transport, req?: IncomingMessage): Client {
    const client = this.aedes.handle(stream, req)
    this.packetSize.watch(client, transport)
    return client
  }

  async listen (): Promise<void> {
    const { config } = this.opts
    const tcp = tcpServer((socket) => { this.handle(socket, 'tcp') })
    this.servers.push(tcp)
    this.ports.mqtt = await listen(tcp, config.mqttPort, config.mqttHost, 'MQTT_PORT')
    if (config.tls !== undefined) {
      if (this.opts.tlsCredentials === undefined) throw new Error('broker: config.tls is set but no tlsCredentials were given')
      const tls = tlsServer((socket) => { this.handle(socket, 'tls') }, this.opts.tlsCredentials, { ca: config.tls.caFile !== undefined, required: config.tls.clientCert === 'required' })
      this.servers.push(tls)
      this.ports.mqtts = await listen(tls, config.mqttsPort, config.mqttHost, 'MQTTS_PORT')
    }
    this.log.info({ ports: this.ports, backend: this.backend.kind }, 'MQTT listening')
  }

  /** Stops accepting, then closes every client and the emitter. */
  async close (): Promise<void> {
    await Promise.all(this.servers.map(s => { s.close(); return Promise.resolve() }))
    await new Promise<void>((resolve) => this.aedes.close(() => resolve()))
    await Promise.all(this.servers.map(closeServer))
    await this.backend.close()
  }
}
