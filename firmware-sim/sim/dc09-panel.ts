// One alarm panel's link to a DC-09 receiver, as panel firmware runs it: one message in flight at a
// time; the same bytes sent again when no reply comes within the timeout or the connection drops
// (the receiver's dedup makes the copy harmless); after a NAK the message again with a fresh
// timestamp; a DUH is final. Used by `firmware-sim run --protocol dc09` and the benchmark.
import { createSocket, type Socket as UdpSocket } from 'node:dgram'
import { connect, type Socket } from 'node:net'
import { nowMs } from '../clock.js'
import { CR, LF } from '../../gateway/dc09/frame.js'
import { buildFrame, parseReply, seqText, type PanelIdentity, type PanelMessage, type Reply } from './dc09-messages.js'

export interface Dc09Target {
  host: string
  port: number
  transport: 'tcp' | 'udp'
}

export interface PanelLinkEvents {
  connect?: () => void
  connectFailure?: (err: Error) => void
  /** the receiver or the network closed the TCP connection (not a planned outage) */
  drop?: () => void
  /** a reply for no message in flight: a late answer to a copy already answered */
  stray?: () => void
}

export interface PanelClientOptions {
  /** send the same message again when no reply came within this long */
  replyTimeoutMs: number
  /** NAKs taken for one message before giving up on it (default 3) */
  maxNaks?: number
  /** a lost connection is opened again after this long, doubling up to 30 s (default 1 s) */
  reconnectDelayMs?: number
  on?: PanelLinkEvents
}

export interface SendOutcome {
  result: 'ack' | 'nak' | 'duh' | 'stopped'
  seq: string
  /** the timestamp of the message as last sent (a NAK makes a fresh one); undefined when never sent */
  at?: Date
  transmissions: number
  naks: number
  firstSentAtMs?: number
  repliedAtMs?: number
}

/** Called on every transmission of a message: its sequence, timestamp, and whether it is a copy. */
export type OnTransmit = (seq: string, at: Date, again: boolean) => void

type Waiting = Reply | 'timeout' | 'closed' | 'stopped'

export class Dc09PanelClient {
  private seq = 0
  private tcp: Socket | undefined
  private udp: UdpSocket | undefined
  private online = false
  private holds = 0
  private stopped = false
  private buffer = Buffer.alloc(0)
  private inFlight: { seq: string, settle: (r: Waiting) => void } | undefined
  private linkWaiters: Array<() => void> = []
  private connecting: Promise<void> | undefined
  private reconnectTimer: NodeJS.Timeout | undefined
  private reconnectDelayMs: number

  constructor (readonly who: PanelIdentity, private readonly target: Dc09Target, private readonly o: PanelClientOptions) {
    this.reconnectDelayMs = o.reconnectDelayMs ?? 1000
  }

  get isOnline (): boolean { return this.online }

  /** Opens the link; resolves after the first attempt (a failed one is tried again by itself). */
  async start (): Promise<void> {
    await this.open()
  }

  /**
   * Sends one message and retries it until it is answered: resolves on ACK or DUH, after more NAKs
   * than allowed, or with `stopped` when the panel is stopped first. Callers send one at a time.
   */
  async send (m: PanelMessage, onTransmit?: OnTransmit): Promise<SendOutcome> {
    const out: SendOutcome = { result: 'stopped', seq: seqText(++this.seq), transmissions: 0, naks: 0 }
    let bytes: Buffer | undefined
    for (;;) {
      if (!await this.up()) return out
      // Stamped when first sent, not when queued: a message held back by an outage is not stale.
      if (bytes === undefined || out.at === undefined) {
        out.at = new Date()
        bytes = buildFrame(this.who, m, out.seq, out.at)
      }
      const reply = this.awaitReply(out.seq)
      this.write(bytes)
      out.transmissions++
      out.firstSentAtMs ??= nowMs()
      onTransmit?.(out.seq, out.at, out.transmissions > 1)
      const r = await reply
      if (r === 'stopped') return out
      if (r === 'timeout' || r === 'closed') continue
      out.repliedAtMs = nowMs()
      if (r.type === 'ACK') return { ...out, result: 'ack' }
      if (r.type === 'DUH') return { ...out, result: 'duh' }
      out.naks++
      if (out.naks > (this.o.maxNaks ?? 3)) return { ...out, result: 'nak' }
      out.at = undefined
    }
  }

  /** A planned outage: the link goes (TCP: the connection is closed) until release(). */
  hold (): void {
    this.holds++
    if (this.holds > 1) return
    this.online = false
    this.closeLink()
  }

