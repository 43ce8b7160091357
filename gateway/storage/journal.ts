import { mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs'
import { open, readFile, type FileHandle } from 'node:fs/promises'
import { dirname } from 'node:path'
import { crc32 } from 'node:zlib'

/**
 * A node-local append-only journal: what must survive while PostgreSQL cannot take it. Each record
 * is `[u32 length][u32 crc32 of the payload][payload]` (big-endian), the payload JSON. An append
 * resolves only once its record is on disk (fdatasync); appends that arrive while a sync is running
 * are written and synced together with the next one (group fsync), so the cost per record falls as
 * the rate rises.
 *
 * On open, records are read back up to the first that is torn or corrupt (a power cut mid-write):
 * that record and everything after it are moved aside to a `.corrupt-<time>` file for forensics,
 * and the journal continues from the last good record.
 */

const HEADER_BYTES = 8
/** A record's length field above this is corruption, not a record. */
const MAX_RECORD_BYTES = 16 * 1024 * 1024

/** Why an append was refused: the bound, a full disk (or quota), or another write or sync error. */
export type JournalRefusal = 'bound' | 'disk_full' | 'io_error'

/** The journal is at its bound (JOURNAL_MAX_BYTES), or the disk is full: nothing more can be made durable here. */
export class JournalFullError extends Error {
  constructor (message: string, readonly reason: 'bound' | 'disk_full' = 'bound', cause?: Error) {
    super(message, { cause })
    this.name = 'JournalFullError'
  }
}

/** Another process (or another Flare in this one) has the journal open: two writers would interleave records. */
export class JournalLockedError extends Error {
  constructor (readonly file: string, readonly pid: number) {
    super(`${file} is in use by process ${pid}`)
    this.name = 'JournalLockedError'
  }
}

/** Journals open in this process: a lock file alone cannot tell two opens by one pid apart. */
const openHere = new Set<string>()

/** `<file>.lock` holds the writer's pid; one left by a dead process is taken over. */
function lock (file: string): void {
  const lockFile = `${file}.lock`
  if (openHere.has(file)) throw new JournalLockedError(file, process.pid)
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lockFile, String(process.pid), { flag: 'wx' })
      openHere.add(file)
      return
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
    }
    const pid = Number(readFileSync(lockFile, 'utf8').trim())
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) throw new JournalLockedError(file, pid)
    unlinkSync(lockFile)
  }
  throw new JournalLockedError(file, process.pid)
}

