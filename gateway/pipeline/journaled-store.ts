import type { Logger } from 'pino'
import { insertDeadLetter } from '../storage/dead-letters.js'
import { DeadlineExceeded, isDatabaseUnavailable, withDeadline, type DatabaseAvailability } from '../storage/availability.js'
import type { Journal } from '../storage/journal.js'
import type pg from 'pg'
import type { DispatchRecord } from '../dispatch/degraded.js'
import type { AlertStore, PgAlertStore } from './persist.js'
import type { AlertSource, ClassifiedAlert, PersistResult, Rejection } from './types.js'
import { REPLAY_BATCHING, replayAlerts, type ReplayBatching } from './replay-alerts.js'
import { afterAlerts, carriedOffers, offersByIncident, type ReplayProgress } from './replay-offers.js'
import type { OfferDraft, OutageOffer } from '../dispatch/adopt-offers.js'

/**
 * What the journal holds: alerts and dead letters that PostgreSQL could not take when they came, and
 * what degraded dispatch did with the provisional incidents (offers, replies).
 */
export type JournalEntry =
  | { type: 'alert', at: number, provisional: string, alert: StoredAlert }
  | { type: 'dead_letter', at: number, principalId: string, topic: string, payload: string, code: string, reason: string }
  | DispatchRecord

type AlertEntry = Extract<JournalEntry, { type: 'alert' }>

/** A classified alert as JSON: the raw bytes in base64. */
type StoredAlert = Omit<ClassifiedAlert, 'source'> & { source: Omit<AlertSource, 'raw'> & { raw: string } }

function toStored (c: ClassifiedAlert): StoredAlert {
  return { ...c, source: { ...c.source, raw: c.source.raw.toString('base64') } }
}

function fromStored (s: StoredAlert): ClassifiedAlert {
  return { ...s, source: { ...s.source, raw: Buffer.from(s.source.raw, 'base64') } }
}

export interface JournaledStoreOptions {
  pg: PgAlertStore
  pool: pg.Pool
  journal: Journal<JournalEntry>
  availability: DatabaseAvailability
  /** PERSIST_DEADLINE_MS: a commit not done by then goes to the journal instead */
  deadlineMs: number
  /** names this node in provisional incident numbers (P-<node>-<n>) */
  nodeId: string
  log: Logger
  /** the replay's batches (default REPLAY_BATCHING) */
  replayBatching?: ReplayBatching
  /** after each replayed alert is committed: the device is told its final incident number */
  replayed: (alert: ClassifiedAlert, result: PersistResult, provisional: string) => Promise<void>
  /** a provisional incident was opened (its alert is journaled): degraded dispatch starts */
  opened?: (alert: ClassifiedAlert, provisional: string) => void
  /**
   * writes offers degraded dispatch made into PostgreSQL under their ids, for incidents a replay
   * opened: those the persist transactions could not adopt (journaled after their incident was
   * replayed, or carried by an alert that was a repeat)
   */
  adoptOffers?: (offers: OutageOffer[]) => Promise<void>
  /** these offers are PostgreSQL's now (adopted by a persist transaction or adoptOffers) */
  adopted?: (offerIds: string[]) => void
  /** then the replies to them, in order, applied to the final incident */
  replayedDispatch?: (record: DispatchRecord, incidentId: string) => Promise<void>
  /** the journal is empty again: PostgreSQL is in charge of everything (`adopted`: the offers it took over) */
  replayDone?: (adopted: ReadonlySet<string>) => void
}

/**
 * The persist stage with degraded mode. While PostgreSQL is healthy, alerts are committed there
 * (PgAlertStore, group commit) and this adds only a deadline. When PostgreSQL is unreachable or the
 * commit misses its deadline, the node is degraded: alerts are appended to the node's journal and
 * acknowledged from there, with a provisional incident number, until PostgreSQL answers again and
 * the journal is replayed into it (idempotently: alert ids are the keys, so an alert that PostgreSQL
 * committed late, after its deadline, is recognised as a repeat). A full journal or disk refuses:
 * nothing is acknowledged that is not durable somewhere.
 */
export class JournaledAlertStore implements AlertStore {
  /** provisional numbers of the journaled alerts, by device and alert id (answers repeats) */
  private readonly byAlert = new Map<string, string>()
  /** the provisional incident of each correlation key, and when its last alert came (the window slides) */
  private readonly byKey = new Map<string, { number: string, lastAt: number }>()
  private seq = 0
  private replaying: Promise<number> | undefined
  /** when the oldest record still in the journal was written (undefined: the journal is empty) */
  private oldest: number | undefined
  /** when the first record after the replay's last read was written: the oldest once that read is truncated */
  private firstSinceRead: number | undefined

  constructor (private readonly o: JournaledStoreOptions) {}

  /** Rebuilds the provisional view from records found in the journal at start. */
  remember (entries: JournalEntry[]): void {
    // A loop, not Math.min(...): a journal of a long outage has more records than a call has arguments.
    for (const e of entries) if (this.oldest === undefined || e.at < this.oldest) this.oldest = e.at
    for (const e of entries) {
      if (e.type !== 'alert') continue
      this.byAlert.set(alertKey(e.alert.source.deviceId, e.alert.alert.alertId), e.provisional)
      this.byKey.set(e.alert.correlationKey, { number: e.provisional, lastAt: e.at })
    }
  }

