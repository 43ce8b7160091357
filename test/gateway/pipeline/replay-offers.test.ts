// Which outage offers a replay adopts, and which it sends again (gateway/pipeline/replay-offers.ts).
import t from 'tap'
import { offeredIn, outageOffers } from '../../../gateway/pipeline/replay-offers.js'
import type { JournalEntry } from '../../../gateway/pipeline/journaled-store.js'

const offer = (provisional: string, offerId: string, responderId: string, at: number): JournalEntry => ({ type: 'offer', provisional, offerId, responderId, at, distanceM: 120 })

t.test('the offers of the incidents being adopted, on their final incidents; answered or taken ones are settled', async (t) => {
  const records: JournalEntry[] = [
    offer('P-a', 'o1', 'r1', 1), offer('P-a', 'o2', 'r2', 2), offer('P-b', 'o3', 'r1', 3), offer('P-c', 'o4', 'r3', 4), offer('P-d', 'o5', 'r4', 5),
    { type: 'reply', provisional: 'P-a', offerId: 'o2', responderId: 'r2', action: 'ACCEPT', at: 6 },
    { type: 'reply', provisional: 'P-d', offerId: 'o5', responderId: 'r4', action: 'DECLINE', at: 7 }
  ]
  t.same([...offeredIn(records)].sort(), ['P-a', 'P-b', 'P-c', 'P-d'])
  const finalOf = new Map([['P-a', 'i-a'], ['P-b', 'i-b'], ['P-d', 'i-d']])
  // P-b joined an incident PostgreSQL had already: not adopted. P-c is not in PostgreSQL yet.
  const adopted = outageOffers(records, finalOf, new Set(['P-a', 'P-c', 'P-d']))
  t.same(adopted, [
    { offerId: 'o1', incidentId: 'i-a', responderId: 'r1', madeAt: 1, distanceM: 120, settled: true },
    { offerId: 'o2', incidentId: 'i-a', responderId: 'r2', madeAt: 2, distanceM: 120, settled: true },
    { offerId: 'o5', incidentId: 'i-d', responderId: 'r4', madeAt: 5, distanceM: 120, settled: true }
  ], 'the accepted incident\'s offers and the declined one are settled; nothing for P-b or P-c')
  t.same(outageOffers([offer('P-e', 'o6', 'r5', 8)], new Map([['P-e', 'i-e']]), new Set(['P-e'])),
    [{ offerId: 'o6', incidentId: 'i-e', responderId: 'r5', madeAt: 8, distanceM: 120, settled: false }], 'an unanswered offer is sent again')
})
