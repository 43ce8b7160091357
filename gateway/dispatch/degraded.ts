import { randomUUID } from 'node:crypto'
import type { Logger } from 'pino'
import type { ClientPrincipal } from '../../broker/acl.js'
import { encode, type DispatchMessage, type ReplyResultMessage, type ResponderReplyMessage } from '../codec/wire.js'
import type { Publish } from '../storage/outbox.js'
import type { Roster, RosterEntry } from './roster.js'
import { offerMessage, transitionEvent } from './degraded-messages.js'
import type { DegradedOffer, DispatchRecord, OpenIncident, ProvisionalIncident } from './degraded-types.js'
import { deviceNews, type DeviceNews } from './device-news.js'
import { RESEND_FIRST_S } from './offers.js'
import type { DegradedPeers, ForwardedReply } from './degraded-peers.js'
import type { LiveEvent } from '../events/emit.js'
import type { IncidentState } from '../incidents/state-machine.js'

export type { DispatchRecord, ProvisionalIncident } from './degraded-types.js'

export interface DegradedDispatchDeps {
  roster: Roster
  /** the other nodes: who made an offer, who accepted first (LocalPeers on a single node) */
  peers: DegradedPeers
  publish: Publish
  /** durable before the message it records goes out */
  journal: (record: DispatchRecord) => Promise<void>
  /** this node's dashboards see the provisional incident move */
  live?: (event: LiveEvent) => void
  log: Logger
}

/**
 * Dispatch while PostgreSQL is away, from the node's own view (the roster): offers to the nearest
 * fitting responders, re-sends of offers not yet delivered, expiry and the next candidate, the
 * first accept wins, the device hears "help is coming", and each step is journaled before it is
 * sent. One node's provisional incidents are dispatched by that node: a reply that comes in on
 * another node is forwarded here (peers), and the first accept is decided by the peers (in process
 * on one node, in Redis in cluster mode). After the replay, PostgreSQL takes over: the replay adopts
 * the offers made here under their ids and assigns the incident to whoever accepted here. What this
 * does not do: escalate to zones or widen the radius, or notify contacts (those wait for
 * PostgreSQL's own dispatch after the replay).
 */
export class DegradedDispatch {
  private readonly open = new Map<string, OpenIncident>()
  private readonly offerToIncident = new Map<string, string>()

  constructor (private readonly d: DegradedDispatchDeps) {}

  /** The reply is to an offer made here, or names a provisional incident opened here. */
  owns (reply: ResponderReplyMessage): boolean {
    return (reply.offerId !== undefined && this.offerToIncident.has(reply.offerId)) ||
      (reply.incidentId !== undefined && this.open.has(reply.incidentId))
  }

  /**
   * A reply to an offer another node made while degraded goes to that node; false when no other
   * node made it (PostgreSQL's dispatch answers it then).
   */
  async forward (p: ClientPrincipal, reply: ResponderReplyMessage): Promise<boolean> {
    if (reply.offerId === undefined || reply.offerId === '') return false
    const owner = await this.d.peers.ownerOf(reply.offerId).catch((err) => {
      this.d.log.warn({ err }, 'degraded dispatch: could not ask the other nodes who made an offer')
      return undefined
    })
    if (owner === undefined) return false
    try {
      await this.d.peers.forward(owner, { responderId: p.id, codec: p.codec ?? 'json', reply })
    } catch (err) {
      this.d.log.warn({ err, owner, offerId: reply.offerId }, 'degraded dispatch: a reply could not be forwarded to the node that made the offer')
      await this.toResponder(p.id, { result: { replyId: reply.replyId, offerId: reply.offerId, ok: false, reason: 'the node that made this offer cannot be reached; its offers come again from PostgreSQL' } })
    }
    return true
  }

  /** A reply another node forwarded: the responder's session is there, the offer was made here. */
  async forwarded (r: ForwardedReply): Promise<void> {
    await this.reply({ kind: 'responder', id: r.responderId, codec: r.codec }, r.reply)
  }