  release (): void {
    if (this.holds === 0) return
    this.holds--
    if (this.holds === 0) void this.open()
  }

  stop (): void {
    this.stopped = true
    clearTimeout(this.reconnectTimer)
    this.online = false
    this.closeLink()
    this.inFlight?.settle('stopped')
    for (const w of this.linkWaiters.splice(0)) w()
  }

  /** Resolves true once the link is up, false when the panel is stopped first. */
  private async up (): Promise<boolean> {
    while (!this.stopped && !this.online) await new Promise<void>((resolve) => this.linkWaiters.push(resolve))
    return !this.stopped
  }

  private awaitReply (seq: string): Promise<Waiting> {
    return new Promise<Waiting>((resolve) => {
      const timer = setTimeout(() => settle('timeout'), this.o.replyTimeoutMs)
      const settle = (r: Waiting): void => {
        clearTimeout(timer)
        if (this.inFlight?.settle === settle) this.inFlight = undefined
        resolve(r)
      }
      this.inFlight = { seq, settle }
    })
  }

  private onReply (bytes: Buffer): void {
    const reply = parseReply(bytes, this.who.key)
    if (reply === undefined) return // not a reply a panel takes: as if none came
    const f = this.inFlight
    // A NAK names no message (0000); an ACK or DUH for another sequence answers an earlier copy.
    if (f === undefined || (reply.type !== 'NAK' && reply.seq !== f.seq && reply.seq !== '0000')) { this.o.on?.stray?.(); return }
    f.settle(reply)
  }

  private write (bytes: Buffer): void {
    if (this.target.transport === 'udp') this.udp?.send(bytes, this.target.port, this.target.host)
    else this.tcp?.write(bytes)
  }

  private async open (): Promise<void> {
    if (this.connecting !== undefined || this.online || this.stopped || this.holds > 0) return
    this.connecting = (this.target.transport === 'udp' ? this.openUdp() : this.openTcp())
      .then(() => {
        if (this.stopped || this.holds > 0) { this.closeLink(); return }
        this.online = true
        this.reconnectDelayMs = this.o.reconnectDelayMs ?? 1000
        this.o.on?.connect?.()
        for (const w of this.linkWaiters.splice(0)) w()
      }, (err: Error) => {
        this.o.on?.connectFailure?.(err)
        this.scheduleReconnect()
      })
      .finally(() => { this.connecting = undefined })
    await this.connecting
  }

  private async openTcp (): Promise<void> {
    const socket = connect(this.target.port, this.target.host)
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve)
      socket.once('error', reject)
    })
    socket.on('error', () => { /* a reset; 'close' follows */ })
    this.buffer = Buffer.alloc(0)
    socket.on('data', (chunk: Buffer) => this.onTcpData(chunk))
    socket.once('close', () => {
      if (this.tcp !== socket) return // closed on purpose
      this.tcp = undefined
      this.online = false
      this.inFlight?.settle('closed')
      this.o.on?.drop?.()
      this.scheduleReconnect()
    })
    this.tcp = socket
  }

  private async openUdp (): Promise<void> {
    const socket = createSocket(this.target.host.includes(':') ? 'udp6' : 'udp4')
    socket.on('message', (msg) => this.onReply(msg))
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject)
      socket.bind(0, () => { socket.off('error', reject); resolve() })
    })
    socket.on('error', () => { /* a datagram lost: the reply timeout covers it */ })
    this.udp = socket
  }

  private onTcpData (chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk])
    for (;;) {
      const start = this.buffer.indexOf(LF)
      const end = start < 0 ? -1 : this.buffer.indexOf(CR, start)
      if (end < 0) {
        if (start > 0) this.buffer = this.buffer.subarray(start)
        return
      }
      const reply = Buffer.from(this.buffer.subarray(start, end + 1))
      this.buffer = this.buffer.subarray(end + 1)
      this.onReply(reply)
    }
  }

  private closeLink (): void {
    const tcp = this.tcp
    const udp = this.udp
    this.tcp = undefined
    this.udp = undefined
    tcp?.destroy()
    udp?.close()
    this.inFlight?.settle('closed')
  }

  private scheduleReconnect (): void {
    if (this.stopped || this.holds > 0) return
    clearTimeout(this.reconnectTimer)
    this.reconnectTimer = setTimeout(() => { void this.open() }, this.reconnectDelayMs)
    this.reconnectDelayMs = Math.min(this.reconnectDelayMs * 2, 30_000)
  }
}
