/**
 * Every private or undocumented member of aedes 1.2.0, mqtt-packet 9 and mqemitter 7 (and
 * mqemitter-redis 7) that Flare reads or writes, in one place. The rest of broker/ calls only these
 * functions. Each says what it relies on; test/broker/aedes-internals.test.ts checks each assumption
 * against the installed packages, so an upgrade that moves one of them fails there first.
 */
import type { Aedes, Client, PublishPacket } from 'aedes'
import type { ClientPrincipal } from './acl.js'

/** A will as aedes stores and publishes it: a PUBLISH packet (the object itself reaches authorizePublish). */
export type WillPacket = Pick<PublishPacket, 'cmd' | 'topic' | 'payload' | 'qos' | 'retain'>

/** A listener on aedes' message bus; it calls `done` once it has handled the message. */
export type EmitterListener = (message: { topic: string }, done: () => void) => void

/** The part of aedes' message bus Flare uses (mqemitter, or mqemitter-redis in cluster mode). */
export interface MessageEmitter {
  on: (topic: string, listener: EmitterListener, done?: () => void) => unknown
  /** mqemitter-redis only: mqemitter's own `on`, which registers on this node's matcher alone */
  _on?: (topic: string, listener: EmitterListener) => unknown
  emit: (message: BusMessage, done?: (err?: Error) => void) => unknown
  /** mqemitter-redis only: mqemitter's own `emit`, which delivers to this node's listeners alone */
  _emit?: (message: BusMessage, done?: (err?: Error) => void) => unknown
}

/** A message on the bus: aedes puts its publish packets there. */
export interface BusMessage { topic: string }

/** mqtt-packet's Parser, as far as Flare touches it. */
interface ParserInternals {
  /** the packet being parsed; `length` is its remaining length once the fixed header is read */
  packet: { cmd: string, length: number }
  /** the state that reads the remaining-length varint; true once it has it */
  _parseLength: () => boolean
  /** records the error, emits 'error' (aedes then closes the connection) and returns false */
  _emitError: (err: Error) => boolean
  /** the CONNECT packet once one is parsed; afterwards read for `protocolVersion` and `bridgeMode` only */
  settings: { protocolVersion?: number, bridgeMode?: boolean }
}

const EMPTY_ID_PERSISTENT = Symbol('emptyIdPersistent')

/** aedes' Client with the private fields Flare uses, and the ones Flare adds. */
interface ClientInternals {
  /** the will from CONNECT, held while the client authenticates */
  _will: WillPacket | null | undefined
  /** the will aedes stores and publishes, copied from `_will` once authentication succeeded */
  will: WillPacket | null | undefined
  /** this connection's mqtt-packet parser */
  _parser: ParserInternals | undefined
  /** Flare's principal, set at authenticate */
  flare?: ClientPrincipal
  [EMPTY_ID_PERSISTENT]?: true
}

/** aedes' broker with its undocumented fields. */
interface AedesInternals {
  /** connected clients by id (a null-prototype object, filled when aedes registers a client) */
  clients: Record<string, Client | undefined>
  /** the message bus, the `mq` option or aedes' own mqemitter */
  mq: MessageEmitter
}

const internals = (client: Client): ClientInternals => client as unknown as ClientInternals
const brokerInternals = (aedes: Aedes): AedesInternals => aedes as unknown as AedesInternals

/**
 * The will the client sent in its CONNECT, during authenticate. Relies on aedes holding it in
 * `client._will` until its storeWill step, which runs after authenticate.
 */
export function requestedWill (client: Client): WillPacket | null {
  return internals(client)._will ?? null
}

/**
 * Replaces (or, with null, drops) the client's will; call it during authenticate only. Relies on
 * aedes' storeWill step copying `client._will` to `client.will` after authenticate succeeds: that
 * copy is what it persists and publishes when the client drops.
 */
export function setWill (client: Client, will: WillPacket | null): void {
  internals(client)._will = will
}

/**
 * The will aedes will publish if this connected client drops. Relies on aedes keeping it in
 * `client.will` and passing that same object to authorizePublish when it publishes it.
 */
export function willOf (client: Client): WillPacket | null {
  return internals(client).will ?? null
}

/** Stores Flare's principal on the client. Relies on aedes handing every hook and event the same Client object. */
export function attachPrincipal (client: Client, principal: ClientPrincipal): void {
  internals(client).flare = principal
}

/** The principal set at authenticate; undefined before that (and for aedes' own publishes, client null). */
export function principalOf (client: Client | null): ClientPrincipal | undefined {
  return client === null ? undefined : internals(client).flare
}

/**
 * Notes, in preConnect, a CONNECT with an empty client id and clean session 0. Needed because aedes
 * has replaced an empty id with a generated one by the time authenticate runs; relies on preConnect
 * and authenticate seeing the same Client object.
 */
export function markEmptyIdPersistent (client: Client): void {
  internals(client)[EMPTY_ID_PERSISTENT] = true
}

export function isEmptyIdPersistent (client: Client): boolean {
  return internals(client)[EMPTY_ID_PERSISTENT] === true
}

