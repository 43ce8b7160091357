// One simulated device's firmware: its own id and sequence numbers, alerts retried until an AlertAck
// answers them (same alertId, doubling timeout), alerts pressed while offline buffered and replayed in
// order on reconnect, and reconnecting by itself after an unplanned connection loss.
import type { MqttClient } from 'mqtt'
import { nowMs } from '../clock.js'
import type { FleetDevice } from '../fleet.js'
import { malformedPayload, type Malformation } from '../malformed.js'
import { decodeAck, encodeAlert, encodeTelemetry, type Press } from '../payloads.js'
import type { Rng } from '../random.js'
import type { AlertKindName } from '../../gateway/codec/wire.js'
import type { FirmwareBehaviour } from './behaviour.js'
import { closeQuietly, connectMqtt, subscribe } from './connection.js'
import { Flood } from './flood.js'
import type { Recorder } from './recorder.js'
import type { AlertLogEntry } from './run-log.js'

export interface DeviceEnv {
  /** broker URL for this device's transport (TCP or WebSocket) */
  url: string
  runId: string
  firmware: FirmwareBehaviour
  recorder: Recorder
  rng: Rng
}

interface Unacked {
  entry: AlertLogEntry
  payload: Buffer
  /** real alerts are retried and replayed; injected malformed payloads are sent once */
  retry: boolean
  backoffMs: number
  timer?: NodeJS.Timeout
}

const FINAL = new Set(['ACCEPTED', 'DUPLICATE', 'REJECTED'])

export class SimDevice {
  private client: MqttClient | undefined
  private online = false
  private connecting: Promise<void> | undefined
  /** planned outages in force (offline and flap phases may overlap): online only at 0 */
  private holds = 0
  private stopped = false
  private seq = 0
  private readonly batteryPct: number
  /** insertion order = press order, which is the replay order */
  private readonly unacked = new Map<string, Unacked>()
  /** malformed sends whose REJECTED ack cannot name them: matched oldest first */
  private readonly idless: AlertLogEntry[] = []
  private reconnectDelayMs: number
  private reconnectTimer: NodeJS.Timeout | undefined
  private flood: Flood | undefined
  /** alerts whose repeats a flood sends: answers after the first are the flood's, not the alert's */
  private readonly floodAlerts = new Set<string>()

  constructor (readonly spec: FleetDevice, private readonly env: DeviceEnv) {
    this.batteryPct = env.rng.int(30, 100)
    this.reconnectDelayMs = env.firmware.reconnectDelayMs
  }

  get isOnline (): boolean { return this.online }

  /** sends still waiting for their AlertAck: alerts (retried until answered) and malformed payloads (sent once) */
  get pendingCount (): number {
    return this.unacked.size + this.idless.length
  }

  async start (): Promise<void> {
    await this.connect()
  }

  /** `cutAfterMs`: the link dies that long after sending, maybe before PUBACK or AlertAck arrive (flap cutShare). */
  press (kind: AlertKindName, phase: number, heartRateBpm?: number, cutAfterMs?: number): Unacked {
    const entry = this.newEntry(kind, phase)
    const payload = encodeAlert(this.pressOf(entry, heartRateBpm), this.spec.codec)
    this.env.recorder.pressed(entry)
    const u: Unacked = { entry, payload, retry: true, backoffMs: this.env.firmware.ackTimeoutMs }
    this.unacked.set(entry.alertId, u)
    if (this.online) this.send(u)
    if (cutAfterMs !== undefined) this.cutLater(cutAfterMs)
    return u
  }

  /**
   * A firmware bug: one alert is pressed as usual, then re-sent (QoS 1, same alert id) in a tight
   * loop together with telemetry (QoS 0), as fast as the socket takes them, until stopFlood().
   */
  startFlood (kind: AlertKindName, phase: number, qos1Share: number): void {
    if (this.flood !== undefined) return
    const record = this.env.recorder.flood()
    record.flooders.push(this.spec.id)
    record.startedAtMs ??= nowMs()
    const u = this.press(kind, phase)
    this.floodAlerts.add(u.entry.alertId)
    const telemetry = encodeTelemetry({ atMs: nowMs(), deviceKind: this.spec.kind, position: this.spec, batteryPct: this.batteryPct }, this.spec.codec)
    this.flood = new Flood({
      qos0: { topic: `dev/${this.spec.id}/telemetry`, payload: telemetry },
      qos1: { topic: `dev/${this.spec.id}/alert`, payload: u.payload },
      qos1Share
    }, record)
    if (this.online && this.client !== undefined) void this.flood.run(this.client)
  }

