import type { OutageOffer } from '../dispatch/adopt-offers.js'
import type { JournalEntry } from './journaled-store.js'

/**
 * What a journal replay does with the offers degraded dispatch made: the provisional incidents that
 * were offered (PostgreSQL's dispatch leaves those to the adopted offers), and the offers to adopt
 * once their incidents are in PostgreSQL.
 */

/** Provisional incidents with an offer among the records. */
export function offeredIn (records: JournalEntry[]): Set<string> {
  const offered = new Set<string>()
  for (const e of records) if (e.type === 'offer') offered.add(e.provisional)
  return offered
}

/**
 * The records' offers of the provisional incidents being adopted (those the replay opened in
 * PostgreSQL), on their final incidents. An offer is settled when the records also hold its
 * answer or an accept of its incident: it is not sent to the responder again.
 */
export function outageOffers (records: JournalEntry[], finalOf: ReadonlyMap<string, string>, adopting: ReadonlySet<string>): OutageOffer[] {
  const answered = new Set<string>()
  const accepted = new Set<string>()
  for (const e of records) {
    if (e.type !== 'reply') continue
    answered.add(e.offerId)
    if (e.action === 'ACCEPT') accepted.add(e.provisional)
  }
  return records.flatMap((e): OutageOffer[] => {
    if (e.type !== 'offer' || !adopting.has(e.provisional)) return []
    const incidentId = finalOf.get(e.provisional)
    if (incidentId === undefined) return []
    return [{
      offerId: e.offerId,
      incidentId,
      responderId: e.responderId,
      madeAt: e.at,
      distanceM: e.distanceM,
      settled: answered.has(e.offerId) || accepted.has(e.provisional)
    }]
  })
}
