import { createSocket, type Socket as UdpSocket } from 'node:dgram'
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net'
import type pg from 'pg'
import type { Logger } from 'pino'
import { Counter, Gauge, type Registry } from 'prom-client'
import { insertDeadLetter } from '../storage/dead-letters.js'
import { CR, LF, MAX_FRAME_BYTES } from './frame.js'
import { handleMessage, type MessageDeps, type Outcome } from './handle-message.js'

export interface Dc09ReceiverOptions {
  host: string
  /** TCP and UDP; 0 picks a free port for each */
  port: number
  /** a connection that sends nothing for this long is closed */
  idleTimeoutMs: number
  /** a frame begun (LF) but not ended (CR) within this long closes the connection: slow senders hold nothing */
  frameTimeoutMs: number
  /** open TCP connections one address may hold */
  maxConnectionsPerAddress: number
}

/**
 * The SIA DC-09 receiver: TCP (a connection may carry many messages, one at a time) and UDP (a
 * datagram per message), on one port number. Every message is answered (ACK, NAK or DUH) except
 * one that could not be stored, which the panel sends again; what is not ACKed is kept as a dead
 * letter with the reason, and counted.
 */
export class Dc09Receiver {
  private tcp: Server | undefined
  private udp: UdpSocket | undefined
  private readonly perAddress = new Map<string, number>()
  private readonly sockets = new Set<Socket>()
  private readonly messages: Counter
  private readonly connections: Gauge
  private readonly refused: Counter

  constructor (private readonly o: Dc09ReceiverOptions, private readonly d: MessageDeps & { pool: pg.Pool, log: Logger, registry?: Registry }) {
    const registers = d.registry === undefined ? [] : [d.registry]
    this.messages = new Counter({ name: 'flare_dc09_messages_total', help: 'DC-09 messages, by reply (ack, nak, duh, none) and reason', labelNames: ['transport', 'result', 'reason'], registers })
    this.connections = new Gauge({ name: 'flare_dc09_connections', help: 'Open DC-09 TCP connections', registers })
    this.refused = new Counter({ name: 'flare_dc09_connections_closed_total', help: 'DC-09 TCP connections closed by the receiver, by reason', labelNames: ['reason'], registers })
  }

  get ports (): { tcp: number, udp: number } {
    return { tcp: (this.tcp?.address() as AddressInfo).port, udp: (this.udp?.address() as AddressInfo).port }
  }

  async start (): Promise<void> {
    this.tcp = createServer((socket) => { this.accept(socket) })
    await new Promise<void>((resolve, reject) => {
      this.tcp?.once('error', reject)
      this.tcp?.listen(this.o.port, this.o.host, () => { this.tcp?.off('error', reject); resolve() })
    })
    this.udp = createSocket(this.o.host.includes(':') ? 'udp6' : 'udp4')
    this.udp.on('message', (msg, rinfo) => { this.datagram(msg, rinfo.address, rinfo.port) })
    this.udp.on('error', (err) => this.d.log.error({ err }, 'dc09: UDP socket error'))
    await new Promise<void>((resolve, reject) => {
      this.udp?.once('error', reject)
      // The same port number as TCP when one was chosen, so panels need one setting.
      this.udp?.bind(this.o.port === 0 ? 0 : this.o.port, this.o.host, () => { this.udp?.off('error', reject); resolve() })
    })
    this.d.log.info({ ...this.ports }, 'dc09 receiver listening')
  }

  async stop (): Promise<void> {
    for (const s of this.sockets) s.destroy()
    await new Promise<void>((resolve) => { if (this.tcp === undefined) resolve(); else this.tcp.close(() => resolve()) })
    await new Promise<void>((resolve) => { if (this.udp === undefined) resolve(); else this.udp.close(() => resolve()) })
  }

