// Builds the run log as things happen and keeps the live counters for the progress line.
import type { DispatchOfferMessage } from '../../gateway/codec/wire.js'
import { RecentSamples } from '../stats.js'
import type { AckRecord, AlertLogEntry, FloodLog, OfferLogEntry, ReplyLogEntry, RunLog } from './run-log.js'

export interface LiveCounters {
  pressed: number
  malformed: number
  published: number
  pubacked: number
  /** alerts answered with ACCEPTED, DUPLICATE or REJECTED (first answer per alert) */
  acked: number
  offers: number
  accepts: number
}

const key = (deviceId: string, alertId: string): string => `${deviceId}\n${alertId}`

export class Recorder {
  readonly live: LiveCounters = { pressed: 0, malformed: 0, published: 0, pubacked: 0, acked: 0, offers: 0, accepts: 0 }
  /** recent press→PUBACK latencies: the progress line's "current p99" */
  readonly recentPuback = new RecentSamples(2048)
  private readonly alerts = new Map<string, AlertLogEntry>()
  private readonly offers = new Map<string, OfferLogEntry>()
  private readonly replies = new Map<string, ReplyLogEntry>()

  constructor (readonly log: RunLog) {}

  pressed (e: AlertLogEntry): void {
    this.log.alerts.push(e)
    this.alerts.set(key(e.deviceId, e.alertId), e)
    if (e.malformed === undefined) this.live.pressed++
    else this.live.malformed++
  }

  alert (deviceId: string, alertId: string): AlertLogEntry | undefined {
    return this.alerts.get(key(deviceId, alertId))
  }

  published (e: AlertLogEntry, atMs: number): void {
    e.publishes++
    e.firstPublishAtMs ??= atMs
    this.live.published++
  }

  pubacked (e: AlertLogEntry, atMs: number): void {
    if (e.pubackAtMs !== undefined) return
    e.pubackAtMs = atMs
    this.live.pubacked++
    if (!e.buffered && e.malformed === undefined) this.recentPuback.add(atMs - e.pressedAtMs)
  }

  acked (e: AlertLogEntry, ack: AckRecord): void {
    if (e.acks.length === 0) this.live.acked++
    e.acks.push(ack)
  }

  /** The run's flood record, created by the first flooder or frozen responder. */
  flood (): FloodLog {
    this.log.flood ??= { flooders: [], frozen: [], qos0Sent: 0, qos1Sent: 0, qos1Acked: 0, repeatAcks: 0 }
    return this.log.flood
  }

  update (): void {
    this.log.updates++
  }

  unmatchedAck (): void {
    this.log.unmatchedAcks++
  }

  /** Returns the entry and whether this is the first copy of the offer. */
  offer (responderId: string, o: DispatchOfferMessage, atMs: number): { entry: OfferLogEntry, first: boolean } {
    const offerId = o.offerId ?? ''
    const known = this.offers.get(offerId)
    if (known !== undefined) {
      known.copies++
      return { entry: known, first: false }
    }
    const entry: OfferLogEntry = {
      offerId, incidentId: o.incidentId ?? '', incidentNumber: o.incidentNumber ?? '', responderId, deviceId: o.deviceId, receivedAtMs: atMs, copies: 1
    }
    this.offers.set(offerId, entry)
    this.log.offers.push(entry)
    this.live.offers++
    return { entry, first: true }
  }

  withdrawn (offerId: string, reason: string): void {
    const o = this.offers.get(offerId)
    if (o !== undefined) o.withdrawnReason = reason
  }

  replySent (r: ReplyLogEntry): void {
    this.replies.set(r.replyId, r)
    this.log.replies.push(r)
  }

  replyResult (replyId: string, ok: boolean, reason: string | undefined, atMs: number): ReplyLogEntry | undefined {
    const r = this.replies.get(replyId)
    if (r === undefined || r.resultAtMs !== undefined) return undefined
    r.resultAtMs = atMs
    r.ok = ok
    if (reason !== undefined && reason !== '') r.reason = reason
    if (ok && r.action === 'ACCEPT') this.live.accepts++
    return r
  }
}
