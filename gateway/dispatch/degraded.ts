import { randomUUID } from 'node:crypto'
import type { Logger } from 'pino'
import type { ClientPrincipal } from '../../broker/acl.js'
import { encode, type AlertKindName, type Codec, type DispatchMessage, type ReplyResultMessage, type ResponderReplyMessage } from '../codec/wire.js'
import type { DispatchPolicy } from '../rules/types.js'
import type { Publish } from '../storage/outbox.js'
import type { Roster, RosterEntry } from './roster.js'
import { deviceNews, type DeviceNews } from './device-news.js'
import type { LiveEvent } from '../events/emit.js'
import type { IncidentState } from '../incidents/state-machine.js'

/** A provisional incident opened while PostgreSQL is away, as degraded dispatch sees it. */
export interface ProvisionalIncident {
  /** the provisional number (P-…), also the incident id in offers until the replay */
  number: string
  deviceId: string
  deviceCodec: Codec
  alertId: string
  kind: AlertKindName
  category: string
  priority: number
  lat: number
  lon: number
  triggeredAt: number
  zoneId: string | null
  policy: DispatchPolicy
}

/** What degraded dispatch journals, so the replay can bring PostgreSQL to the same state. */
export type DispatchRecord =
  | { type: 'offer', provisional: string, offerId: string, responderId: string, at: number }
  | { type: 'reply', provisional: string, offerId: string, responderId: string, action: 'ACCEPT' | 'DECLINE' | 'EN_ROUTE' | 'ON_SCENE' | 'RESOLVED', at: number, etaS?: number }

interface Offer { id: string, responderId: string, state: 'pending' | 'accepted' | 'declined' | 'expired' | 'withdrawn', timer?: NodeJS.Timeout }

interface Open {
  incident: ProvisionalIncident
  /** where the provisional incident is in its lifecycle, as this node saw it */
  state: IncidentState
  offers: Map<string, Offer>
  /** everyone offered so far: a decline or expiry moves on to someone new */
  asked: Set<string>
  assigned?: string
}

export interface DegradedDispatchDeps {
  roster: Roster
  publish: Publish
  /** durable before the message it records goes out */
  journal: (record: DispatchRecord) => Promise<void>
  /** this node's dashboards see the provisional incident move */
  live?: (event: LiveEvent) => void
  log: Logger
}

/**
 * Dispatch while PostgreSQL is away, from the node's own view (the roster): offers to the nearest
 * fitting responders, expiry and the next candidate, the first accept wins (in this process: one
 * node's alerts are dispatched by that node), the device hears "help is coming", and each step is
 * journaled before it is sent. After the replay, PostgreSQL takes over: the replay assigns the
 * incident to whoever accepted here. What this does not do: re-send offers (the broker's session
 * queue carries them), escalate to zones, notify contacts, or arbitrate between two degraded nodes.
 */
export class DegradedDispatch {
  private readonly open = new Map<string, Open>()
  private readonly offerToIncident = new Map<string, string>()

  constructor (private readonly d: DegradedDispatchDeps) {}

  owns (offerId: string | undefined): boolean {
    return offerId !== undefined && this.offerToIncident.has(offerId)
  }

  /** Offers that were made here, by provisional incident: what the replay must bring into PostgreSQL. */
  get incidents (): number {
    return this.open.size
  }

  async opened (incident: ProvisionalIncident): Promise<void> {
    const o: Open = { incident, state: 'NEW', offers: new Map(), asked: new Set() }
    this.open.set(incident.number, o)
    await this.offerMore(o, incident.policy.count)
  }

  /** Forgets everything: the replay has put it into PostgreSQL, which is in charge again. */
  clear (): void {
    for (const o of this.open.values()) for (const offer of o.offers.values()) clearTimeout(offer.timer)
    this.open.clear()
    this.offerToIncident.clear()
  }

