import type { OfferDraft, OutageOffer } from '../dispatch/adopt-offers.js'
import type { JournalEntry } from './journaled-store.js'

/**
 * What a journal replay does with the offers degraded dispatch made: each provisional incident's
 * offers ride with the alert that opened it into the persist transaction, which adopts them when it
 * opens the incident (instead of PostgreSQL's own candidate search); offers journaled after their
 * incident was replayed (during the replay) are adopted on their own.
 */

/**
 * The records' offers by provisional incident. An offer is settled when the records also hold its
 * answer or an accept of its incident: it is not sent to the responder again.
 */
export function offersByIncident (records: JournalEntry[]): Map<string, OfferDraft[]> {
  const answered = new Set<string>()
  const accepted = new Set<string>()
  for (const e of records) {
    if (e.type !== 'reply') continue
    answered.add(e.offerId)
    if (e.action === 'ACCEPT') accepted.add(e.provisional)
  }
  const by = new Map<string, OfferDraft[]>()
  for (const e of records) {
    if (e.type !== 'offer') continue
    const drafts = by.get(e.provisional) ?? []
    drafts.push({ offerId: e.offerId, responderId: e.responderId, madeAt: e.at, distanceM: e.distanceM, settled: answered.has(e.offerId) || accepted.has(e.provisional) })
    by.set(e.provisional, drafts)
  }
  return by
}

/** Where a replay has got to, across its segments and reads of the journal. */
export interface ReplayProgress {
  /** the final incident of each provisional one, once its alert is in PostgreSQL */
  finalOf: Map<string, string>
  /** the provisional incidents a replay opened in PostgreSQL, whose offers are adopted */
  adopting: Set<string>
  /** the offers adopted so far */
  adopted: Set<string>
}

interface AlertRecord { provisional: string }
type Committed = { status: 'ACCEPTED', incidentId: string | null, opened: boolean } | { status: 'DUPLICATE', incidentId: string | null }

/** Before the alerts: the opening alert of each provisional incident not yet replayed carries its offers. */
export function carriedOffers<A extends AlertRecord> (alerts: A[], drafts: ReadonlyMap<string, OfferDraft[]>, p: ReplayProgress): Map<A, OfferDraft[]> {
  const carried = new Map<A, OfferDraft[]>()
  const seen = new Set<string>()
  for (const e of alerts) {
    if (e.provisional === '' || seen.has(e.provisional)) continue
    seen.add(e.provisional)
    const d = drafts.get(e.provisional)
    if (d !== undefined && !p.finalOf.has(e.provisional)) carried.set(e, d)
  }
  return carried
}

/**
 * After the alerts committed (results in order; null: refused): the final incidents, which
 * offers their transactions adopted (`inPersist`), and which must be adopted on their own
 * (`later`): those carried by an alert that was a repeat (adopted again: nothing is written twice),
 * and those journaled after their incident was replayed. A provisional incident that joined one
 * PostgreSQL had already keeps that incident's dispatch: its offers are not adopted.
 */
export function afterAlerts<A extends AlertRecord> (alerts: A[], results: Array<Committed | null>, carried: ReadonlyMap<A, OfferDraft[]>, drafts: ReadonlyMap<string, OfferDraft[]>, p: ReplayProgress): { inPersist: OutageOffer[], later: OutageOffer[] } {
  const inPersist: OutageOffer[] = []
  const later: OutageOffer[] = []
  alerts.forEach((e, i) => {
    const r = results[i]
    if (e.provisional === '' || r === null || r.incidentId === null) return
    const opened = r.status === 'ACCEPTED' && r.opened
    if (!p.finalOf.has(e.provisional)) {
      p.finalOf.set(e.provisional, r.incidentId)
      if (opened || r.status === 'DUPLICATE') p.adopting.add(e.provisional)
    }
    const d = carried.get(e)
    if (d === undefined) return
    const incidentId = r.incidentId
    if (opened) inPersist.push(...d.map(x => ({ ...x, incidentId })))
    else if (r.status === 'DUPLICATE') later.push(...d.map(x => ({ ...x, incidentId })))
  })
  const carriedBy = new Set([...carried.keys()].map(e => e.provisional))
  for (const [provisional, d] of drafts) {
    const incidentId = p.finalOf.get(provisional)
    if (incidentId === undefined || !p.adopting.has(provisional) || carriedBy.has(provisional)) continue
    later.push(...d.map(x => ({ ...x, incidentId })))
  }
  return { inPersist, later }
}