  /** The responder's client acknowledged the offer; false when it was not one of these. */
  delivered (offerId: string): boolean {
    const number = this.offerToIncident.get(offerId)
    const offer = number === undefined ? undefined : this.open.get(number)?.offers.get(offerId)
    if (offer === undefined) return false
    offer.delivered = true
    clearTimeout(offer.resend)
    return true
  }

  /** resp/{id}/sync while degraded: the responder's pending offers made here, sent again. */
  async sync (responderId: string): Promise<number> {
    let n = 0
    for (const o of this.open.values()) {
      for (const offer of o.offers.values()) {
        if (offer.responderId !== responderId || offer.state !== 'pending') continue
        offer.attempt++
        await this.sendOffer(o, offer)
        n++
      }
    }
    return n
  }

  /** Offers that were made here, by provisional incident: what the replay must bring into PostgreSQL. */
  get incidents (): number {
    return this.open.size
  }

  async opened (incident: ProvisionalIncident): Promise<void> {
    const o: OpenIncident = { incident, state: 'NEW', offers: new Map(), asked: new Set() }
    this.open.set(incident.number, o)
    await this.offerMore(o, incident.policy.count)
  }

  /**
   * The replay wrote these offers into PostgreSQL: its timers re-send and expire them from now on,
   * so this node's stop (replies to them still come here until the hand-over, and are journaled).
   */
  adopted (offerIds: string[]): void {
    for (const id of offerIds) {
      const offer = this.open.get(this.offerToIncident.get(id) ?? '')?.offers.get(id)
      if (offer !== undefined) stopTimers(offer)
    }
  }

  /**
   * The replay has put everything into PostgreSQL, which is in charge again: the offers it adopted
   * are its own now; each other offer still pending here (its incident went into one PostgreSQL
   * had already, which keeps its own dispatch) is withdrawn (`replaced`), so a responder's app does
   * not keep one that no node would answer any more. Then forgets.
   */
  async handOver (adopted: ReadonlySet<string> = new Set()): Promise<void> {
    const pending = [...this.open.values()].flatMap(o => [...o.offers.values()].filter(x => x.state === 'pending' && !adopted.has(x.id)).map(offer => ({ o, offer })))
    this.clear()
    // One at a time (a long outage leaves thousands), and only until the node stops or a publish
    // fails (the broker is closing): then the rest are not withdrawn, and the log line says how many.
    const generation = this.generation
    let withdrawn = 0
    for (const { o, offer } of pending) {
      if (this.generation !== generation) break
      try {
        await this.toResponder(offer.responderId, { withdrawn: { offerId: offer.id, incidentId: o.incident.number, reason: 'replaced' } })
        withdrawn++
      } catch (err) {
        this.d.log.warn({ err, withdrawn, pending: pending.length }, 'degraded dispatch: withdrawing the replaced offers failed; the rest were not withdrawn')
        break
      }
    }
  }

  /** bumped by every clear(): a hand-over still withdrawing stops when the node stops */
  private generation = 0

  /** Forgets everything (at the hand-over, and when the node stops: the journal keeps what matters). */
  clear (): void {
    this.generation++
    for (const o of this.open.values()) for (const offer of o.offers.values()) stopTimers(offer)
    this.open.clear()
    this.offerToIncident.clear()
  }

