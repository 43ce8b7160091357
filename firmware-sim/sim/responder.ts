// One simulated responder's app: listens on dispatch/{id}, answers an offer after a think time
// (accepting with the configured probability when free), then drives to the incident sending
// location updates, and reports EN_ROUTE, ON_SCENE and RESOLVED. Replies are retried with the same
// replyId until Flare's ReplyResult arrives (Flare answers repeats without re-applying them).
import { randomUUID } from 'node:crypto'
import type { MqttClient } from 'mqtt'
import type { DispatchOfferMessage } from '../../gateway/codec/wire.js'
import { nowMs } from '../clock.js'
import type { FleetResponder } from '../fleet.js'
import { distanceM, moveToward, type Point } from '../geo.js'
import { decodeDispatch, encodeLocation, encodeReply, type Reply } from '../payloads.js'
import type { Rng } from '../random.js'
import type { ResponderBehaviour } from './behaviour.js'
import { closeQuietly, connectMqtt, subscribe } from './connection.js'
import type { Recorder } from './recorder.js'
import type { ReplyLogEntry } from './run-log.js'

export interface ResponderEnv {
  url: string
  behaviour: ResponderBehaviour
  recorder: Recorder
  rng: Rng
  keepaliveS: number
}

interface Trip { incidentId: string, target: Point, startedAtMs: number, timer?: NodeJS.Timeout }

export class SimResponder {
  private client: MqttClient | undefined
  private stopped = false
  /** the app hangs: its connection is not read (and not re-made if it drops) until thaw() */
  private frozen = false
  private position: Point
  /** thinking about an offer, or busy with an incident: further offers are declined */
  private engaged: string | undefined
  private trip: Trip | undefined
  private readonly thinking = new Map<string, NodeJS.Timeout>()
  private readonly answered = new Set<string>()
  private readonly waiting = new Map<string, { reply: Reply, logged: ReplyLogEntry, timer?: NodeJS.Timeout }>()

  constructor (readonly spec: FleetResponder, private readonly env: ResponderEnv) {
    this.position = { lat: spec.lat, lon: spec.lon }
  }

  async start (): Promise<void> {
    const client = await connectMqtt(this.env.url, this.spec, { keepaliveS: this.env.keepaliveS, clean: false })
    this.client = client
    client.on('message', (_t, payload) => this.onMessage(payload))
    client.on('close', () => this.onClose(client))
    const granted = await subscribe(client, `dispatch/${this.spec.id}`, 1)
    if (granted === 128) throw new Error(`${this.spec.id}: the dispatch subscription was refused`)
    this.env.recorder.log.connections.connects++
    // Ask for offers still pending from before we (re)connected: Flare re-sends them.
    client.publish(`resp/${this.spec.id}/sync`, Buffer.alloc(0), { qos: 1 })
  }

  /** The app hangs: it stays subscribed but stops reading, so what Flare sends it piles up. */
  freeze (): void {
    if (this.frozen) return
    this.frozen = true
    const record = this.env.recorder.flood()
    record.frozen.push(this.spec.id)
    const stream = this.client?.stream
    stream?.unpipe()
    stream?.pause()
  }

  /** ...and is restarted: a new connection, which asks for the pending offers (sync). */
  thaw (): void {
    if (!this.frozen) return
    this.frozen = false
    const c = this.client
    this.client = undefined
    if (c !== undefined) {
      this.env.recorder.log.connections.plannedDrops++
      c.end(true)
    }
    this.comeBack()
  }

  /** Like the app on a phone: come back after a lost connection, and ask for what was missed. */
  private onClose (client: MqttClient): void {
    if (this.stopped || client !== this.client) return
    this.client = undefined
    this.env.recorder.log.connections.unplannedDrops++
    if (!this.frozen) this.comeBack()
  }

  private comeBack (): void {
    const retry = (): void => {
      if (this.stopped || this.frozen) return
      this.start().catch(() => {
        this.env.recorder.log.connections.connectFailures++
        setTimeout(retry, 2000)
      })
    }
    setTimeout(retry, 1000)
  }

  async stop (): Promise<void> {
    this.stopped = true
    for (const t of this.thinking.values()) clearTimeout(t)
    for (const w of this.waiting.values()) clearTimeout(w.timer)
    clearTimeout(this.trip?.timer)
    if (this.client !== undefined) await closeQuietly(this.client)
  }

  private onMessage (payload: Buffer): void {
    if (this.stopped) return
    const msg = decodeDispatch(payload, this.spec.codec)
    if (msg === undefined) { this.env.recorder.log.warnings.push(`${this.spec.id}: undecodable dispatch message`); return }
    if (msg.offer !== undefined) this.onOffer(msg.offer)
    else if (msg.withdrawn !== undefined) this.onWithdrawn(msg.withdrawn.offerId ?? '', msg.withdrawn.reason ?? '')
    else if (msg.result !== undefined) this.onResult(msg.result.replyId ?? '', msg.result.ok === true, msg.result.reason)
  }

