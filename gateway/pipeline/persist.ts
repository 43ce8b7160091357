import { randomUUID } from 'node:crypto'
import type pg from 'pg'
import { inTransaction } from '../storage/transaction.js'
import { GroupCommit, type GroupCommitOptions } from '../storage/group-commit.js'
import { insertDeadLetter } from '../storage/dead-letters.js'
import type { DispatchEngine } from '../dispatch/engine.js'
import { findOriginals, insertAlertsOnce } from './persist/exact-dedup.js'
import { correlationRounds, joinOrOpenIncidents, type IncidentRef } from './persist/correlate.js'
import { recordTimeline } from './persist/timeline.js'
import { useLastKnownLocations } from './persist/last-known-location.js'
import { startDispatch } from './persist/start-dispatch.js'
import type { IncidentRow } from '../incidents/incident.js'
import type { AlertSource, ClassifiedAlert, PersistResult, Rejection } from './types.js'
import type { OfferDraft } from '../dispatch/adopt-offers.js'

/**
 * Stage 3 — persist, behind this interface so that another store (a node-local journal while
 * PostgreSQL is unreachable) can stand in. When persist resolves, the alert is durable: the PUBACK
 * follows.
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

  constructor (private readonly pool: pg.Pool, private readonly engine: DispatchEngine, batching: GroupCommitOptions = { maxBatch: 128, concurrency: 4 }) {
    this.group = new GroupCommit(async (batch) => await inTransaction(pool, async (client) => await persistBatch(client, engine, batch)),
      { retryAlone: causedByTheData, ...batching })
  }

  async persist (c: ClassifiedAlert): Promise<PersistResult> {
    return await this.group.submit(c)
  }

  /**
   * A journal replay's alerts, in one transaction of their own, past group commit: the replay
   * chooses its batches (much bigger than PERSIST_BATCH_MAX: the device already has its PUBACK, so
   * a batch's latency matters less than the statements and commits per alert). `outageOffers`:
   * by alert index, the offers degraded dispatch made for the incident the alert opened; the
   * transaction adopts them instead of PostgreSQL's own candidate search.
   */
  async persistMany (cs: ClassifiedAlert[], outageOffers?: ReadonlyMap<number, OfferDraft[]>): Promise<PersistResult[]> {
    return await inTransaction(this.pool, async (client) => await persistBatch(client, this.engine, cs, outageOffers))
  }

  /** Alerts waiting for the next group commit. */
  get waiting (): number { return this.group.waiting }

  async deadLetter (source: AlertSource, rejection: Rejection): Promise<void> {
    await insertDeadLetter(this.pool, { principalId: source.deviceId, topic: source.topic, payload: source.raw, code: rejection.code, reason: rejection.reason })
  }
}

const NONE: ReadonlyMap<number, OfferDraft[]> = new Map()

/**
 * The persist transaction of one batch, its steps in the order they run (gateway/pipeline/persist/):
 *
 *   1 exact dedup       insert each alert once by (device_id, alert_id)        exact-dedup.ts
 *   2 correlate         join the open incident of its correlation key, or open  correlate.ts
 *   3 timeline          an event per alert on its incident                      timeline.ts
 *   4 position          opened incidents without one take the device's last     last-known-location.ts
 *                       (a joining alert's position moved its incident in 2)
 *   5 start dispatch    offers, timers and notices into the outbox, for the     start-dispatch.ts
 *                       opened incidents and those that got their first position
 *                       (a replay's incident adopts the offers made while the
 *                       database was away instead);
 *                       a live event for each incident that moved
 *   6 answer repeats    exact repeats get their original's incident             exact-dedup.ts
 *
 * The batch's outbox rows ride on the result of its first alert that opened an incident, or else
 * that gave one its first position (they are all published right after the commit).
 */