  async reply (p: ClientPrincipal, reply: ResponderReplyMessage): Promise<void> {
    const number = this.offerToIncident.get(reply.offerId ?? '')
    const o = number === undefined ? undefined : this.open.get(number)
    const offer = o?.offers.get(reply.offerId ?? '')
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
      // First accept wins: decided here, synchronously, before anything is awaited.
      o.assigned = p.id
      offer.state = 'accepted'
      clearTimeout(offer.timer)
      await this.d.journal({ type: 'reply', provisional: o.incident.number, offerId: offer.id, responderId: p.id, action, at: Date.now() })
      this.d.roster.setStatus(p.id, 'busy')
      await this.toResponder(p.id, { result: result({ ok: true }) })
      for (const other of o.offers.values()) {
        if (other.state !== 'pending') continue
        other.state = 'withdrawn'
        clearTimeout(other.timer)
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
      clearTimeout(offer.timer)
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

  private moved (o: Open, from: IncidentState, to: IncidentState, responderId: string): void {
    o.state = to
    const i = o.incident
    this.d.live?.({
      type: 'incident.transition',
      at: new Date().toISOString(),
      incident: { id: i.number, number: i.number, state: to, priority: i.priority, category: i.category, kind: i.kind, zoneId: i.zoneId, lat: i.lat, lon: i.lon, assignedResponderId: o.assigned ?? null },
      from,
      to,
      actor: `responder:${responderId}`,
      reason: 'while the database is away'
    })
  }

  /** Up to `count` more of the nearest fitting responders nobody has asked yet. */
  private async offerMore (o: Open, count: number): Promise<void> {
    if (o.assigned !== undefined) return
    const { policy } = o.incident
    const candidates = this.d.roster.nearest(o.incident.lat, o.incident.lon, policy.roles, policy.radiusM, o.asked).slice(0, count)
    if (candidates.length === 0 && [...o.offers.values()].every(x => x.state !== 'pending')) {
      this.d.log.warn({ incident: o.incident.number }, 'degraded dispatch: no fitting responder left in the roster; the replay dispatches again')
    }
    for (const r of candidates) await this.offer(o, r)
  }

  private async offer (o: Open, r: RosterEntry): Promise<void> {
    const id = randomUUID()
    o.asked.add(r.id)
    const offer: Offer = { id, responderId: r.id, state: 'pending' }
    o.offers.set(id, offer)
    this.offerToIncident.set(id, o.incident.number)
    await this.d.journal({ type: 'offer', provisional: o.incident.number, offerId: id, responderId: r.id, at: Date.now() })
    const timeoutMs = o.incident.policy.offerTimeoutS * 1000
    const i = o.incident
    await this.toResponder(r.id, {
      offer: {
        offerId: id,
        incidentId: i.number,
        incidentNumber: i.number,
        kind: i.kind,
        category: i.category,
        priority: i.priority,
        location: { lat: i.lat, lon: i.lon },
        expiresAtMs: Date.now() + timeoutMs,
        triggeredAtMs: i.triggeredAt,
        deviceId: i.deviceId,
        zoneId: i.zoneId ?? undefined,
        attempt: 1
      }
    }, r.codec)
    offer.timer = setTimeout(() => { void this.expire(o, offer) }, timeoutMs)
    offer.timer.unref()
  }

  private async expire (o: Open, offer: Offer): Promise<void> {
    if (offer.state !== 'pending') return
    offer.state = 'expired'
    try {
      await this.toResponder(offer.responderId, { withdrawn: { offerId: offer.id, incidentId: o.incident.number, reason: 'expired' } })
      await this.offerMore(o, 1)
    } catch (err) {
      this.d.log.warn({ err, incident: o.incident.number }, 'degraded dispatch: moving on after an expired offer failed')
    }
  }

  private async toResponder (responderId: string, msg: DispatchMessage, codec?: Codec): Promise<void> {
    await this.d.publish(`dispatch/${responderId}`, encode('DispatchMessage', msg, codec ?? this.d.roster.get(responderId)?.codec ?? 'json'), 1)
  }

  private async toDevice (o: Open, ack: DeviceNews): Promise<void> {
    const i = o.incident
    await this.d.publish(`dev/${i.deviceId}/ack`, encode('AlertAck', { alertId: i.alertId, incidentNumber: i.number, ...ack }, i.deviceCodec), 1)
  }
}