  async persist (c: ClassifiedAlert): Promise<PersistResult> {
    const committed = await this.whileHealthy(async () => await this.o.pg.persist(c))
    return committed !== undefined ? committed.value : await this.journalAlert(c)
  }

  async deadLetter (source: AlertSource, rejection: Rejection): Promise<void> {
    const d = { principalId: source.deviceId, topic: source.topic, payload: source.raw, code: rejection.code, reason: rejection.reason }
    if (await this.whileHealthy(async () => { await insertDeadLetter(this.o.pool, d) }) !== undefined) return
    await this.append({ type: 'dead_letter', at: Date.now(), ...d, payload: d.payload.toString('base64') })
  }

  /**
   * `work` against PostgreSQL with the deadline, unless the node is degraded; undefined when it is,
   * or becomes so now (PostgreSQL unreachable, or the deadline missed): the caller journals instead.
   */
  private async whileHealthy<T> (work: () => Promise<T>): Promise<{ value: T } | undefined> {
    if (this.o.availability.degraded) return undefined
    try {
      return { value: await withDeadline(work(), this.o.deadlineMs) }
    } catch (err) {
      if (!(err instanceof DeadlineExceeded) && !isDatabaseUnavailable(err)) throw err
      this.o.availability.enter(err)
      return undefined
    }
  }

  /** Journals what degraded dispatch did; resolves once it is on disk. */
  async record (r: DispatchRecord): Promise<void> {
    await this.append(r)
    // Resolved: later alerts open a new incident, as PostgreSQL's correlation (open incidents only) would.
    if (r.type === 'reply' && r.action === 'RESOLVED') {
      for (const [key, open] of this.byKey) if (open.number === r.provisional) this.byKey.delete(key)
    }
  }

  private async append (e: JournalEntry): Promise<void> {
    await this.o.journal.append(e)
    this.oldest ??= e.at
    this.firstSinceRead ??= e.at
  }

  /** Seconds since the oldest record still in the journal was written; 0 when it is empty. */
  get oldestAgeSeconds (): number {
    return this.oldest === undefined ? 0 : Math.max(0, (Date.now() - this.oldest) / 1000)
  }

  /** Alerts waiting in the journal. */
  get journaled (): number {
    return this.o.journal.records
  }

  private async journalAlert (c: ClassifiedAlert): Promise<PersistResult> {
    const key = alertKey(c.source.deviceId, c.alert.alertId)
    const known = this.byAlert.get(key)
    if (known !== undefined) return { status: 'DUPLICATE', incidentId: null, incidentNumber: known, provisional: true }
    const now = Date.now()
    let opened = false
    let number: string | null = null
    if (c.rule.openIncident) {
      const open = this.byKey.get(c.correlationKey)
      if (open !== undefined && now - open.lastAt <= c.rule.correlation.windowS * 1000) {
        number = open.number
      } else {
        number = `P-${this.o.nodeId}-${now.toString(36)}-${++this.seq}`
        opened = true
      }
    }
    await this.append({ type: 'alert', at: now, provisional: number ?? '', alert: toStored(c) })
    // Degraded mode ended while this record was being written: the replay that emptied the journal
    // may have missed it, so another one picks it up.
    if (!this.o.availability.degraded) this.replay().catch((err) => this.o.log.warn({ err }, 'journal replay failed; it runs again when degraded mode ends next'))
    this.byAlert.set(key, number ?? '')
    if (number !== null) this.byKey.set(c.correlationKey, { number, lastAt: now })
    if (opened && number !== null) this.o.opened?.(c, number)
    return { status: 'ACCEPTED', incidentId: null, incidentNumber: number, opened, outbox: [], provisional: true }
  }

  /**
   * Commits everything in the journal to PostgreSQL, in journal order, then truncates what was
   * committed (records appended meanwhile stay). Throws if PostgreSQL fails again; the records
   * stay and the next replay starts over (repeats are recognised by their ids).
   */
  async replay (): Promise<number> {
    this.replaying ??= this.replayOnce().finally(() => { this.replaying = undefined })
    return await this.replaying
  }

  private async replayOnce (): Promise<number> {
    let total = 0
    const p: ReplayProgress = { finalOf: new Map(), adopting: new Set(), adopted: new Set() }
    // Alerts keep coming into the journal while it replays (the node is degraded until it is empty).
    for (;;) {
      this.firstSinceRead = undefined
      const records = await this.o.journal.readAll()
      if (records.length === 0) { this.oldest = this.firstSinceRead; break }
      const started = Date.now()
      // In segments that end where a provisional incident was resolved: an alert journaled after
      // that must not be correlated into the incident, which it would be if the resolution were
      // applied only after every alert.
      for (const segment of untilEachResolution(records.map(r => r.value))) await this.replaySegment(segment, p)
      await this.o.journal.truncate(records[records.length - 1].end)
      this.oldest = this.firstSinceRead
      total += records.length
      this.o.log.info({ records: records.length, ms: Date.now() - started }, 'journal replayed into PostgreSQL')
    }
    this.byAlert.clear()
    this.byKey.clear()
    this.o.replayDone?.(p.adopted)
    return total
  }