  /** The watchdog reboots the device: the link is reset (what its socket still held is lost) and comes back. */
  stopFlood (): void {
    if (this.flood === undefined) return
    this.flood.stop()
    this.flood = undefined
    this.env.recorder.flood().endedAtMs = nowMs()
    const c = this.client
    if (c === undefined) return
    this.env.recorder.log.connections.plannedDrops++
    this.dropLink(true)
    this.scheduleReconnect()
  }

  malformed (malformation: Malformation, phase: number): void {
    if (!this.online) { this.env.recorder.log.skippedMalformed++; return }
    const entry = this.newEntry('PANIC', phase)
    const bad = malformedPayload(malformation, this.pressOf(entry), this.spec.codec, this.env.rng)
    entry.malformed = malformation
    entry.echoesAlertId = bad.echoesAlertId
    this.env.recorder.pressed(entry)
    const u: Unacked = { entry, payload: bad.bytes, retry: false, backoffMs: 0 }
    if (bad.echoesAlertId) this.unacked.set(entry.alertId, u)
    else this.idless.push(entry)
    this.send(u)
  }

  telemetry (heartRateBpm?: number): void {
    if (!this.online || this.client === undefined) return
    const payload = encodeTelemetry({ atMs: nowMs(), deviceKind: this.spec.kind, position: this.spec, batteryPct: this.batteryPct, heartRateBpm }, this.spec.codec)
    this.client.publish(`dev/${this.spec.id}/telemetry`, payload, { qos: 0 })
    this.env.recorder.log.telemetrySent++
  }

  /** A planned outage: the link dies without a DISCONNECT, as when coverage is lost. */
  disconnect (): void {
    this.holds++
    if (this.holds > 1) return
    this.env.recorder.log.connections.plannedDrops++
    this.dropLink()
  }

  /**
   * A planned outage whose link dies `ms` from now. The hold is taken at once, so the plan's
   * reconnect can never be applied first (the event pump may run late) and leave the device down.
   */
  private cutLater (ms: number): void {
    this.holds++
    this.env.recorder.log.connections.plannedDrops++
    const client = this.client
    setTimeout(() => {
      if (this.stopped || client === undefined || this.client !== client) return
      this.dropLink()
      // The outage already ended while the link was still up: come back like after any loss.
      if (this.holds === 0) this.scheduleReconnect()
    }, ms)
  }

  /** The end of a planned outage. */
  reconnect (): void {
    if (this.holds === 0) return
    this.holds--
    if (this.holds === 0) void this.connect()
  }

  async stop (): Promise<void> {
    this.stopped = true
    this.flood?.stop()
    clearTimeout(this.reconnectTimer)
    for (const u of this.unacked.values()) clearTimeout(u.timer)
    const c = this.client
    this.client = undefined
    this.online = false
    if (c !== undefined) await closeQuietly(c)
  }

  private newEntry (kind: string, phase: number): AlertLogEntry {
    const seq = ++this.seq
    return {
      deviceId: this.spec.id,
      alertId: `${this.env.runId}.${seq}`,
      seq,
      kind,
      phase,
      pressedAtMs: nowMs(),
      buffered: !this.online,
      publishes: 0,
      acks: []
    }
  }

  private pressOf (e: AlertLogEntry, heartRateBpm?: number): Press {
    return {
      alertId: e.alertId,
      seq: e.seq,
      kind: e.kind as AlertKindName,
      triggeredAtMs: e.pressedAtMs,
      deviceKind: this.spec.kind,
      position: this.spec,
      batteryPct: this.batteryPct,
      heartRateBpm
    }
  }

  private send (u: Unacked): void {
    const client = this.client
    if (client === undefined) return
    const { recorder } = this.env
    recorder.published(u.entry, nowMs())
    client.publish(`dev/${this.spec.id}/alert`, u.payload, { qos: 1 }, (err) => {
      // The callback of a QoS 1 publish is the PUBACK; an error means the link died first.
      if (err == null) recorder.pubacked(u.entry, nowMs())
    })
    if (!u.retry) return
    clearTimeout(u.timer)
    u.timer = setTimeout(() => {
      if (!this.unacked.has(u.entry.alertId) || !this.online) return
      u.backoffMs = Math.min(u.backoffMs * 2, this.env.firmware.maxBackoffMs)
      this.send(u)
    }, u.backoffMs)
  }

