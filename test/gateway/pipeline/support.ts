/** Shared by the pipeline acceptance tests: mosquitto CLI clients, a raw MQTT client, metrics and DB probes. */
import type { Test } from 'tap'
import { connect as netConnect, type Socket } from 'node:net'
import * as mqttPacket from 'mqtt-packet'
import pg from 'pg'
import type { TestFlare } from '../../helpers/flare.js'

// ---------------------------------------------------------------- mosquitto command-line clients

export { run, mosqAt, mosqAs, type Proc } from '../../helpers/mosquitto.js'

// ---------------------------------------------------------------- raw MQTT 3.1.1 over TCP

/**
 * An MQTT connection driven packet by packet (mqtt-packet), for what mqtt.js does not let a test
 * do: the DUP flag with a chosen packet id, or thousands of PUBLISH packets in one TCP write.
 */
export class RawMqtt {
  readonly packets: mqttPacket.Packet[] = []
  private readonly waiters: Array<{ match: (p: mqttPacket.Packet) => boolean, resolve: (p: mqttPacket.Packet) => void }> = []
  private closedWith?: Error
  readonly closed: Promise<void>

  private constructor (readonly socket: Socket) {
    const parser = mqttPacket.parser({ protocolVersion: 4 })
    parser.on('packet', (p: mqttPacket.Packet) => {
      // Like any client: QoS 1 deliveries are acknowledged on receipt.
      if (p.cmd === 'publish' && p.qos === 1) this.send({ cmd: 'puback', messageId: p.messageId })
      const i = this.waiters.findIndex(w => w.match(p))
      if (i >= 0) { this.waiters.splice(i, 1)[0].resolve(p); return }
      this.packets.push(p)
    })
    parser.on('error', (err: Error) => socket.destroy(err))
    socket.on('data', (d) => parser.parse(d))
    this.closed = new Promise((resolve) => socket.once('close', () => {
      this.closedWith ??= new Error('connection closed')
      resolve()
    }))
  }

  static async connect (port: number, opts: { clientId: string, username?: string, password?: string, clean?: boolean, keepalive?: number }): Promise<{ raw: RawMqtt, connack: mqttPacket.IConnackPacket }> {
    const socket = netConnect({ host: '127.0.0.1', port })
    await new Promise<void>((resolve, reject) => { socket.once('connect', resolve); socket.once('error', reject) })
    socket.on('error', () => {})
    const raw = new RawMqtt(socket)
    raw.send({
      cmd: 'connect',
      protocolId: 'MQTT',
      protocolVersion: 4,
      clientId: opts.clientId,
      clean: opts.clean ?? true,
      keepalive: opts.keepalive ?? 60,
      username: opts.username,
      password: opts.password === undefined ? undefined : Buffer.from(opts.password)
    })
    const connack = await raw.next('connack') as mqttPacket.IConnackPacket
    return { raw, connack }
  }

  get isOpen (): boolean {
    return !this.socket.destroyed && this.closedWith === undefined
  }

  send (packet: mqttPacket.Packet): boolean {
    if (this.socket.destroyed) return false
    return this.socket.write(mqttPacket.generate(packet))
  }

  /** All packets in a single write: as pipelined as TCP allows. */
  async sendAll (packets: mqttPacket.Packet[]): Promise<void> {
    const buf = Buffer.concat(packets.map(p => mqttPacket.generate(p)))
    await new Promise<void>((resolve, reject) => this.socket.write(buf, (err) => err ? reject(err) : resolve()))
  }

