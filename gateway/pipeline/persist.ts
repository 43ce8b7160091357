import type pg from 'pg'
import { inTransaction } from '../storage/transaction.js'
import { GroupCommit, type GroupCommitOptions } from '../storage/group-commit.js'
import { appendEvents, type TimelineEvent } from '../incidents/timeline.js'
import type { DispatchEngine } from '../dispatch/engine.js'
import { Outgoing } from '../storage/outgoing.js'
import { insertDeadLetter } from '../storage/dead-letters.js'
import { findOriginals, insertAlertsOnce, joinOrOpenIncident, joinOrOpenIncidents, type IncidentRef } from './dedup.js'
import type { AlertSource, ClassifiedAlert, PersistResult, Rejection } from './types.js'

/**
 * Stage 4 — persist. Kept behind this interface so a local journal can stand in while PostgreSQL
 * is unreachable (a later issue). When persist resolves, the alert is durable: the PUBACK follows.
 */
export interface AlertStore {
  persist: (alert: ClassifiedAlert) => Promise<PersistResult>
  deadLetter: (source: AlertSource, rejection: Rejection) => Promise<void>
}

/**
 * Alerts arriving together are committed together (group commit, gateway/storage/group-commit.ts):
 * one transaction, a fixed number of statements and one durable commit per batch.
 */
export class PgAlertStore implements AlertStore {
  private readonly group: GroupCommit<ClassifiedAlert, PersistResult>

  constructor (private readonly pool: pg.Pool, engine: DispatchEngine, batching: GroupCommitOptions = { maxBatch: 128, concurrency: 4 }) {
    this.group = new GroupCommit(async (batch) => await inTransaction(pool, async (client) => await persistBatch(client, engine, batch)),
      { retryAlone: causedByTheData, ...batching })
  }

  async persist (c: ClassifiedAlert): Promise<PersistResult> {
    return await this.group.submit(c)
  }

  /** Alerts waiting for the next group commit. */
  get waiting (): number { return this.group.waiting }

  async deadLetter (source: AlertSource, rejection: Rejection): Promise<void> {
    await insertDeadLetter(this.pool, { principalId: source.deviceId, topic: source.topic, payload: source.raw, code: rejection.code, reason: rejection.reason })
  }
}

/**
 * One transaction for a batch of alerts: alerts (exact dedup), incidents joined or opened
 * (correlation), timeline, dispatch start and outbox. The batch's outbox rows ride on the result of
 * its first alert that opened an incident (they are all published right after the commit).
 */
export async function persistBatch (client: pg.PoolClient, engine: DispatchEngine, cs: ClassifiedAlert[]): Promise<PersistResult[]> {
  const results = new Array<PersistResult>(cs.length)
  const rowIds = await insertAlertsOnce(client, cs)
  const fresh = [...cs.keys()].filter(i => rowIds[i] !== undefined)
  for (const i of fresh) {
    if (!cs[i].rule.openIncident) results[i] = { status: 'ACCEPTED', incidentId: null, incidentNumber: null, opened: false, outbox: [] }
  }

  // Incidents: the first alert of each correlation key in one statement for all; a key's repeats
  // within the batch after it, one by one, so they join (or, past the window, detach) as they would apart.
  const withIncident = fresh.filter(i => cs[i].rule.openIncident)
  const keys = new Set<string>()
  const firsts: number[] = []
  const repeats: number[] = []
  for (const i of withIncident) {
    (keys.has(cs[i].correlationKey) ? repeats : firsts).push(i)
    keys.add(cs[i].correlationKey)
  }
  const refs = new Map<number, IncidentRef>()
  // (Each alert row is linked to its incident by the statement that joins or opens it.)
  const joinedOrOpened = await joinOrOpenIncidents(client, firsts.map(i => ({ ...cs[i], alertRowId: rowIds[i] })))
  firsts.forEach((i, k) => refs.set(i, joinedOrOpened[k]))
  for (const i of repeats) refs.set(i, await joinOrOpenIncident(client, { ...cs[i], alertRowId: rowIds[i] }))
  await appendEvents(client, withIncident.map(i => ({ incidentId: (refs.get(i) as IncidentRef).id, ...timelineEntry(cs[i], refs.get(i) as IncidentRef) })))

  const opened = withIncident.filter(i => (refs.get(i) as IncidentRef).opened)
  const located = await useLastKnownLocations(client, opened.filter(i => cs[i].alert.location === undefined)
    .map(i => ({ incidentId: (refs.get(i) as IncidentRef).id, deviceId: cs[i].source.deviceId })))
  const out = new Outgoing()
  await engine.onOpened(client, out, opened.map((i) => {
    const ref = refs.get(i) as IncidentRef
    return { row: located.get(ref.id) ?? ref.row, rule: cs[i].rule }
  }))
  const outbox = await out.flush(client)
  for (const i of withIncident) {
    const ref = refs.get(i) as IncidentRef
    results[i] = { status: 'ACCEPTED', incidentId: ref.id, incidentNumber: ref.number, opened: ref.opened, outbox: i === opened[0] ? outbox : [] }
  }

  // Exact repeats, last: one earlier in this batch has its incident by now.
  const repeated = [...cs.keys()].filter(i => rowIds[i] === undefined)
  if (repeated.length === 0) return results
  const originals = await findOriginals(client, repeated.map(i => ({ deviceId: cs[i].source.deviceId, alertId: cs[i].alert.alertId })))
  repeated.forEach((i, k) => { results[i] = { status: 'DUPLICATE', ...originals[k] } })
  return results
}

function timelineEntry (c: ClassifiedAlert, ref: IncidentRef): TimelineEvent {
  const actor = `device:${c.source.deviceId}`
  return ref.opened
    ? { actor, type: 'opened', toState: 'NEW', reason: `${c.alert.kind} alert ${c.alert.alertId}`, data: { rule: c.rule.id, priority: c.rule.priority, category: c.rule.category } }
    : { actor, type: 'alert_joined', reason: `${c.alert.kind} alert ${c.alert.alertId}` }
}

/**
 * Whether a failed batch may succeed alert by alert: yes for what PostgreSQL says about the
 * statements (a deadlock with another node's batch, a constraint); no when it could not be reached
 * (no SQLSTATE, or class 08 connection, 53 resources, 57 shutdown): retrying each alone would only
 * make every alert of the batch wait for the same timeout in turn.
 */
export function causedByTheData (err: Error): boolean {
  const code = (err as { code?: unknown }).code
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && !['08', '53', '57'].includes(code.slice(0, 2))
}

/** Alerts without a position: their incidents take the devices' last known ones (from telemetry), where there are. */
async function useLastKnownLocations (client: pg.PoolClient, items: Array<{ incidentId: string, deviceId: string }>): Promise<Map<string, any>> {
  if (items.length === 0) return new Map()
  const { rows } = await client.query(
    `UPDATE incidents i SET lat = d.lat, lon = d.lon FROM unnest($1::uuid[], $2::text[]) AS x(incident, device), devices d
      WHERE i.id = x.incident AND d.id = x.device AND d.lat IS NOT NULL RETURNING i.*`,
    [items.map(x => x.incidentId), items.map(x => x.deviceId)])
  return new Map(rows.map(r => [r.id, r]))
}