/** Connected client with this id on this node. Relies on aedes' undocumented `clients` map. */
export function clientById (aedes: Aedes, id: string): Client | undefined {
  return brokerInternals(aedes).clients[id]
}

/** Clients connected to this node (the same map). */
export function connectedClients (aedes: Aedes): Client[] {
  return Object.values(brokerInternals(aedes).clients).filter((c): c is Client => c !== undefined)
}

/** The broker's message bus. Relies on aedes keeping it (the `mq` option or its own) as `aedes.mq`. */
export function emitterOf (aedes: Aedes): MessageEmitter {
  return brokerInternals(aedes).mq
}

/**
 * Registers a listener on this node's bus only. mqemitter-redis' public `on` also subscribes the node
 * to the topic in Redis (for `#`: to every message of the cluster); it keeps mqemitter's own `on`,
 * local only, as `_on`. Plain mqemitter has no `_on`, and its `on` is local anyway.
 */
export function emitterListen (mq: MessageEmitter): (topic: string, listener: EmitterListener) => void {
  const on = typeof mq._on === 'function' ? mq._on.bind(mq) : mq.on.bind(mq)
  return (topic, listener) => { on(topic, listener) }
}

/**
 * Sends messages that `here` picks to this node's listeners only, the rest as before. mqemitter-redis
 * publishes every `emit` to Redis and delivers it when it comes back (to each node subscribed to the
 * topic); it keeps mqemitter's own `emit`, local only, as `_emit`, and uses that for what comes from
 * Redis. Plain mqemitter has no `_emit`: everything is local already, and nothing is changed.
 */
export function emitLocallyWhen (mq: MessageEmitter, here: (message: BusMessage) => boolean): void {
  if (typeof mq._emit !== 'function') return
  const local = mq._emit.bind(mq)
  const bus = mq.emit.bind(mq)
  mq.emit = (message, done) => here(message) ? local(message, done) : bus(message, done)
}

/** Bytes of the fixed header: one type byte and the remaining length as a 1–4 byte varint. */
function headerBytes (remaining: number): number {
  return 1 + (remaining < 128 ? 1 : remaining < 16_384 ? 2 : remaining < 2_097_152 ? 3 : 4)
}

/**
 * Refuses, on this connection, any packet whose total size exceeds `limit` bytes, as soon as its
 * fixed header is read (before the parser buffers its body): `onTooLarge` is told, and the parse
 * fails, which makes aedes close the connection. Relies on aedes' `client._parser` being
 * mqtt-packet's Parser, whose `_parseLength` state reads the remaining length into `packet.length`
 * and whose `_emitError` fails the parse. Returns false, doing nothing, if those are not there.
 */
export function capParsedPacketLength (client: Client, limit: number, onTooLarge: (bytes: number, cmd: string) => void): boolean {
  const parser = internals(client)._parser
  const parseLength = parser?._parseLength
  if (parser === undefined || typeof parseLength !== 'function' || typeof parser._emitError !== 'function') return false
  parser._parseLength = function (this: ParserInternals): boolean {
    if (parseLength.call(this) !== true) return false
    const size = headerBytes(this.packet.length) + this.packet.length
    if (size <= limit) return true
    onTooLarge(size, this.packet.cmd)
    this._emitError(new Error(`packet too large: ${size} bytes, the limit is ${limit}`))
    return false
  }
  return true
}

/**
 * Lets the connection's parser drop the CONNECT packet it keeps for the connection's lifetime. The
 * parser stores the whole packet as `settings` (credentials, will, and through the password the
 * socket chunk it was sliced from: about 1 KB per idle connection) but reads only the protocol
 * version and bridge mode from it afterwards. Returns false, doing nothing, if the parser is not
 * mqtt-packet's as expected.
 */
export function forgetConnectPacket (client: Client): boolean {
  const parser = internals(client)._parser
  const settings = parser?.settings
  if (parser === undefined || settings === null || typeof settings !== 'object') return false
  parser.settings = { protocolVersion: settings.protocolVersion, bridgeMode: settings.bridgeMode }
  return true
}

type PublishDone = (err?: Error | null) => void
type AedesPublish = (packet: PublishPacket, client: Client | null | PublishDone, done?: PublishDone) => void

/**
 * Completes, without routing anywhere, every publish `drop` picks: no bus (in cluster mode no Redis
 * round trip, and no parsing on every other node), no offline queues, no 'publish' event. Relies on
 * aedes' PUBLISH handler calling the instance's `publish(packet, client, done)` once authorizePublish
 * has passed (at once for QoS 0 and 1; at PUBREL for QoS 2), and answering the client (PUBACK) when
 * `done` is called; so wrapping the instance's own `publish` sees each client publish after the ACL.
 */
export function dropPublishes (aedes: Aedes, drop: (packet: PublishPacket) => boolean): void {
  const broker = aedes as unknown as { publish: AedesPublish }
  const publish = broker.publish.bind(aedes)
  broker.publish = (packet, client, done) => {
    const callback = typeof client === 'function' ? client : done
    if (drop(packet)) { callback?.(null); return }
    publish(packet, client, done)
  }
}
