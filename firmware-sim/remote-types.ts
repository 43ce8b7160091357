// What the invariant check needs from Flare's REST API, reduced to the fields it reads. Fetched by
// remote-state.ts; kept separate so the check itself stays a pure function over plain data.

export interface RemoteRule {
  id: string
  openIncident: boolean
  correlation: { key: 'device' | 'person' | 'place', windowS: number }
  dispatch?: { roles: string[], radiusM: number }
  escalation?: { widenRadiusFactor?: number }
}

/** GET /api/v1/alerts items */
export interface RemoteAlert {
  id: number
  deviceId: string
  alertId: string
  kind: string
  incidentId: string | null
  ruleId: string
  /** ISO time on the database's clock */
  receivedAt: string
}

/** GET /api/v1/incidents items */
export interface RemoteIncident {
  id: string
  number: string
  state: string
  kind: string
  ruleId: string
  deviceId: string
  personId: string | null
  zoneId: string | null
  lat: number | null
  lon: number | null
  alertCount: number
  openedAt: string
  lastAlertAt: string
}

/** The parts of GET /api/v1/incidents/:id beyond the summary */
export interface IncidentDetail {
  offers: Array<{ id: string, responderId: string, state: string }>
  timeline: Array<{ at: string, type: string, toState: string | null }>
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
