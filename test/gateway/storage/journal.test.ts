// The node-local journal on a real file system: what is appended is there after a reopen, a torn or
// corrupt tail is set aside and the rest kept, the bound refuses, truncation keeps later records.
import t, { type Test } from 'tap'
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Journal, JournalFullError } from '../../../gateway/storage/journal.js'

interface Rec { n: number, text?: string }

function dir (t: Test): string {
  const d = mkdtempSync(join(tmpdir(), 'flare-journal-'))
  t.teardown(() => rmSync(d, { recursive: true, force: true }))
  return d
}

t.test('appended records are on disk, in order, after a reopen', async (t) => {
  const file = join(dir(t), 'journal')
  const { journal, records } = await Journal.open<Rec>(file, 1 << 20)
  t.same(records, [], 'a new journal is empty')
  // Concurrent appends share syncs (group fsync); every one resolves only once it is on disk.
  await Promise.all(Array.from({ length: 200 }, async (_, n) => await journal.append({ n })))
  await journal.append({ n: 200, text: 'ünïcødé ✓' })
  t.equal(journal.records, 201)
  await journal.close()
  const again = await Journal.open<Rec>(file, 1 << 20)
  t.same(again.records.map(r => r.value.n), Array.from({ length: 201 }, (_, n) => n), 'all of them, in append order')
  t.equal(again.records[200].value.text, 'ünïcødé ✓')
  t.equal(again.setAside, undefined, 'nothing set aside')
  t.equal(again.journal.bytes, readFileSync(file).length)
  await again.journal.close()
})

t.test('a torn last record (power cut mid-write) is set aside; the good ones replay and appends go on', async (t) => {
  const file = join(dir(t), 'journal')
  const { journal } = await Journal.open<Rec>(file, 1 << 20)
  for (let n = 0; n < 3; n++) await journal.append({ n })
  await journal.close()
  const good = readFileSync(file).length
  // Half a record: a header promising 100 bytes and only 10 of them.
  const torn = Buffer.concat([Buffer.from([0, 0, 0, 100, 1, 2, 3, 4]), Buffer.from('{"n":3,"te')])
  appendFileSync(file, torn)

  const opened = await Journal.open<Rec>(file, 1 << 20)
  t.same(opened.records.map(r => r.value.n), [0, 1, 2], 'the whole records before it')
  t.ok(opened.setAside !== undefined && existsSync(opened.setAside.file), 'the torn tail is kept for forensics')
  t.same(readFileSync(opened.setAside?.file ?? ''), torn, 'byte for byte')
  t.equal(readFileSync(file).length, good, 'the journal is cut back to its last good record')
  await opened.journal.append({ n: 4 })
  await opened.journal.close()
  const after = await Journal.open<Rec>(file, 1 << 20)
  t.same(after.records.map(r => r.value.n), [0, 1, 2, 4], 'later appends follow the good records')
  t.equal(after.setAside, undefined)
  await after.journal.close()
})

t.test('a record whose checksum does not match ends the good part, whatever follows', async (t) => {
  const file = join(dir(t), 'journal')
  const { journal } = await Journal.open<Rec>(file, 1 << 20)
  for (let n = 0; n < 5; n++) await journal.append({ n })
  await journal.close()
  const bytes = readFileSync(file)
  const second = (await Journal.open<Rec>(file, 1 << 20))
  const start = second.records[1].end // the third record starts here
  await second.journal.close()
  bytes[start + 10] ^= 0xff // a flipped bit inside the third record's payload
  writeFileSync(file, bytes)
  const opened = await Journal.open<Rec>(file, 1 << 20)
  t.same(opened.records.map(r => r.value.n), [0, 1], 'records before the corrupt one')
  t.equal(opened.setAside?.bytes, bytes.length - start, 'the corrupt record and everything after it set aside')
  await opened.journal.close()
})

t.test('at its bound the journal refuses, and what it refused is not on disk', async (t) => {
  const file = join(dir(t), 'journal')
  const { journal } = await Journal.open<Rec>(file, 100)
  await journal.append({ n: 1, text: 'x'.repeat(40) })
  await t.rejects(journal.append({ n: 2, text: 'x'.repeat(60) }), JournalFullError)
  t.equal(journal.records, 1)
  await journal.close()
  const again = await Journal.open<Rec>(file, 100)
  t.same(again.records.map(r => r.value.n), [1])
  await again.journal.close()
})

t.test('truncating what a replay committed keeps the records appended after it', async (t) => {
  const file = join(dir(t), 'journal')
  const { journal } = await Journal.open<Rec>(file, 1 << 20)
  for (let n = 0; n < 3; n++) await journal.append({ n })
  const replayed = await journal.readAll()
  await journal.append({ n: 3 }) // arrived while the replay ran
  await journal.truncate(replayed[replayed.length - 1].end)
  t.equal(journal.records, 1)
  t.same((await journal.readAll()).map(r => r.value.n), [3])
  await journal.append({ n: 4 })
  await journal.close()
  const again = await Journal.open<Rec>(file, 1 << 20)
  t.same(again.records.map(r => r.value.n), [3, 4])
  await again.journal.close()
})

t.test('appends while a truncation runs are neither lost nor refused', async (t) => {
  const file = join(dir(t), 'journal')
  const { journal } = await Journal.open<Rec>(file, 1 << 24)
  for (let n = 0; n < 500; n++) await journal.append({ n, text: 'x'.repeat(200) })
  const replayed = await journal.readAll()
  // The truncation starts, and appends keep arriving while it reads, rewrites and reopens the file:
  // every append must resolve and survive.
  const truncating = journal.truncate(replayed[replayed.length - 1].end)
  const appends: Array<Promise<void>> = []
  for (let k = 0; k < 300; k++) {
    appends.push(journal.append({ n: 500 + k }))
    if (k % 10 === 0) await new Promise(resolve => setImmediate(resolve))
  }
  await Promise.all([truncating, ...appends])
  const left = (await journal.readAll()).map(r => r.value.n)
  t.same(left, Array.from({ length: 300 }, (_, k) => 500 + k), 'exactly the records appended after the replayed ones')
  t.equal(journal.records, 300)
  await journal.close()
  const again = await Journal.open<Rec>(file, 1 << 24)
  t.equal(again.records.length, 300, 'and they are on disk')
  await again.journal.close()
})
