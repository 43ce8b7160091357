import type { Client } from 'aedes'
import type { Logger } from 'pino'
import type { BrokerMetrics } from './metrics.js'

export type Transport = 'tcp' | 'tls' | 'ws'

/** Bytes of the fixed header: one type byte and the remaining length as a 1–4 byte varint. */
function headerBytes (remaining: number): number {
  return 1 + (remaining < 128 ? 1 : remaining < 16_384 ? 2 : remaining < 2_097_152 ? 3 : 4)
}

/** The peer's address, IPv4-mapped IPv6 shortened (`::ffff:10.0.0.1` → `10.0.0.1`). */
export function remoteAddressOf (client: Client): string | undefined {
  const c = client as any
  const raw: string | undefined = c.conn?.remoteAddress ?? c.req?.socket?.remoteAddress
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
    const parser = (client as any)._parser
    const parseLength = parser?._parseLength
    // Relies on mqtt-packet internals (aedes is pinned; test/broker/packet-size.test.ts notices a move).
    if (typeof parseLength !== 'function') {
      if (!this.warned) this.log.error('mqtt-packet parser internals changed: MQTT_MAX_PACKET_BYTES is not enforced')
      this.warned = true
      return
    }
    const limit = this.maxBytes
    const refuse = (size: number, cmd: string): void => this.refused(transport, client, size, cmd)
    parser._parseLength = function (this: any): boolean {
      if (parseLength.call(this) !== true) return false
      const size = headerBytes(this.packet.length) + (this.packet.length as number)
      if (size <= limit) return true
      refuse(size, this.packet.cmd)
      this._emitError(new Error(`packet too large: ${size} bytes, the limit is ${limit}`))
      return false
    }
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
