// Which outage offers a replay adopts, in the persist transaction or on their own, and which it
// sends again (gateway/pipeline/replay-offers.ts).
import t from 'tap'
import { afterAlerts, carriedOffers, offersByIncident, type ReplayProgress } from '../../../gateway/pipeline/replay-offers.js'
import type { JournalEntry } from '../../../gateway/pipeline/journaled-store.js'

const offer = (provisional: string, offerId: string, at: number): JournalEntry => ({ type: 'offer', provisional, offerId, responderId: `r-${offerId}`, at, distanceM: 120 })
const draft = (offerId: string, at: number, settled: boolean): Record<string, unknown> => ({ offerId, responderId: `r-${offerId}`, madeAt: at, distanceM: 120, settled })
const progress = (): ReplayProgress => ({ finalOf: new Map(), adopting: new Set(), adopted: new Set() })

t.test('offers by provisional incident: answered ones, and all of an accepted incident, are settled', async (t) => {
  const by = offersByIncident([
    offer('P-a', 'o1', 1), offer('P-a', 'o2', 2), offer('P-b', 'o3', 3), offer('P-c', 'o4', 4),
    { type: 'reply', provisional: 'P-a', offerId: 'o2', responderId: 'r-o2', action: 'ACCEPT', at: 5 },
    { type: 'reply', provisional: 'P-c', offerId: 'o4', responderId: 'r-o4', action: 'DECLINE', at: 6 }
  ])
  t.same(by.get('P-a'), [draft('o1', 1, true), draft('o2', 2, true)])
  t.same(by.get('P-b'), [draft('o3', 3, false)], 'an unanswered offer is sent again')
  t.same(by.get('P-c'), [draft('o4', 4, true)])
})

t.test('the opening alert carries its incident\'s offers; the results decide where they are adopted', async (t) => {
  const p = progress()
  p.finalOf.set('P-old', 'i-old')
  p.adopting.add('P-old')
  const drafts = offersByIncident([offer('P-a', 'o1', 1), offer('P-b', 'o2', 2), offer('P-c', 'o3', 3), offer('P-old', 'o4', 4), offer('P-m', 'o5', 5)])
  const alerts = [{ provisional: 'P-a' }, { provisional: 'P-a' }, { provisional: 'P-b' }, { provisional: 'P-c' }, { provisional: 'P-m' }, { provisional: '' }]
  const carried = carriedOffers(alerts, drafts, p)
  t.same([...carried.keys()], [alerts[0], alerts[2], alerts[3], alerts[4]], 'the first alert of each incident not yet replayed')
  const { inPersist, later } = afterAlerts(alerts, [
    { status: 'ACCEPTED', incidentId: 'i-a', opened: true },
    { status: 'ACCEPTED', incidentId: 'i-a', opened: false },
    { status: 'DUPLICATE', incidentId: 'i-b' },
    null,
    { status: 'ACCEPTED', incidentId: 'i-x', opened: false },
    { status: 'ACCEPTED', incidentId: null, opened: false }
  ], carried, drafts, p)
  t.same(inPersist.map(o => [o.offerId, o.incidentId]), [['o1', 'i-a']], 'the incident its transaction opened')
  t.same(later.map(o => [o.offerId, o.incidentId]), [['o2', 'i-b'], ['o4', 'i-old']], 'a repeat\'s, and one journaled after its incident was replayed')
  t.same([...p.adopting].sort(), ['P-a', 'P-b', 'P-old'], 'a refused alert and one joined to an incident PostgreSQL had are not adopted')
  t.same(Object.fromEntries(p.finalOf), { 'P-old': 'i-old', 'P-a': 'i-a', 'P-b': 'i-b', 'P-m': 'i-x' })
})