  private accept (socket: Socket): void {
    const address = socket.remoteAddress ?? 'unknown'
    const open = this.perAddress.get(address) ?? 0
    if (open >= this.o.maxConnectionsPerAddress) {
      this.refused.inc({ reason: 'per_address_limit' })
      socket.destroy()
      return
    }
    this.perAddress.set(address, open + 1)
    this.sockets.add(socket)
    this.connections.inc()
    socket.once('close', () => {
      this.sockets.delete(socket)
      this.connections.dec()
      const n = (this.perAddress.get(address) ?? 1) - 1
      if (n <= 0) this.perAddress.delete(address)
      else this.perAddress.set(address, n)
    })
    socket.on('error', () => { /* closed below; a reset by the panel is normal */ })
    socket.setTimeout(this.o.idleTimeoutMs, () => { this.close(socket, 'idle') })

    let buffer = Buffer.alloc(0)
    let frameTimer: NodeJS.Timeout | undefined
    let chain = Promise.resolve()
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk])
      for (;;) {
        const start = buffer.indexOf(LF)
        if (start < 0) {
          if (buffer.length > 0) this.dead(buffer, address, 'tcp', { result: 'none', reason: 'garbage' })
          buffer = Buffer.alloc(0)
          break
        }
        if (start > 0) {
          this.dead(buffer.subarray(0, start), address, 'tcp', { result: 'none', reason: 'garbage' })
          buffer = buffer.subarray(start)
        }
        const end = buffer.indexOf(CR)
        if (end < 0) {
          if (buffer.length > MAX_FRAME_BYTES) {
            this.dead(buffer, address, 'tcp', { result: 'none', reason: 'frame_too_long' })
            this.close(socket, 'frame_too_long')
            return
          }
          frameTimer ??= setTimeout(() => { this.close(socket, 'frame_timeout') }, this.o.frameTimeoutMs)
          break
        }
        clearTimeout(frameTimer)
        frameTimer = undefined
        const message = Buffer.from(buffer.subarray(0, end + 1))
        buffer = buffer.subarray(end + 1)
        // One message at a time per connection: replies go back in the order the panel sent.
        chain = chain.then(async () => {
          const outcome = await this.handle(message, address, 'tcp')
          if (outcome.reply !== undefined && !socket.destroyed) socket.write(outcome.reply)
        })
      }
    })
    socket.once('close', () => clearTimeout(frameTimer))
  }

  private datagram (msg: Buffer, address: string, port: number): void {
    if (msg.length > MAX_FRAME_BYTES) {
      this.dead(msg, address, 'udp', { result: 'none', reason: 'frame_too_long' })
      return
    }
    this.handle(msg, address, 'udp')
      .then((outcome) => { if (outcome.reply !== undefined) this.udp?.send(outcome.reply, port, address) })
      .catch((err) => this.d.log.error({ err }, 'dc09: UDP message failed'))
  }

  private async handle (message: Buffer, address: string, transport: 'tcp' | 'udp'): Promise<Outcome> {
    const outcome = await handleMessage(message, this.d)
    this.messages.inc({ transport, result: outcome.result, reason: outcome.reason })
    if (outcome.result !== 'ack') this.dead(message, address, transport, outcome)
    return outcome
  }

  private close (socket: Socket, reason: string): void {
    this.refused.inc({ reason })
    socket.destroy()
  }

  /** Kept for forensics, by the account when it is known, else by the sender's address. */
  private dead (payload: Buffer, address: string, transport: string, o: Pick<Outcome, 'result' | 'reason' | 'account'>): void {
    if (o.result === 'none' && o.reason === 'not_stored') return
    if (o.result === 'none') this.messages.inc({ transport, result: 'none', reason: o.reason })
    insertDeadLetter(this.d.pool, {
      principalId: o.account?.id ?? `dc09:${address}`,
      topic: `dc09/${transport}`,
      payload: Buffer.from(payload),
      code: `dc09_${o.reason}`,
      reason: `${o.result === 'none' ? 'dropped' : `answered ${o.result.toUpperCase()}`}: ${o.reason.replaceAll('_', ' ')}`
    }).catch((err) => this.d.log.warn({ err }, 'dc09: could not keep a dead letter'))
  }
}
