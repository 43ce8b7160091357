// The invariant check after a run: a pure function of the run log and what Flare's REST API says
// (remote-types.ts), so it can be unit-tested with crafted data and re-run later by `check`.
// README.md ("Reading the invariants") explains each one and what a violation suggests.
import { distanceM } from './geo.js'
import type { IncidentDetail, RemoteAlert, RemoteIncident, RemoteRule, RemoteState } from './remote-types.js'
import type { RunLog } from './sim/run-log.js'

export const INVARIANTS = [
  'puback-means-stored', 'accepted-in-one-incident', 'one-incident-per-correlation', 'dispatch-offered', 'malformed-rejected'
] as const
export type InvariantName = typeof INVARIANTS[number]

export interface Violation {
  invariant: InvariantName
  message: string
  deviceId?: string
  alertId?: string
  incident?: string
}

export interface InvariantResult {
  ok: boolean
  violations: Violation[]
  /** how much each invariant looked at, so "no violations" can be told apart from "nothing checked" */
  checked: { alerts: number, incidents: number, correlationGroups: number, dispatchNeeded: number }
}

/** Database timestamps arrive rounded to milliseconds; a window edge within this is not a violation. */
const EDGE_TOLERANCE_MS = 1000
const TERMINAL = new Set(['RESOLVED', 'CLOSED', 'CANCELLED'])
const ANSWERED = new Set(['ACCEPTED', 'DUPLICATE'])
const key = (deviceId: string, alertId: string): string => `${deviceId}\n${alertId}`

/**
 * The correlation key Flare gives an incident (gateway/pipeline/classify.ts), recomputed from the
 * incident: each fallback is narrower (no person → device; no zone or position → device).
 */
/** The incident numbers a degraded node gives before its journal is replayed. */
export function isProvisional (incidentNumber: string): boolean {
  return incidentNumber.startsWith('P-')
}

export function correlationKeyOf (i: RemoteIncident, rule: RemoteRule | undefined): string {
  const by = rule?.correlation.key ?? 'device'
  if (by === 'person' && i.personId !== null) return `person:${i.personId}:${i.kind}`
  if (by === 'place') {
    if (i.zoneId !== null) return `zone:${i.zoneId}:${i.kind}`
    if (i.lat !== null && i.lon !== null) return `place:${i.lat.toFixed(3)},${i.lon.toFixed(3)}:${i.kind}`
  }
  return `device:${i.deviceId}:${i.kind}`
}

/** Incidents of this run: opened no earlier than the first alert of the run arrived (both on the database's clock). */
export function runIncidents (log: RunLog, remote: RemoteState): RemoteIncident[] {
  const ofRun = isRunAlert(log)
  let first = Infinity
  for (const a of remote.alerts) if (ofRun(a)) first = Math.min(first, Date.parse(a.receivedAt))
  return remote.incidents.filter(i => Date.parse(i.openedAt) >= first - EDGE_TOLERANCE_MS)
}

/**
 * Whether a stored alert is one of this run's: MQTT alert ids carry the run id; a panel's are
 * Flare's own (sequence, timestamp, data), so the log's entries name them.
 */
export function isRunAlert (log: RunLog): (a: Pick<RemoteAlert, 'deviceId' | 'alertId'>) => boolean {
  if (log.protocol !== 'dc09') {
    const prefix = `${log.runId}.`
    return a => a.alertId.startsWith(prefix)
  }
  const sent = new Set(log.alerts.filter(e => e.alertId !== '').map(e => key(e.deviceId, e.alertId)))
  return a => sent.has(key(a.deviceId, a.alertId))
}

/** When a terminal incident stopped collecting alerts: its first move into a terminal state. */
function endedAt (i: RemoteIncident, detail: IncidentDetail | undefined): number | undefined {
  if (!TERMINAL.has(i.state)) return Infinity
  const e = detail?.timeline.find(t => t.toState !== null && TERMINAL.has(t.toState))
  return e === undefined ? undefined : Date.parse(e.at)
}

