// What the invariant check needs from Flare's REST API, reduced to the fields it reads. Fetched by
// remote-state.ts; kept separate so the check itself stays a pure function over plain data.
// Alerts, incidents, offers and timeline entries are Flare's own types, narrowed, so the names cannot drift.

import type { AlertRecord } from '../gateway/incidents/alerts-repo.js'
import type { Incident } from '../gateway/incidents/incident.js'
import type { IncidentOffer } from '../gateway/incidents/offer.js'
import type { TimelineEntry } from '../gateway/incidents/timeline.js'

export interface RemoteRule {
  id: string
  openIncident: boolean
  correlation: { key: 'device' | 'person' | 'place', windowS: number }
  dispatch?: { roles: string[], radiusM: number }
  escalation?: { widenRadiusFactor?: number }
}

/** GET /api/v1/alerts items (receivedAt is on the database's clock) */
export type RemoteAlert = Pick<AlertRecord, 'id' | 'deviceId' | 'alertId' | 'kind' | 'incidentId' | 'ruleId' | 'receivedAt'>

/** GET /api/v1/incidents items: the fields of Flare's incident the check reads, under the same names */
export type RemoteIncident = Pick<Incident, 'id' | 'number' | 'state' | 'kind' | 'ruleId' | 'deviceId' | 'personId' | 'zoneId' | 'lat' | 'lon' | 'alertCount' | 'openedAt' | 'lastAlertAt'>

/** The parts of GET /api/v1/incidents/:id beyond the summary */
export interface IncidentDetail {
  offers: Array<Pick<IncidentOffer, 'id' | 'responderId' | 'state'>>
  timeline: Array<Pick<TimelineEntry, 'at' | 'type' | 'toState'>>
}

export interface RemoteState {
  rules: RemoteRule[]
  /** every alert Flare received from a minute before the run started on (any device) */
  alerts: RemoteAlert[]
  /** incidents opened from a minute before the run on, plus older ones an alert of the run joined */
  incidents: RemoteIncident[]
  /** details of the incidents whose check needs offers or timeline (see remote-state.ts) */
  details: Record<string, IncidentDetail>
}