  private onOffer (offer: DispatchOfferMessage): void {
    const offerId = offer.offerId ?? ''
    const { first } = this.env.recorder.offer(this.spec.id, offer, nowMs())
    // A re-send of an offer already being considered or answered: the reply (or its retry) covers it.
    if (!first || this.thinking.has(offerId) || this.answered.has(offerId)) return
    const incidentId = offer.incidentId ?? ''
    if (this.engaged !== undefined) {
      this.answer({ action: 'DECLINE', offerId, incidentId, reason: 'busy' })
      return
    }
    this.engaged = offerId
    const [min, max] = this.env.behaviour.thinkMs
    this.thinking.set(offerId, setTimeout(() => {
      this.thinking.delete(offerId)
      if (this.stopped) return
      if (this.env.rng.chance(this.env.behaviour.acceptProbability)) {
        const loc = offer.location
        // An incident without a position (Flare dispatches those only by hand) is "here".
        const target = loc?.lat !== undefined && loc.lon !== undefined ? { lat: loc.lat, lon: loc.lon } : { ...this.position }
        this.trip = { incidentId, target, startedAtMs: 0 }
        this.answer({ action: 'ACCEPT', offerId, incidentId })
      } else {
        this.engaged = undefined
        this.answer({ action: 'DECLINE', offerId, incidentId, reason: 'not now' })
      }
    }, this.env.rng.between(min, max)))
  }

  private onWithdrawn (offerId: string, reason: string): void {
    this.env.recorder.withdrawn(offerId, reason)
    const t = this.thinking.get(offerId)
    if (t !== undefined) {
      clearTimeout(t)
      this.thinking.delete(offerId)
      if (this.engaged === offerId) this.engaged = undefined
    }
  }

  private onResult (replyId: string, ok: boolean, reason: string | undefined): void {
    const w = this.waiting.get(replyId)
    this.env.recorder.replyResult(replyId, ok, reason, nowMs())
    if (w === undefined) return
    clearTimeout(w.timer)
    this.waiting.delete(replyId)
    const { action, incidentId } = w.reply
    if (action === 'ACCEPT') {
      if (ok && this.trip !== undefined) this.setOff()
      else this.endIncident() // taken by someone faster, or the offer ran out
    } else if (!ok && action !== 'DECLINE') {
      this.endIncident() // Flare refused a transition (e.g. a dispatcher cancelled): give up on it
    } else if (action === 'ON_SCENE') {
      this.later(this.env.behaviour.onSceneMs, () => this.answer({ action: 'RESOLVED', incidentId }))
    } else if (action === 'RESOLVED') {
      this.endIncident()
    }
  }

  /** EN_ROUTE with an ETA, then a location update every locationEveryMs until there (or the trip is cut short). */
  private setOff (): void {
    const trip = this.trip!
    const b = this.env.behaviour
    trip.startedAtMs = nowMs()
    const etaS = b.speedMps > 0 ? Math.min(distanceM(this.position, trip.target) / b.speedMps, b.maxTravelMs / 1000) : b.maxTravelMs / 1000
    this.answer({ action: 'EN_ROUTE', incidentId: trip.incidentId, etaS: Math.max(1, etaS) })
    const step = (): void => {
      if (this.stopped || this.trip !== trip) return
      this.position = moveToward(this.position, trip.target, (b.speedMps * b.locationEveryMs) / 1000)
      this.client?.publish(`resp/${this.spec.id}/location`, encodeLocation(this.position, this.spec.codec, nowMs()), { qos: 0 })
      const arrived = distanceM(this.position, trip.target) < 1 || nowMs() - trip.startedAtMs >= b.maxTravelMs
      if (arrived) {
        this.position = { ...trip.target }
        this.answer({ action: 'ON_SCENE', incidentId: trip.incidentId })
      } else {
        this.later(b.locationEveryMs, step, trip)
      }
    }
    this.later(b.locationEveryMs, step, trip)
  }

  private later (ms: number, fn: () => void, trip = this.trip): void {
    if (trip === undefined) return
    clearTimeout(trip.timer)
    trip.timer = setTimeout(() => { if (!this.stopped) fn() }, ms)
  }

  private endIncident (): void {
    clearTimeout(this.trip?.timer)
    this.trip = undefined
    this.engaged = undefined
  }

  private answer (r: Omit<Reply, 'replyId'>): void {
    const reply: Reply = { replyId: randomUUID(), ...r }
    if (r.offerId !== undefined && (r.action === 'ACCEPT' || r.action === 'DECLINE')) this.answered.add(r.offerId)
    const logged: ReplyLogEntry = {
      responderId: this.spec.id, replyId: reply.replyId, action: reply.action, offerId: reply.offerId, incidentId: reply.incidentId, sentAtMs: nowMs(), sends: 0
    }
    this.env.recorder.replySent(logged)
    const w = { reply, logged }
    this.waiting.set(reply.replyId, w)
    this.send(w)
  }

  private send (w: { reply: Reply, logged: ReplyLogEntry, timer?: NodeJS.Timeout }): void {
    if (this.stopped || !this.waiting.has(w.reply.replyId)) return
    w.logged.sends++
    this.client?.publish(`resp/${this.spec.id}/reply`, encodeReply(w.reply, this.spec.codec, nowMs()), { qos: 1 })
    w.timer = setTimeout(() => this.send(w), this.env.behaviour.replyTimeoutMs)
  }
}