export function checkInvariants (log: RunLog, remote: RemoteState): InvariantResult {
  const violations: Violation[] = []
  const add = (v: Violation): void => { violations.push(v) }
  const rules = new Map(remote.rules.map(r => [r.id, r]))
  const incidentsById = new Map(remote.incidents.map(i => [i.id, i]))
  const stored = new Map<string, number>()
  for (const a of remote.alerts) stored.set(key(a.deviceId, a.alertId), (stored.get(key(a.deviceId, a.alertId)) ?? 0) + 1)
  const storedAlert = new Map(remote.alerts.map(a => [key(a.deviceId, a.alertId), a]))
  let alertsChecked = 0

  for (const e of log.alerts) {
    const k = key(e.deviceId, e.alertId)
    const statuses = e.acks.map(a => a.status)
    if (e.malformed !== undefined) {
      // A malformed payload is never accepted, and Flare keeps it as a dead letter, not as an alert.
      if (statuses.some(s => ANSWERED.has(s))) add({ invariant: 'malformed-rejected', deviceId: e.deviceId, alertId: e.alertId, message: `malformed payload (${e.malformed}) was answered ${statuses.join(', ')}, not REJECTED` })
      if (stored.has(k)) add({ invariant: 'malformed-rejected', deviceId: e.deviceId, alertId: e.alertId, message: `malformed payload (${e.malformed}) is listed by GET /api/v1/alerts` })
      continue
    }
    alertsChecked++
    if (statuses.includes('REJECTED')) {
      const reason = e.acks.find(a => a.status === 'REJECTED')?.reasonCode ?? '?'
      add({ invariant: 'malformed-rejected', deviceId: e.deviceId, alertId: e.alertId, message: `a valid ${e.kind} alert was REJECTED (${reason})` })
    }
    const answered = e.acks.filter(a => ANSWERED.has(a.status))
    if ((e.pubackAtMs !== undefined || answered.length > 0) && !stored.has(k)) {
      add({ invariant: 'puback-means-stored', deviceId: e.deviceId, alertId: e.alertId, message: `${e.pubackAtMs !== undefined ? 'PUBACKed' : 'acknowledged'} alert is missing from GET /api/v1/alerts` })
      continue
    }
    // A panel's DC-09 ACK is its answer too, one that names no incident.
    const panelAcked = log.protocol === 'dc09' && e.pubackAtMs !== undefined
    if (answered.length === 0 && !panelAcked) continue
    const copies = stored.get(k) ?? 0
    if (copies > 1) add({ invariant: 'accepted-in-one-incident', deviceId: e.deviceId, alertId: e.alertId, message: `stored ${copies} times` })
    const r = storedAlert.get(k)!
    const rule = rules.get(r.ruleId)
    // A node in degraded mode answers with a provisional number (P-…) and, after its journal's
    // replay, with the final one: the final numbers are what must agree with the API.
    // A device away when the replay ran may never hear the final number: the alert is stored all the
    // same, so a provisional number alone is not held against it.
    const numbers = [...new Set(answered.map(a => a.incidentNumber ?? '').filter(n => !isProvisional(n)))]
    const provisionalOnly = numbers.length === 0 && answered.some(a => isProvisional(a.incidentNumber ?? ''))
    if (rule !== undefined && !rule.openIncident) {
      if (r.incidentId !== null) add({ invariant: 'accepted-in-one-incident', deviceId: e.deviceId, alertId: e.alertId, message: `rule ${rule.id} opens no incident, yet the alert belongs to ${r.incidentId}` })
      continue
    }
    const incident = r.incidentId === null ? undefined : incidentsById.get(r.incidentId)
    if (incident === undefined) {
      add({ invariant: 'accepted-in-one-incident', deviceId: e.deviceId, alertId: e.alertId, message: r.incidentId === null ? `accepted by rule ${r.ruleId} but belongs to no incident` : `belongs to incident ${r.incidentId}, which the API does not list` })
      continue
    }
    if (!provisionalOnly && !panelAcked && (numbers.length !== 1 || numbers[0] !== incident.number)) {
      add({ invariant: 'accepted-in-one-incident', deviceId: e.deviceId, alertId: e.alertId, incident: incident.number, message: `acks named incident ${numbers.map(n => n === '' ? '(none)' : n).join(' and ')}, the API says ${incident.number}` })
    }
  }

  const ofRun = runIncidents(log, remote)
  // Alert counts: an incident of this run has all its alerts in the fetched window.
  const linked = new Map<string, number>()
  for (const a of remote.alerts) if (a.incidentId !== null) linked.set(a.incidentId, (linked.get(a.incidentId) ?? 0) + 1)
  for (const i of ofRun) {
    const n = linked.get(i.id) ?? 0
    if (n !== i.alertCount) add({ invariant: 'accepted-in-one-incident', incident: i.number, message: `alertCount is ${i.alertCount} but ${n} alerts belong to it` })
  }

  const correlationGroups = checkCorrelation(remote, rules, add)
  const dispatchNeeded = checkDispatch(log, remote, ofRun, rules, add)
  return { ok: violations.length === 0, violations, checked: { alerts: alertsChecked, incidents: ofRun.length, correlationGroups, dispatchNeeded } }
}