  async reply (p: ClientPrincipal, reply: ResponderReplyMessage): Promise<void> {
    const number = this.offerToIncident.get(reply.offerId ?? '') ?? reply.incidentId
    const o = number === undefined ? undefined : this.open.get(number)
    // The trip's replies may name only the incident: they belong to the accepted offer.
    const offer = o?.offers.get(reply.offerId ?? '') ?? [...(o?.offers.values() ?? [])].find(x => x.state === 'accepted' && x.responderId === p.id)
    const result = (r: Omit<ReplyResultMessage, 'replyId' | 'offerId' | 'incidentId'>): ReplyResultMessage =>
      ({ replyId: reply.replyId, offerId: reply.offerId, incidentId: number, ...r })
    if (o === undefined || offer === undefined || offer.responderId !== p.id) {
      await this.toResponder(p.id, { result: result({ ok: false, reason: 'this offer is not yours' }) })
      return
    }
    const action = reply.action
    if (action !== 'ACCEPT' && action !== 'DECLINE' && action !== 'EN_ROUTE' && action !== 'ON_SCENE' && action !== 'RESOLVED') {
      await this.toResponder(p.id, { result: result({ ok: false, reason: `unknown action ${String(action)}` }) })
      return
    }
    if (action === 'ACCEPT') {
      if (offer.state === 'accepted') { await this.toResponder(p.id, { result: result({ ok: true }) }); return }
      if (o.assigned !== undefined || offer.state !== 'pending') {
        await this.toResponder(p.id, { result: result({ ok: false, reason: o.assigned !== undefined ? 'taken' : `offer ${offer.state}` }) })
        return
      }
      // First accept wins: held here synchronously before anything is awaited, then agreed with the peers.
      o.assigned = p.id
      const claimed = await this.d.peers.claim(o.incident.number, p.id).catch((err) => {
        this.d.log.warn({ err, incident: o.incident.number }, 'degraded dispatch: the first accept could not be agreed with the other nodes')
        return undefined
      })
      if (claimed !== true) {
        o.assigned = undefined
        await this.toResponder(p.id, { result: result({ ok: false, reason: claimed === false ? 'taken' : 'cannot be decided now; try again' }) })
        return
      }
      offer.state = 'accepted'
      stopTimers(offer)
      await this.d.journal({ type: 'reply', provisional: o.incident.number, offerId: offer.id, responderId: p.id, action, at: Date.now() })
      this.d.roster.setStatus(p.id, 'busy')
      await this.toResponder(p.id, { result: result({ ok: true }) })
      for (const other of o.offers.values()) {
        if (other.state !== 'pending') continue
        other.state = 'withdrawn'
        stopTimers(other)
        await this.toResponder(other.responderId, { withdrawn: { offerId: other.id, incidentId: o.incident.number, reason: 'taken' } })
      }
      const name = this.d.roster.get(p.id)?.name ?? p.id
      this.moved(o, 'NEW', 'ASSIGNED', p.id)
      await this.toDevice(o, deviceNews.accepted(name))
      return
    }
    if (action === 'DECLINE') {
      if (offer.state !== 'pending') { await this.toResponder(p.id, { result: result({ ok: offer.state === 'declined' }) }); return }
      offer.state = 'declined'
      stopTimers(offer)
      await this.d.journal({ type: 'reply', provisional: o.incident.number, offerId: offer.id, responderId: p.id, action, at: Date.now() })
      await this.toResponder(p.id, { result: result({ ok: true }) })
      await this.offerMore(o, 1)
      return
    }
    if (o.assigned !== p.id) {
      await this.toResponder(p.id, { result: result({ ok: false, reason: 'not assigned to you' }) })
      return
    }
    await this.d.journal({ type: 'reply', provisional: o.incident.number, offerId: offer.id, responderId: p.id, action, at: Date.now(), etaS: reply.etaS })
    await this.toResponder(p.id, { result: result({ ok: true }) })
    const from = o.state
    this.moved(o, from, action, p.id)
    const name = this.d.roster.get(p.id)?.name ?? p.id
    if (action === 'EN_ROUTE') {
      await this.toDevice(o, deviceNews.enRoute(name, reply.etaS))
    } else if (action === 'ON_SCENE') {
      await this.toDevice(o, deviceNews.onScene(name))
    } else {
      this.d.roster.setStatus(p.id, 'available')
      await this.toDevice(o, deviceNews.resolved(name))
    }
  }

  private moved (o: OpenIncident, from: IncidentState, to: IncidentState, responderId: string): void {
    o.state = to
    this.d.live?.(transitionEvent(o, from, to, responderId))
  }