function alive (pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function unlock (file: string): void {
  openHere.delete(file)
  try { unlinkSync(`${file}.lock`) } catch {}
}

export interface JournalRecord<T> {
  /** byte offset of the record's end: replaying up to here and truncating keeps what came after */
  end: number
  value: T
}

export interface OpenedJournal<T> {
  journal: Journal<T>
  /** the records already on disk, oldest first */
  records: Array<JournalRecord<T>>
  /** where a torn or corrupt tail was moved, when there was one */
  setAside?: { file: string, bytes: number }
}

interface Pending { buf: Buffer, resolve: () => void, reject: (err: Error) => void }

export class Journal<T> {
  private size: number
  private count: number
  private queue: Pending[] = []
  /** bytes queued or being written: the bound counts them before they are on disk */
  private queuedBytes = 0
  /** a flush is queued or running: appends meanwhile join its next round */
  private flushing = false
  /** file operations (a flush round, truncation, a read) run one at a time, in order */
  private tail: Promise<void> = Promise.resolve()
  private closed = false
  /**
   * A failed write may have left part of a record past `size`, and cutting it off failed too: no
   * record may follow it (every later one would read as corrupt), so the next round cuts it first.
   */
  private torn = false
  /** Told of each refused append (a metric); set by whoever opened the journal. */
  onRefused: (reason: JournalRefusal) => void = () => {}

  private constructor (private readonly file: string, private fh: FileHandle, private readonly maxBytes: number, size: number, count: number) {
    this.size = size
    this.count = count
  }

  static async open<T> (file: string, maxBytes: number): Promise<OpenedJournal<T>> {
    mkdirSync(dirname(file), { recursive: true })
    lock(file)
    try {
      return await Journal.read<T>(file, maxBytes)
    } catch (err) {
      unlock(file)
      throw err
    }
  }

  private static async read<T> (file: string, maxBytes: number): Promise<OpenedJournal<T>> {
    let data: Buffer
    try {
      data = await readFile(file)
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
      data = Buffer.alloc(0)
    }
    const records: Array<JournalRecord<T>> = []
    let at = 0
    while (at < data.length) {
      const record = readRecord<T>(data, at)
      if (record === undefined) break
      records.push(record)
      at = record.end
    }
    let setAside: OpenedJournal<T>['setAside']
    if (at < data.length) {
      const aside = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`
      writeFileSync(aside, data.subarray(at))
      setAside = { file: aside, bytes: data.length - at }
      // Keep only the good prefix: written to a temporary file and renamed over the journal, so a
      // crash here leaves either the old journal or the good one.
      const tmp = `${file}.tmp`
      writeFileSync(tmp, data.subarray(0, at))
      renameSync(tmp, file)
    }
    const fh = await open(file, 'a')
    return { journal: new Journal<T>(file, fh, maxBytes, at, records.length), records, setAside }
  }

  /** Bytes on disk. */
  get bytes (): number { return this.size }

  /** Records on disk. */
  get records (): number { return this.count }

  /** Resolves once the record is on disk; rejects with JournalFullError at the bound or on a full disk. */
  async append (value: T): Promise<void> {
    if (this.closed) throw new Error('journal closed')
    const payload = Buffer.from(JSON.stringify(value), 'utf8')
    const buf = Buffer.allocUnsafe(HEADER_BYTES + payload.length)
    buf.writeUInt32BE(payload.length, 0)
    buf.writeUInt32BE(crc32(payload), 4)
    payload.copy(buf, HEADER_BYTES)
    if (this.size + this.queuedBytes + buf.length > this.maxBytes) {
      this.onRefused('bound')
      throw new JournalFullError(`journal is at its bound of ${this.maxBytes} bytes (JOURNAL_MAX_BYTES)`)
    }
    await new Promise<void>((resolve, reject) => {
      this.queue.push({ buf, resolve, reject })
      this.queuedBytes += buf.length
      if (!this.flushing) {
        this.flushing = true
        void this.exclusive(async () => { await this.flush() })
      }
    })
  }

  /** Runs fn after every file operation before it: a truncation never races a write. */
  private async exclusive<R> (fn: () => Promise<R>): Promise<R> {
    const run = this.tail.then(fn)
    this.tail = run.then(() => {}, () => {})
    return await run
  }

  private async flush (): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue
      this.queue = []
      const bytes = Buffer.concat(batch.map(p => p.buf))
      try {
        // What an earlier failure left past the last whole record goes first (see `torn`).
        if (this.torn) {
          await this.fh.truncate(this.size)
          this.torn = false
        }
        // A write may take less than all of it: go on from where it stopped.
        for (let at = 0; at < bytes.length;) at += (await this.fh.write(bytes, at, bytes.length - at)).bytesWritten
        await this.fh.datasync()
        this.size += bytes.length
        this.queuedBytes -= bytes.length
        this.count += batch.length
        for (const p of batch) p.resolve()
      } catch (err) {
        const e = err as NodeJS.ErrnoException
        const full = e.code === 'ENOSPC' || e.code === 'EDQUOT'
        const failure = full ? new JournalFullError(`journal write failed: ${e.code} (disk full)`, 'disk_full', e) : e
        this.queuedBytes -= bytes.length
        // A partial write (or one whose sync failed) would leave a torn record in the middle of the
        // file: cut back to the last whole one. If even that fails, the next round tries again
        // before it writes, and refuses its batch while it cannot. The refusal is answered after
        // the cut, so whoever hears it finds the file whole.
        this.torn = true
        try {
          await this.fh.truncate(this.size)
          this.torn = false
        } catch {}
        for (const p of batch) { this.onRefused(full ? 'disk_full' : 'io_error'); p.reject(failure) }
      }
    }
    this.flushing = false
  }

  /**
   * Drops the records up to `end` (what a replay committed), keeping any appended after them.
   * The kept tail is written to a new file that is renamed over the journal (atomic).
   */
  async truncate (end: number): Promise<void> {
    await this.exclusive(async () => { await this.truncateNow(end) })
  }

  private async truncateNow (end: number): Promise<void> {
    const all = await readFile(this.file)
    // Up to `size` only: bytes past it are what a failed write left (see `torn`), never acknowledged.
    const rest = all.subarray(end, this.size)
    let kept = 0
    for (let at = 0; at < rest.length;) {
      const record = readRecord(rest, at)
      if (record === undefined) break
      kept++
      at = record.end
    }
    // The kept tail is written before the handle is closed: when that write fails (a full disk), the
    // journal goes on with its old file and handle, and the truncation is tried again by the next replay.
    const tmp = `${this.file}.tmp`
    try {
      writeFileSync(tmp, rest)
    } catch (err) {
      try { unlinkSync(tmp) } catch {}
      throw err
    }
    await this.fh.close()
    renameSync(tmp, this.file)
    this.fh = await open(this.file, 'a')
    this.torn = false
    this.size = statSync(this.file).size
    this.count = kept
  }

  /** Every record now on disk, with its end offset. */
  async readAll (): Promise<Array<JournalRecord<T>>> {
    return await this.exclusive(async () => await this.readNow())
  }

  private async readNow (): Promise<Array<JournalRecord<T>>> {
    const data = await readFile(this.file)
    const records: Array<JournalRecord<T>> = []
    for (let at = 0; at < data.length;) {
      const record = readRecord<T>(data, at)
      if (record === undefined) break
      records.push(record)
      at = record.end
    }
    return records
  }

  async close (): Promise<void> {
    if (this.closed) return
    this.closed = true
    await this.exclusive(async () => { await this.fh.close() })
    unlock(this.file)
  }
}

/** The record at `at`, or undefined when it is torn (too short) or corrupt (bad length or checksum). */
function readRecord<T> (data: Buffer, at: number): JournalRecord<T> | undefined {
  if (data.length - at < HEADER_BYTES) return undefined
  const length = data.readUInt32BE(at)
  if (length > MAX_RECORD_BYTES || data.length - at - HEADER_BYTES < length) return undefined
  const payload = data.subarray(at + HEADER_BYTES, at + HEADER_BYTES + length)
  if (crc32(payload) !== data.readUInt32BE(at + 4)) return undefined
  try {
    return { end: at + HEADER_BYTES + length, value: JSON.parse(payload.toString('utf8')) as T }
  } catch {
    return undefined
  }
}
