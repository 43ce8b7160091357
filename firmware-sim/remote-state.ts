// Fetches what the invariant check needs from Flare's REST API, with as few calls as it can:
// alerts and incidents by page, and incident details only where offers or the timeline matter.
import { correlationKeyOf, isRunAlert, runIncidents } from './invariants.js'
import type { IncidentDetail, RemoteAlert, RemoteIncident, RemoteRule, RemoteState } from './remote-types.js'
import { mapLimit, RestClient } from './rest.js'
import type { RunLog } from './sim/run-log.js'

/** The sim's and the database's clocks may differ a little; fetch from this long before the run. */
const CLOCK_SLACK_MS = 60_000

interface Page<T> { items: T[], next: string | number | null }

async function fetchAlerts (rest: RestClient, sinceMs: number): Promise<RemoteAlert[]> {
  const out: RemoteAlert[] = []
  let before: string | number | null = null
  for (;;) {
    const page: Page<RemoteAlert> = await rest.get(`/api/v1/alerts?limit=1000${before === null ? '' : `&before=${before}`}`)
    let older = false
    for (const a of page.items) {
      if (Date.parse(a.receivedAt) < sinceMs) older = true
      else out.push(a)
    }
    // Newest first: once a page reaches back before the run, the rest is older still.
    if (older || page.next === null || page.items.length === 0) return out
    before = page.next
  }
}

async function fetchIncidents (rest: RestClient, sinceMs: number): Promise<RemoteIncident[]> {
  const out: RemoteIncident[] = []
  let cursor: string | null = null
  for (;;) {
    const q = `since=${encodeURIComponent(new Date(sinceMs).toISOString())}&limit=500${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`
    const page: Page<RemoteIncident> = await rest.get(`/api/v1/incidents?${q}`)
    out.push(...page.items)
    if (page.next === null || page.items.length === 0) return out
    cursor = String(page.next)
  }
}

async function fetchDetail (rest: RestClient, id: string): Promise<{ summary: RemoteIncident, detail: IncidentDetail }> {
  const body = await rest.get<RemoteIncident & IncidentDetail>(`/api/v1/incidents/${encodeURIComponent(id)}`)
  const { offers, timeline, ...summary } = body as RemoteIncident & IncidentDetail & { alerts?: unknown }
  delete (summary as { alerts?: unknown }).alerts
  return { summary, detail: { offers, timeline } }
}

export async function fetchRemoteState (rest: RestClient, log: RunLog, concurrency = 8): Promise<RemoteState> {
  const since = log.startedAtMs - CLOCK_SLACK_MS
  const rulesView = await rest.get<{ effective: RemoteRule[] }>('/api/v1/rules')
  const rules = rulesView.effective
  const alerts = await fetchAlerts(rest, since)
  const incidents = await fetchIncidents(rest, since)
  const details: Record<string, IncidentDetail> = {}

  // Older incidents that alerts of this run joined (correlation windows span runs).
  const known = new Set(incidents.map(i => i.id))
  const ofRun = isRunAlert(log)
  const referenced = [...new Set(alerts.filter(a => ofRun(a) && a.incidentId !== null && !known.has(a.incidentId)).map(a => a.incidentId!))]
  for (const { summary, detail } of await mapLimit(referenced, concurrency, async id => await fetchDetail(rest, id))) {
    incidents.push(summary)
    details[summary.id] = detail
  }

  const state: RemoteState = { rules, alerts, incidents, details }
  const ruleById = new Map(rules.map(r => [r.id, r]))
  const wanted = new Set<string>()
  // Dispatch: incidents of the run whose rule dispatches and whose offer the fleet did not see itself.
  const offered = new Set(log.offers.map(o => o.incidentId))
  for (const i of runIncidents(log, state)) {
    if (ruleById.get(i.ruleId)?.dispatch !== undefined && !offered.has(i.id)) wanted.add(i.id)
  }
  // Correlation: every member of a key with several incidents (the check needs when each ended).
  const byKey = new Map<string, string[]>()
  for (const i of incidents) {
    const k = correlationKeyOf(i, ruleById.get(i.ruleId))
    byKey.set(k, [...(byKey.get(k) ?? []), i.id])
  }
  for (const ids of byKey.values()) if (ids.length > 1) for (const id of ids) wanted.add(id)

  const missing = [...wanted].filter(id => details[id] === undefined)
  for (const { summary, detail } of await mapLimit(missing, concurrency, async id => await fetchDetail(rest, id))) details[summary.id] = detail
  return state
}
