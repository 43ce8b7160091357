import type { DispatchMessage } from '../codec/wire.js'
import type { LiveEvent } from '../events/emit.js'
import type { IncidentState } from '../incidents/state-machine.js'
import type { DegradedOffer, OpenIncident, ProvisionalIncident } from './degraded-types.js'

/** What degraded dispatch sends a responder for an offer: the same message as PostgreSQL's dispatch, with the provisional number as the incident. */
export function offerMessage (i: ProvisionalIncident, offer: DegradedOffer): NonNullable<DispatchMessage['offer']> {
  return {
    offerId: offer.id,
    incidentId: i.number,
    incidentNumber: i.number,
    kind: i.kind,
    category: i.category,
    priority: i.priority,
    location: { lat: i.lat, lon: i.lon },
    expiresAtMs: offer.expiresAt,
    triggeredAtMs: i.triggeredAt,
    deviceId: i.deviceId,
    zoneId: i.zoneId ?? undefined,
    attempt: offer.attempt
  }
}

/** The live event of a provisional incident's step, for this node's dashboards. */
export function transitionEvent (o: OpenIncident, from: IncidentState, to: IncidentState, responderId: string): LiveEvent {
  const i = o.incident
  return {
    type: 'incident.transition',
    at: new Date().toISOString(),
    incident: { id: i.number, number: i.number, state: to, priority: i.priority, category: i.category, kind: i.kind, zoneId: i.zoneId, lat: i.lat, lon: i.lon, assignedResponderId: o.assigned ?? null },
    from,
    to,
    actor: `responder:${responderId}`,
    reason: 'while the database is away'
  }
}
