// The replay's segments: cut after each resolution of a provisional incident, so an alert journaled
// after it is replayed only once the resolution is in PostgreSQL (and is not correlated into it).
import t from 'tap'
import { untilEachResolution, type JournalEntry } from '../../../gateway/pipeline/journaled-store.js'

const alert = (n: number): JournalEntry => ({ type: 'alert', at: n, provisional: `P-${n}`, alert: {} as any })
const reply = (action: 'ACCEPT' | 'RESOLVED', n: number): JournalEntry => ({ type: 'reply', provisional: `P-${n}`, offerId: `o${n}`, responderId: 'r', action, at: n })

t.test('one segment without resolutions; a cut after each one', async (t) => {
  t.same(untilEachResolution([]), [])
  const plain = [alert(1), reply('ACCEPT', 1), alert(2)]
  t.same(untilEachResolution(plain), [plain], 'nothing resolved: the whole journal is one segment')
  const mixed = [alert(1), reply('RESOLVED', 1), alert(2), alert(3), reply('RESOLVED', 3)]
  t.same(untilEachResolution(mixed), [[alert(1), reply('RESOLVED', 1)], [alert(2), alert(3), reply('RESOLVED', 3)]], 'each segment ends with a resolution, none is empty')
})