  /** Up to `count` more of the nearest fitting responders nobody has asked yet. */
  private async offerMore (o: OpenIncident, count: number): Promise<void> {
    if (o.assigned !== undefined) return
    const { policy } = o.incident
    const candidates = this.d.roster.nearest(o.incident.lat, o.incident.lon, policy.roles, policy.radiusM, o.asked).slice(0, count)
    if (candidates.length === 0 && [...o.offers.values()].every(x => x.state !== 'pending')) {
      this.d.log.warn({ incident: o.incident.number }, 'degraded dispatch: no fitting responder left in the roster; the replay dispatches again')
    }
    for (const r of candidates) await this.offer(o, r)
  }

  private async offer (o: OpenIncident, r: RosterEntry & { distanceM: number }): Promise<void> {
    const id = randomUUID()
    o.asked.add(r.id)
    const timeoutMs = o.incident.policy.offerTimeoutS * 1000
    const offer: DegradedOffer = { id, responderId: r.id, state: 'pending', expiresAt: Date.now() + timeoutMs, attempt: 1, delivered: false }
    o.offers.set(id, offer)
    this.offerToIncident.set(id, o.incident.number)
    await this.d.journal({ type: 'offer', provisional: o.incident.number, offerId: id, responderId: r.id, at: Date.now(), distanceM: Math.round(r.distanceM) })
    await this.d.peers.offered(id).catch((err) => this.d.log.warn({ err, offerId: id }, 'degraded dispatch: other nodes were not told of the offer; a reply on them is answered from PostgreSQL'))
    await this.sendOffer(o, offer)
    offer.expiry = setTimeout(() => { void this.expire(o, offer) }, timeoutMs)
    offer.expiry.unref()
    this.resendLater(o, offer, RESEND_FIRST_S)
  }

  private async sendOffer (o: OpenIncident, offer: DegradedOffer): Promise<void> {
    await this.toResponder(offer.responderId, { offer: offerMessage(o.incident, offer) })
  }

  /**
   * The same doubling backoff as PostgreSQL's dispatch (5, 15, 35 … s) while the offer is pending,
   * not acknowledged by the responder's client, and has time left.
   */
  private resendLater (o: OpenIncident, offer: DegradedOffer, delayS: number): void {
    if (Date.now() + delayS * 1000 >= offer.expiresAt) return
    offer.resend = setTimeout(() => {
      if (offer.state !== 'pending' || offer.delivered) return
      offer.attempt++
      this.sendOffer(o, offer)
        .catch((err) => this.d.log.warn({ err, offerId: offer.id }, 'degraded dispatch: an offer re-send failed'))
        .finally(() => { this.resendLater(o, offer, delayS * 2) })
    }, delayS * 1000)
    offer.resend.unref()
  }

  private async expire (o: OpenIncident, offer: DegradedOffer): Promise<void> {
    if (offer.state !== 'pending') return
    offer.state = 'expired'
    clearTimeout(offer.resend)
    try {
      await this.toResponder(offer.responderId, { withdrawn: { offerId: offer.id, incidentId: o.incident.number, reason: 'expired' } })
      await this.offerMore(o, 1)
    } catch (err) {
      this.d.log.warn({ err, incident: o.incident.number }, 'degraded dispatch: moving on after an expired offer failed')
    }
  }

  private async toResponder (responderId: string, msg: DispatchMessage): Promise<void> {
    await this.d.publish(`dispatch/${responderId}`, encode('DispatchMessage', msg, this.d.roster.get(responderId)?.codec ?? 'json'), 1)
  }

  private async toDevice (o: OpenIncident, ack: DeviceNews): Promise<void> {
    const i = o.incident
    await this.d.publish(`dev/${i.deviceId}/ack`, encode('AlertAck', { alertId: i.alertId, incidentNumber: i.number, ...ack }, i.deviceCodec), 1)
  }
}

function stopTimers (offer: DegradedOffer): void {
  clearTimeout(offer.expiry)
  clearTimeout(offer.resend)
}
