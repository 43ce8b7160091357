// One simulated alarm panel in a `run --protocol dc09`: presses become Contact ID alarms, each
// followed by its restore, heartbeats keep the account alive, and everything goes out in order,
// one message in flight, over the shared panel client (dc09-panel.ts), which retransmits.
import { parseKey } from '../../gateway/dc09/cipher.js'
import type { AlertKindName } from '../../gateway/codec/wire.js'
import { nowMs } from '../clock.js'
import type { FleetPanel } from '../fleet.js'
import type { Rng } from '../random.js'
import type { FirmwareBehaviour, PanelBehaviour } from './behaviour.js'
import { CONTACT_ID, contactId, expectedAlertId, linkTest, type PanelMessage } from './dc09-messages.js'
import { Dc09PanelClient, type Dc09Target } from './dc09-panel.js'
import type { Recorder } from './recorder.js'
import type { AlertLogEntry, Dc09Counts, Dc09Log } from './run-log.js'

export interface PanelEnv {
  target: Dc09Target
  firmware: FirmwareBehaviour
  panel: PanelBehaviour
  recorder: Recorder
  dc09: Dc09Log
  rng: Rng
}

interface Job {
  what: keyof Dc09Counts
  message: PanelMessage
  /** alarms: the run log's entry */
  entry?: AlertLogEntry
  /** alarms: the Contact ID code its restore repeats */
  code?: string
  zone?: number
}

export class SimPanel {
  private readonly client: Dc09PanelClient
  private readonly queue: Job[] = []
  private current: Job | undefined
  /** planned outages in force (offline and flap phases may overlap): the line is back only at 0 */
  private holds = 0
  private lineCut = false
  private stopped = false
  private restoresDue = 0
  private readonly timers = new Set<NodeJS.Timeout>()
  private heartbeatTimer: NodeJS.Timeout | undefined

  constructor (readonly spec: FleetPanel, private readonly env: PanelEnv) {
    const connections = env.recorder.log.connections
    this.client = new Dc09PanelClient({ account: spec.account, key: spec.key === null ? undefined : parseKey(spec.key) }, env.target, {
      replyTimeoutMs: env.firmware.ackTimeoutMs,
      reconnectDelayMs: env.firmware.reconnectDelayMs,
      on: {
        connect: () => { connections.connects++ },
        connectFailure: () => { connections.connectFailures++ },
        drop: () => { connections.unplannedDrops++ },
        stray: () => { env.dc09.stray++ }
      }
    })
  }

  get isOnline (): boolean { return this.client.isOnline }

  /** alarms and restores not yet answered (heartbeats are not waited for) */
  get pendingCount (): number {
    const waiting = (j: Job | undefined): number => (j !== undefined && j.what !== 'heartbeats' ? 1 : 0)
    return this.queue.reduce((n, j) => n + waiting(j), waiting(this.current)) + this.restoresDue
  }

  async start (): Promise<void> {
    await this.client.start()
    const every = this.env.panel.heartbeatMs
    if (every > 0) {
      const beat = (): void => {
        this.heartbeatTimer = setTimeout(beat, every)
        // Offline, or still busy with the last one: this beat is skipped, as a panel's timer would.
        if (this.isOnline && this.current?.what !== 'heartbeats' && !this.queue.some(j => j.what === 'heartbeats')) this.enqueue(this.heartbeat())
      }
      this.heartbeatTimer = setTimeout(beat, this.env.rng.between(0, every))
    }
  }

  /** `cutAfterMs`: the line is cut that long after the press (flap cutShare), maybe before the reply. */
  press (kind: AlertKindName, phase: number, _heartRateBpm?: number, cutAfterMs?: number): void {
    const cid = CONTACT_ID[kind]
    if (cid === undefined) { this.env.recorder.log.warnings.push(`${this.spec.id}: no Contact ID event for ${kind}; not sent`); return }
    const entry: AlertLogEntry = { deviceId: this.spec.id, alertId: '', seq: 0, kind: cid.becomes, phase, pressedAtMs: nowMs(), buffered: !this.isOnline, publishes: 0, acks: [] }
    this.env.recorder.pressed(entry)
    const zone = this.env.rng.int(1, 99)
    this.enqueue({ what: 'alarms', message: contactId(this.spec.account, cid.code, { zone }), entry, code: cid.code, zone })
    if (cutAfterMs !== undefined) this.cutLater(cutAfterMs)
  }

