// The node-local journal on a real file system: what is appended is there after a reopen, a torn or
// corrupt tail is set aside and the rest kept, the bound refuses, truncation keeps later records, a
// full disk (a real one: a small tmpfs) refuses without leaving a torn record behind.
import t, { type Test } from 'tap'
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { execFileSync } from 'node:child_process'
import type { FileHandle } from 'node:fs/promises'
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

/**
 * A small tmpfs of its own: the kernel's ENOSPC, with a write cut short where the space ends. We
 * run as root (CI too); without the mount this fails, rather than passing over nothing.
 */
function smallDisk (t: Test, bytes: number): string {
  const d = dir(t)
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${bytes}`, 'tmpfs', d], { stdio: 'pipe' })
  } catch (err) {
    throw new Error(`cannot mount a ${bytes}-byte tmpfs on ${d} for the full-disk test (needs root and CAP_SYS_ADMIN): ${String((err as Error).message)}`)
  }
  // Before dir()'s removal (teardowns run in reverse order).
  t.teardown(() => { execFileSync('umount', ['-l', d], { stdio: 'pipe' }) })
  return d
}

t.test('a full disk refuses the record it could not write, leaves no torn part, and later records are whole', async (t) => {
  const disk = smallDisk(t, 64 * 1024)
  const file = join(disk, 'journal')
  const refused: string[] = []
  const { journal } = await Journal.open<Rec>(file, 1 << 30)
  journal.onRefused = (reason) => { refused.push(reason) }
  for (let n = 0; n < 3; n++) await journal.append({ n, text: 'x'.repeat(1000) })
  const good = journal.bytes
  // Ballast takes most of what is left, so that the next record fits only in part.
  writeFileSync(join(disk, 'ballast'), Buffer.alloc(64 * 1024 - 4096 * 3 - 2000))
  const big = { n: 3, text: 'y'.repeat(40 * 1024) }
  const err = await journal.append(big).then(() => undefined, (e: unknown) => e)
  t.ok(err instanceof JournalFullError, `refused with JournalFullError (${String(err)})`)
  t.equal((err as JournalFullError).reason, 'disk_full')
  t.equal(((err as JournalFullError).cause as NodeJS.ErrnoException).code, 'ENOSPC', 'the kernel said ENOSPC')
  t.same(refused, ['disk_full'], 'the refusal is reported, with its reason')
  t.equal(readFileSync(file).length, good, 'the part of the record that was written is cut off again')
  t.equal(journal.records, 3)

  rmSync(join(disk, 'ballast')) // space comes back
  await journal.append({ n: 4 })
  await journal.close()
  const again = await Journal.open<Rec>(file, 1 << 30)
  t.same(again.records.map(r => r.value.n), [0, 1, 2, 4], 'the record after the refusal follows the good ones, readable')
  t.equal(again.setAside, undefined, 'nothing looks corrupt')
  await again.journal.close()
})

t.test('when cutting a torn part off fails, the next append cuts it first, and is refused while it cannot', async (t) => {
  const file = join(dir(t), 'journal')
  const { journal } = await Journal.open<Rec>(file, 1 << 20)
  await journal.append({ n: 0 })
  const good = journal.bytes
  // The handle is private; a shrinking ftruncate does not fail on demand on any local file system,
  // so its failure (an EIO, say) is put in by hand, around a real partial write left on disk.
  const fh = (journal as unknown as { fh: FileHandle }).fh
  const realWrite = fh.write.bind(fh)
  const realTruncate = fh.truncate.bind(fh)
  let failTruncate = 2
  fh.write = (async (buf: Buffer, offset: number, length: number) => {
    fh.write = realWrite as typeof fh.write
    await realWrite(buf, offset, Math.floor(length / 2)) // half a record, then the disk is full
    throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' })
  }) as typeof fh.write
  fh.truncate = (async (len?: number) => {
    if (failTruncate-- > 0) throw Object.assign(new Error('EIO: i/o error'), { code: 'EIO' })
    await realTruncate(len)
  }) as typeof fh.truncate
  await t.rejects(journal.append({ n: 1, text: 'x'.repeat(100) }), JournalFullError, 'the torn append is refused')
  t.ok(readFileSync(file).length > good, 'its first half is still on disk: the truncation failed')
  await t.rejects(journal.append({ n: 2 }), { code: 'EIO' }, 'nothing is written after a torn part that cannot be cut off')
  await journal.append({ n: 3 })
  t.equal(journal.records, 2)
  await journal.close()
  const again = await Journal.open<Rec>(file, 1 << 20)
  t.same(again.records.map(r => r.value.n), [0, 3], 'once cut, later records follow the good ones')
  t.equal(again.setAside, undefined)
  await again.journal.close()
})

t.test('a truncation that cannot write its new file (full disk) leaves the journal working', async (t) => {
  const disk = smallDisk(t, 64 * 1024)
  const file = join(disk, 'journal')
  const { journal } = await Journal.open<Rec>(file, 1 << 30)
  for (let n = 0; n < 3; n++) await journal.append({ n, text: 'x'.repeat(3000) })
  const replayed = await journal.readAll()
  await journal.append({ n: 3, text: 'x'.repeat(3000) }) // arrived while the replay ran: kept, so the rewrite needs space
  const ballast = join(disk, 'ballast')
  // Fill what is left, whatever tmpfs's accounting: the kept tail cannot be written anywhere.
  try { writeFileSync(ballast, Buffer.alloc(64 * 1024)) } catch {}
  await t.rejects(journal.truncate(replayed[0].end), { code: 'ENOSPC' }, 'the truncation fails on the full disk')
  t.equal(existsSync(`${file}.tmp`), false, 'and leaves no partial new file behind')
  rmSync(ballast)
  await journal.append({ n: 4 })
  t.same((await journal.readAll()).map(r => r.value.n), [0, 1, 2, 3, 4], 'the journal still takes appends, on its old file')
  await journal.truncate(replayed[0].end)
  t.same((await journal.readAll()).map(r => r.value.n), [1, 2, 3, 4], 'and the next truncation works')
  await journal.close()
})