export async function persistBatch (client: pg.PoolClient, engine: DispatchEngine, cs: ClassifiedAlert[], outageOffers: ReadonlyMap<number, OfferDraft[]> = NONE): Promise<PersistResult[]> {
  const results = new Array<PersistResult>(cs.length)

  // 1 exact dedup; each alert row carries the id of the incident it would open, so that an alert
  // that opens one is written once (a joining alert's row is linked to its incident in 2)
  const planned = cs.map(c => c.rule.openIncident ? randomUUID() : null)
  const rowIds = await insertAlertsOnce(client, cs, planned)
  const fresh = [...cs.keys()].filter(i => rowIds[i] !== undefined)
  for (const i of fresh) {
    if (!cs[i].rule.openIncident) results[i] = { status: 'ACCEPTED', incidentId: null, incidentNumber: null, opened: false, outbox: [] }
  }

  // 2 correlate, in rounds: round k takes the k-th alert of every correlation key, in one statement
  // for all of them, so a key's repeats within the batch come after it, in order, and join (or, past
  // the window, detach) as they would apart; keys do not touch each other. A big batch (a journal
  // replay) costs as many rounds as its most repeated key has alerts, not one per repeat. A joining
  // alert's row is linked to its incident by the statement that joins it.
  const withIncident = fresh.filter(i => cs[i].rule.openIncident)
  const refs = new Map<number, IncidentRef>()
  for (const round of correlationRounds(withIncident.map(i => ({ i, key: cs[i].correlationKey })))) {
    const joinedOrOpened = await joinOrOpenIncidents(client, round.map(i => ({ ...cs[i], alertRowId: rowIds[i], plannedIncidentId: planned[i] ?? undefined })))
    round.forEach((i, k) => refs.set(i, joinedOrOpened[k]))
  }
  const refOf = (i: number): IncidentRef => refs.get(i) as IncidentRef

  // 3 timeline
  await recordTimeline(client, withIncident.map(i => ({ alert: cs[i], incident: refOf(i) })))

  // 4 position
  const opened = withIncident.flatMap((i) => {
    const ref = refOf(i)
    return ref.opened ? [{ i, row: ref.row }] : []
  })
  const located = await useLastKnownLocations(client, opened.filter(({ row }) => row.lat === null)
    .map(({ i, row }) => ({ incidentId: row.id, deviceId: cs[i].source.deviceId })))
  // The incidents joining alerts moved, each as the last of them left it (its alerts come in order).
  const moved = new Map<string, { i: number, row: IncidentRow, firstFix: boolean }>()
  for (const i of withIncident) {
    const ref = refOf(i)
    if (ref.opened || ref.moved === undefined) continue
    moved.set(ref.id, { i, row: ref.moved.row, firstFix: ref.moved.firstFix || moved.get(ref.id)?.firstFix === true })
  }
  const firstFixes = [...moved.values()].filter(m => m.firstFix)

  // 5 start dispatch
  const outbox = await startDispatch(client, engine, opened.map(({ i, row }) => ({ row: located.get(row.id) ?? row, rule: cs[i].rule, outageOffers: outageOffers.get(i) })),
    firstFixes.map(m => m.row), [...moved.values()].map(m => m.row))
  const carrier = opened[0]?.i ?? firstFixes[0]?.i
  for (const i of withIncident) {
    const ref = refOf(i)
    results[i] = { status: 'ACCEPTED', incidentId: ref.id, incidentNumber: ref.number, opened: ref.opened, outbox: i === carrier ? outbox : [] }
  }

  // 6 answer repeats, last: one earlier in this batch has its incident by now.
  const repeated = [...cs.keys()].filter(i => rowIds[i] === undefined)
  if (repeated.length === 0) return results
  const originals = await findOriginals(client, repeated.map(i => ({ deviceId: cs[i].source.deviceId, alertId: cs[i].alert.alertId })))
  repeated.forEach((i, k) => { results[i] = { status: 'DUPLICATE', ...originals[k] } })
  return results
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