  private onAck (payload: Buffer): void {
    const { recorder } = this.env
    const ack = decodeAck(payload, this.spec.codec)
    if (ack === undefined) { recorder.unmatchedAck(); return }
    const status = String(ack.status ?? '')
    if (status === 'UPDATE') { recorder.update(); return }
    const record = { status, atMs: nowMs(), incidentNumber: ack.incidentNumber, reasonCode: ack.reasonCode }
    const alertId = ack.alertId ?? ''
    let entry: AlertLogEntry | undefined
    if (alertId === '') {
      entry = status === 'REJECTED' ? this.idless.shift() : undefined
    } else {
      const u = this.unacked.get(alertId)
      entry = u?.entry ?? recorder.alert(this.spec.id, alertId) // a late second answer (a retry crossed the first ack)
      if (u === undefined && this.floodAlerts.has(alertId)) { recorder.flood().repeatAcks++; return }
      if (u !== undefined && FINAL.has(status)) {
        clearTimeout(u.timer)
        this.unacked.delete(alertId)
      }
    }
    if (entry === undefined) recorder.unmatchedAck()
    else recorder.acked(entry, record)
  }

  private async connect (): Promise<void> {
    if (this.connecting !== undefined || this.online || this.stopped || this.holds > 0) return
    this.connecting = this.establish().finally(() => { this.connecting = undefined })
    await this.connecting
  }

  private async establish (): Promise<void> {
    const { recorder, firmware } = this.env
    let client: MqttClient
    try {
      client = await connectMqtt(this.env.url, this.spec, { keepaliveS: firmware.keepaliveS })
    } catch (err) {
      recorder.log.connections.connectFailures++
      const code = (err as { code?: unknown }).code
      if (code === 2 || code === 4 || code === 5) {
        // Refused for good (unknown id, wrong secret, revoked): retrying cannot help.
        recorder.log.warnings.push(`${this.spec.id}: connection refused (CONNACK ${String(code)}); is the fleet file from this Flare, and the device not revoked?`)
        return
      }
      this.scheduleReconnect()
      return
    }
    // A planned outage (or the end of the run) may have begun while the CONNECT was in flight.
    if (this.stopped || this.holds > 0) { client.end(true); return }
    this.client = client
    client.on('message', (_topic, payload) => this.onAck(payload))
    client.on('close', () => this.onClose(client))
    try {
      const granted = await subscribe(client, `dev/${this.spec.id}/ack`, 1)
      if (granted === 128) recorder.log.warnings.push(`${this.spec.id}: the ack subscription was refused`)
    } catch {
      return // the link died during SUBSCRIBE: onClose takes it from here
    }
    if (this.client !== client) return
    recorder.log.connections.connects++
    this.online = true
    this.reconnectDelayMs = firmware.reconnectDelayMs
    // Replay in press order: what was pressed offline, and what was sent but never answered.
    for (const u of this.unacked.values()) if (u.retry) this.send(u)
    if (this.flood !== undefined) void this.flood.run(client)
  }

  private onClose (client: MqttClient): void {
    if (client !== this.client) return // a link this device already dropped on purpose
    this.client = undefined
    this.online = false
    for (const u of this.unacked.values()) clearTimeout(u.timer)
    if (this.stopped || this.holds > 0) return
    this.env.recorder.log.connections.unplannedDrops++
    this.scheduleReconnect()
  }

  /** `reset`: a TCP reset, so neither side keeps what the socket still held (a flood's backlog). */
  private dropLink (reset = false): void {
    const c = this.client
    this.client = undefined
    this.online = false
    for (const u of this.unacked.values()) clearTimeout(u.timer)
    const stream = c?.stream as { resetAndDestroy?: () => void } | undefined
    if (reset && typeof stream?.resetAndDestroy === 'function') stream.resetAndDestroy()
    c?.end(true)
  }

  private scheduleReconnect (): void {
    if (this.stopped || this.holds > 0) return
    clearTimeout(this.reconnectTimer)
    this.reconnectTimer = setTimeout(() => { void this.connect() }, this.reconnectDelayMs)
    this.reconnectDelayMs = Math.min(this.reconnectDelayMs * 2, 30_000)
  }
}
