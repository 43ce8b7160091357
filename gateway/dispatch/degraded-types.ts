import type { AlertKindName, Codec } from '../codec/wire.js'
import type { IncidentState } from '../incidents/state-machine.js'
import type { DispatchPolicy } from '../rules/types.js'

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
  | { type: 'offer', provisional: string, offerId: string, responderId: string, at: number, distanceM?: number }
  | { type: 'reply', provisional: string, offerId: string, responderId: string, action: 'ACCEPT' | 'DECLINE' | 'EN_ROUTE' | 'ON_SCENE' | 'RESOLVED', at: number, etaS?: number }

export interface DegradedOffer {
  id: string
  responderId: string
  state: 'pending' | 'accepted' | 'declined' | 'expired' | 'withdrawn'
  expiresAt: number
  attempt: number
  /** the responder's client acknowledged it (persistent sessions only): no more re-sends */
  delivered: boolean
  expiry?: NodeJS.Timeout
  resend?: NodeJS.Timeout
}

export interface OpenIncident {
  incident: ProvisionalIncident
  /** where the provisional incident is in its lifecycle, as this node saw it */
  state: IncidentState
  offers: Map<string, DegradedOffer>
  /** everyone offered so far: a decline or expiry moves on to someone new */
  asked: Set<string>
  assigned?: string
}