  /**
   * Dead letters, then alerts in big batches (replay-alerts.ts), each opening one with the offers
   * degraded dispatch made for its incident; then the offers those transactions could not adopt;
   * then the replies, in order.
   */
  private async replaySegment (records: JournalEntry[], p: ReplayProgress): Promise<void> {
    const drafts = offersByIncident(records)
    const all = records.flatMap((e) => e.type === 'alert' ? [e] : [])
    const offersOf = carriedOffers(all, drafts, p)
    for (const e of records) if (e.type === 'dead_letter') await this.replayRecord(e, offersOf)
    const alerts = all.map(e => ({ item: e, alert: fromStored(e.alert) }))
    const results = await replayAlerts(alerts, {
      batching: this.o.replayBatching ?? REPLAY_BATCHING,
      commit: async (cs, items) => await this.o.pg.persistMany(cs, carried(items, offersOf)),
      alone: async (e) => await this.replayRecord(e, offersOf),
      unavailable: isDatabaseUnavailable,
      committed: async (e, c, result) => {
        await this.o.replayed(c, result, e.provisional).catch((err) => this.o.log.warn({ err, alertId: e.alert.alert.alertId }, 'replayed alert: device update failed'))
      }
    })
    const { inPersist, later } = afterAlerts(all, results, offersOf, drafts, p)
    this.adopted(p, inPersist)
    for (let from = 0; from < later.length && this.o.adoptOffers !== undefined; from += ADOPT_BATCH) {
      const chunk = later.slice(from, from + ADOPT_BATCH)
      await this.o.adoptOffers(chunk)
      this.adopted(p, chunk)
    }
    for (const e of records) {
      if (e.type !== 'reply') continue
      const incidentId = p.finalOf.get(e.provisional)
      if (incidentId === undefined || this.o.replayedDispatch === undefined) continue
      await this.o.replayedDispatch(e, incidentId).catch((err) => {
        if (isDatabaseUnavailable(err)) throw err
        this.o.log.warn({ err, record: e }, 'a degraded-dispatch step could not be applied at replay; PostgreSQL\'s own dispatch stands')
      })
    }
  }

  private adopted (p: ReplayProgress, offers: OutageOffer[]): void {
    if (offers.length === 0) return
    for (const o of offers) p.adopted.add(o.offerId)
    this.o.adopted?.(offers.map(o => o.offerId))
  }

  /**
   * One record into PostgreSQL (a dead letter, or an alert of a replay batch that failed). An
   * unreachable database aborts the replay (the records stay); a record PostgreSQL refuses for what
   * it holds (it would be refused on every replay) is kept as a dead letter with the reason instead
   * (null), so that it cannot hold back every record after it.
   */
  private async replayRecord (e: Extract<JournalEntry, { type: 'alert' | 'dead_letter' }>, offersOf: ReadonlyMap<AlertEntry, OfferDraft[]>): Promise<PersistResult | null> {
    try {
      if (e.type === 'dead_letter') {
        await insertDeadLetter(this.o.pool, { ...e, payload: Buffer.from(e.payload, 'base64') })
        return null
      }
      return (await this.o.pg.persistMany([fromStored(e.alert)], carried([e], offersOf)))[0]
    } catch (err) {
      if (isDatabaseUnavailable(err)) throw err
      this.o.log.error({ err, record: e.type }, 'journal record refused by PostgreSQL; kept as a dead letter')
      const raw = e.type === 'alert' ? e.alert.source.raw : e.payload
      const principalId = e.type === 'alert' ? e.alert.source.deviceId : e.principalId
      const topic = e.type === 'alert' ? e.alert.source.topic : e.topic
      await insertDeadLetter(this.o.pool, { principalId, topic, payload: Buffer.from(raw, 'base64'), code: 'replay_refused', reason: (err as Error).message })
      return null
    }
  }
}

/** Offers adopted in one transaction. */
const ADOPT_BATCH = 1000

/** The offers the items carry, by index: what persistMany adopts for the incidents they open. */
function carried (items: AlertEntry[], offersOf: ReadonlyMap<AlertEntry, OfferDraft[]>): Map<number, OfferDraft[]> {
  const at = new Map<number, OfferDraft[]>()
  items.forEach((e, k) => {
    const d = offersOf.get(e)
    if (d !== undefined) at.set(k, d)
  })
  return at
}

/** The records cut after each resolution of a provisional incident (most journals have none: one segment). */
export function untilEachResolution (records: JournalEntry[]): JournalEntry[][] {
  const segments: JournalEntry[][] = [[]]
  for (const e of records) {
    segments[segments.length - 1].push(e)
    if (e.type === 'reply' && e.action === 'RESOLVED') segments.push([])
  }
  return segments.filter(s => s.length > 0)
}

function alertKey (deviceId: string, alertId: string): string {
  return `${deviceId}\n${alertId}`
}
