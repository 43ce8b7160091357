import type { Client } from 'aedes'
import type { Socket } from 'node:net'
import type { Logger } from 'pino'
import type { BrokerMetrics } from './metrics.js'
import { capParsedPacketLength } from './aedes-internals.js'

export type Transport = 'tcp' | 'tls' | 'ws'

/** The peer's address, IPv4-mapped IPv6 shortened (`::ffff:10.0.0.1` → `10.0.0.1`). */
export function remoteAddressOf (client: Client): string | undefined {
  // Over TCP and TLS conn is the socket; a WebSocket stream has no address, its upgrade request's socket does.
  const conn = client.conn as Partial<Pick<Socket, 'remoteAddress'>> | undefined
  const raw = conn?.remoteAddress ?? client.req?.socket?.remoteAddress
  return raw?.startsWith('::ffff:') === true && raw.includes('.') ? raw.slice(7) : raw
}

/**
 * Maximum MQTT packet size. Neither aedes 1.2.0 nor mqtt-packet 9 has the option, and the parser
 * buffers a packet's whole declared length (up to 256 MB) before handing it over. So each
 * connection's parser is checked as soon as it has read a fixed header: a packet over the limit is
 * refused before its body is read, by failing the parse, which makes aedes close that connection
 * (MQTT 3.1.1 has no reason code for it; aedes speaks no MQTT 5, whose DISCONNECT 0x95 would fit).
 */
export class PacketSizeGuard {
  private warned = false
  private readonly seen = new WeakSet<Client>()

  constructor (readonly maxBytes: number, private readonly metrics: BrokerMetrics, private readonly log: Logger) {}

  /** Call right after aedes.handle(conn) for every connection. */
  watch (client: Client, transport: Transport): void {
    const hooked = capParsedPacketLength(client, this.maxBytes, (size, cmd) => this.refused(transport, client, size, cmd))
    if (!hooked && !this.warned) this.log.error('mqtt-packet parser internals changed: MQTT_MAX_PACKET_BYTES is not enforced')
    if (!hooked) this.warned = true
  }

  /** Counted and logged once per connection (over WebSocket both the parser and ws may see it); the connection is closed by its transport. */
  refused (transport: Transport, client: Client, size: number | undefined, cmd?: string): void {
    if (this.seen.has(client)) return
    this.seen.add(client)
    this.metrics.packetTooLarge.inc({ transport })
    this.log.warn({ transport, clientId: client.id, address: remoteAddressOf(client), cmd, bytes: size, limit: this.maxBytes },
      'MQTT packet too large: connection closed')
  }
}