/**
 * One incident per correlation key and window: an incident B must not open while an earlier A with
 * the same key was still open and within its (sliding) window, i.e. before min(A's end, A's last
 * alert + window). Returns how many keys had more than one incident.
 */
function checkCorrelation (remote: RemoteState, rules: Map<string, RemoteRule>, add: (v: Violation) => void): number {
  const groups = new Map<string, RemoteIncident[]>()
  for (const i of remote.incidents) {
    const rule = rules.get(i.ruleId)
    if (rule !== undefined && !rule.openIncident) continue
    const k = correlationKeyOf(i, rule)
    groups.set(k, [...(groups.get(k) ?? []), i])
  }
  let multi = 0
  for (const [k, group] of groups) {
    if (group.length < 2) continue
    multi++
    group.sort((a, b) => Date.parse(a.openedAt) - Date.parse(b.openedAt))
    for (let j = 1; j < group.length; j++) {
      const b = group[j]
      const bOpened = Date.parse(b.openedAt)
      for (const a of group.slice(0, j)) {
        const windowS = rules.get(a.ruleId)?.correlation.windowS ?? 300
        const end = endedAt(a, remote.details[a.id])
        if (end === undefined) continue // terminal, but when is unknown: cannot judge
        const collectingUntil = Math.min(end, Date.parse(a.lastAlertAt) + windowS * 1000)
        if (bOpened < collectingUntil - EDGE_TOLERANCE_MS) {
          add({ invariant: 'one-incident-per-correlation', incident: b.number, message: `${b.number} opened while ${a.number} (same key ${k}) was open and within its ${windowS} s window` })
        }
      }
    }
  }
  return multi
}

/**
 * Every incident of the run whose rule dispatches, that has a position and a fleet responder of a
 * fitting role within the rule's (widened) radius got an offer — or Flare recorded that it escalated
 * because nobody was available. Returns how many incidents needed dispatch.
 */
function checkDispatch (log: RunLog, remote: RemoteState, ofRun: RemoteIncident[], rules: Map<string, RemoteRule>, add: (v: Violation) => void): number {
  const offered = new Set(log.offers.map(o => o.incidentId))
  let needed = 0
  for (const i of ofRun) {
    const rule = rules.get(i.ruleId)
    if (rule?.dispatch === undefined || i.lat === null || i.lon === null) continue
    const radius = rule.dispatch.radiusM * (rule.escalation?.widenRadiusFactor ?? 1)
    const at = { lat: i.lat, lon: i.lon }
    const inRange = log.responders.some(r =>
      r.roles.some(role => rule.dispatch!.roles.includes(role)) &&
      (r.zones.length === 0 || (i.zoneId !== null && r.zones.includes(i.zoneId))) &&
      distanceM(r, at) <= radius)
    if (!inRange) continue
    needed++
    const detail = remote.details[i.id]
    if (offered.has(i.id) || (detail?.offers.length ?? 0) > 0) continue
    if (detail === undefined) {
      add({ invariant: 'dispatch-offered', incident: i.number, message: 'no offer seen by the fleet, and its detail could not be fetched to look further' })
    } else if (!detail.timeline.some(e => e.type === 'escalated')) {
      add({ invariant: 'dispatch-offered', incident: i.number, message: `rule ${rule.id} dispatches and a fitting responder was in range, but there is no offer and no escalation` })
    }
  }
  return needed
}
