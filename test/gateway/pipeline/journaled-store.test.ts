// The journaled store's view of a journal found at start, for a long outage's worth of records.
import t from 'tap'
import { JournaledAlertStore, type JournalEntry, type JournaledStoreOptions } from '../../../gateway/pipeline/journaled-store.js'

t.test('remember: the oldest record of a journal larger than a call has arguments', async (t) => {
  // remember() reads only the entries; nothing else of the store is touched.
  const store = new JournaledAlertStore({} as unknown as JournaledStoreOptions)
  const start = Date.now() - 60_000
  const entries: JournalEntry[] = Array.from({ length: 300_000 }, (_, i) => ({ type: 'offer', provisional: `P-${i}`, offerId: `o${i}`, responderId: 'r', at: start + i }))
  store.remember(entries)
  t.ok(store.oldestAgeSeconds >= 60, `the oldest record's age is counted from the first one (${store.oldestAgeSeconds} s)`)
})