  /** The next packet of this kind (optionally matching), received already or later. */
  async next (cmd: mqttPacket.PacketCmd, match: (p: any) => boolean = () => true, timeoutMs = 20_000): Promise<mqttPacket.Packet> {
    const test = (p: mqttPacket.Packet): boolean => p.cmd === cmd && match(p)
    const i = this.packets.findIndex(test)
    if (i >= 0) return this.packets.splice(i, 1)[0]
    return await new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1)
        reject(new Error(`no ${cmd} within ${timeoutMs} ms`))
      }, timeoutMs)
      const waiter = { match: test, resolve: (p: mqttPacket.Packet) => { clearTimeout(timer); resolve(p) } }
      this.waiters.push(waiter)
      void this.closed.then(() => {
        const k = this.waiters.indexOf(waiter)
        if (k < 0) return
        this.waiters.splice(k, 1)
        clearTimeout(timer)
        reject(new Error(`connection closed while waiting for ${cmd}`))
      })
    })
  }

  /** Takes every PUBLISH received on `topic` so far. */
  takePublishes (topic: string): mqttPacket.IPublishPacket[] {
    const out: mqttPacket.IPublishPacket[] = []
    for (let i = 0; i < this.packets.length;) {
      const p = this.packets[i]
      if (p.cmd === 'publish' && p.topic === topic) {
        this.packets.splice(i, 1)
        out.push(p)
      } else i++
    }
    return out
  }

  async subscribe (topic: string, qos: 0 | 1 = 1, messageId = 65000): Promise<number> {
    this.send({ cmd: 'subscribe', messageId, subscriptions: [{ topic, qos }] })
    const suback = await this.next('suback', (p) => p.messageId === messageId) as mqttPacket.ISubackPacket
    return suback.granted[0] as number
  }

  /** One PUBLISH; for QoS 1 resolves with the PUBACK. */
  async publish (topic: string, payload: Buffer | string, opts: { qos?: 0 | 1, messageId?: number, dup?: boolean } = {}): Promise<void> {
    const qos = opts.qos ?? 1
    const messageId = opts.messageId ?? 1
    this.send({ cmd: 'publish', topic, payload: typeof payload === 'string' ? Buffer.from(payload) : payload, qos, dup: opts.dup ?? false, retain: false, messageId })
    if (qos === 1) await this.next('puback', (p) => p.messageId === messageId)
  }

  /** The next PUBLISH on `topic` (optionally matching). */
  async nextPublish (topic: string, match: (p: mqttPacket.IPublishPacket) => boolean = () => true, timeoutMs?: number): Promise<mqttPacket.IPublishPacket> {
    return await this.next('publish', (x) => x.topic === topic && match(x), timeoutMs) as mqttPacket.IPublishPacket
  }

  destroy (): void {
    this.socket.destroy()
  }

  async end (): Promise<void> {
    if (this.isOpen) {
      this.send({ cmd: 'disconnect' })
      this.socket.end()
    }
    await this.closed
  }
}

/** A raw MQTT connection that is closed when the test ends. */
export async function rawConnect (t: Test, f: TestFlare, opts: Parameters<typeof RawMqtt.connect>[1]): Promise<RawMqtt> {
  const { raw, connack } = await RawMqtt.connect(f.app.ports.mqtt, opts)
  t.teardown(() => raw.destroy())
  if (connack.returnCode !== 0) throw new Error(`CONNACK ${String(connack.returnCode)}`)
  return raw
}

// ---------------------------------------------------------------- metrics, readiness, database

/** The value of one sample in a Prometheus text exposition (0 when absent); `labels` must all match. */
export function sample (text: string, name: string, labels: Record<string, string> = {}): number {
  let total = 0
  let found = false
  for (const line of text.split('\n')) {
    if (!line.startsWith(name + '{') && !line.startsWith(name + ' ')) continue
    const m = /^[^{ ]+(?:\{(.*)\})? (\S+)$/.exec(line)
    if (m === null) continue
    const have: Record<string, string> = {}
    for (const kv of (m[1] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) have[kv[1]] = kv[2]
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) {
      if (found) throw new Error(`several samples of ${name} match ${JSON.stringify(labels)}`)
      found = true
      total = Number(m[2])
    }
  }
  return total
}

export async function metricsText (f: TestFlare): Promise<string> {
  const res = await fetch(`${f.httpUrl}/metrics`)
  if (res.status !== 200) throw new Error(`/metrics answered ${res.status}`)
  return await res.text()
}

/** A pg pool on the test's database, ended when the test ends. */
export function sql (t: Test, f: TestFlare): pg.Pool {
  const pool = new pg.Pool({ connectionString: f.db.url, max: 2 })
  t.teardown(async () => { await pool.end() })
  return pool
}

/** Incidents as GET /api/v1/incidents lists them (newest first). */
export async function listIncidents (f: TestFlare, query = ''): Promise<any[]> {
  const res = await f.api('GET', `/api/v1/incidents?limit=500${query}`)
  if (res.status !== 200) throw new Error(`GET /incidents answered ${res.status}: ${JSON.stringify(res.body)}`)
  return res.body.items
}

/** Polls `check` until it returns a value other than undefined (for state reached asynchronously). */
export async function eventually<T> (check: () => Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const v = await check()
    if (v !== undefined) return v
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`)
    await new Promise(resolve => setTimeout(resolve, 50))
  }
}