  /** Panels report no heart rate: a wearable's telemetry has no DC-09 counterpart (they send heartbeats instead). */
  telemetry (): void {}

  /** Refused before the run starts (scenarios/panels.ts): nothing to do if reached. */
  malformed (): void {}
  startFlood (): void {}
  stopFlood (): void {}

  /** A planned outage: the panel loses its line; what it raises meanwhile waits in its queue. */
  disconnect (): void {
    this.holds++
    if (this.holds > 1) return
    this.env.recorder.log.connections.plannedDrops++
    this.cutLine()
  }

  /**
   * The hold is taken at once, so the plan's reconnect cannot come first and leave the panel down;
   * the line itself goes `ms` later. Back already by then: the line drops and comes back at once.
   */
  private cutLater (ms: number): void {
    this.holds++
    this.env.recorder.log.connections.plannedDrops++
    const timer = setTimeout(() => {
      this.timers.delete(timer)
      if (this.stopped || this.lineCut) return
      this.cutLine()
      if (this.holds === 0) this.restoreLine()
    }, ms)
    this.timers.add(timer)
  }

  reconnect (): void {
    if (this.holds === 0) return
    this.holds--
    if (this.holds === 0 && this.lineCut) this.restoreLine()
  }

  private cutLine (): void {
    this.lineCut = true
    this.client.hold()
  }

  private restoreLine (): void {
    this.lineCut = false
    this.client.release()
  }

  async stop (): Promise<void> {
    this.stopped = true
    clearTimeout(this.heartbeatTimer)
    for (const t of this.timers) clearTimeout(t)
    this.client.stop()
  }

  private heartbeat (): Job {
    return { what: 'heartbeats', message: this.env.panel.heartbeat === '602' ? contactId(this.spec.account, '602', { zone: 0 }) : linkTest() }
  }

  private enqueue (job: Job): void {
    if (this.stopped) return
    this.queue.push(job)
    if (this.current === undefined) void this.pump()
  }

  private async pump (): Promise<void> {
    while (!this.stopped && this.queue.length > 0) {
      this.current = this.queue.shift()!
      await this.deliver(this.current)
    }
    this.current = undefined
  }

  private async deliver (job: Job): Promise<void> {
    const { recorder, dc09 } = this.env
    const o = await this.client.send(job.message, (seq, at, again) => {
      dc09.transmissions++
      if (again) dc09.retransmissions++
      else dc09.sent[job.what]++
      if (job.entry === undefined) return
      // After a NAK the message goes again with a new timestamp, so Flare's alert id for it changes.
      job.entry.seq = Number(seq)
      job.entry.alertId = expectedAlertId(job.message, seq, at)
      recorder.published(job.entry, nowMs())
    })
    dc09.naks += o.naks
    if (o.result === 'ack') {
      dc09.acked[job.what]++
      dc09.sendToAckMs.push(o.repliedAtMs! - o.firstSentAtMs!)
      if (job.entry !== undefined) recorder.pubacked(job.entry, o.repliedAtMs!)
      if (job.what === 'alarms') this.restoreLater(job)
    } else if (o.result === 'duh') {
      dc09.duh++
      if (job.entry !== undefined) recorder.acked(job.entry, { status: 'REJECTED', atMs: o.repliedAtMs!, reasonCode: 'DUH' })
    } else if (o.result === 'nak') {
      dc09.gaveUp++
    }
  }

  private restoreLater (alarm: Job): void {
    const [min, max] = this.env.panel.restoreMs
    this.restoresDue++
    const timer = setTimeout(() => {
      this.timers.delete(timer)
      this.restoresDue--
      this.enqueue({ what: 'restores', message: contactId(this.spec.account, alarm.code!, { restore: true, zone: alarm.zone }) })
    }, this.env.rng.between(min, max))
    this.timers.add(timer)
  }
}
