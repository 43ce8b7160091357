/**
 * Group commit: items submitted while earlier batches are in flight wait here and go together in
 * the next batch, one transaction and one durable commit for all of them. At low load a batch is
 * one item and starts at once (no added latency); under load batches grow, and the commits, the
 * round trips and the connections per item shrink. Nothing is held in memory past a commit: every
 * submitter is answered only after its batch committed.
 *
 * A batch that fails is retried item by item, each in its own transaction, so one bad item (or a
 * deadlock between two batches) costs only itself; unless `retryAlone` says the failure is not the
 * items' (the database is unreachable): then every item fails at once instead of one by one.
 */
export interface GroupCommitOptions {
  /** most items in one transaction */
  maxBatch: number
  /** batches in flight at once (each holds one database connection) */
  concurrency: number
  /**
   * items that must be waiting before a batch starts beside one already in flight (default 1: as
   * soon as a slot is free), unless the youngest batch in flight has run `parallelAfterMs`. Under
   * moderate load, batches side by side are small and slow each other down (they share the
   * database's cores): one at a time is both sooner and cheaper, and only a queue this long is worth
   * a second connection. A batch that takes long (a database far away, or busy) does not hold the
   * queue behind it past `parallelAfterMs`.
   */
  parallelAt?: number
  parallelAfterMs?: number
  /** called with each batch's size, for metrics */
  onBatch?: (size: number) => void
  /** called when a batch failed and its items are retried alone */
  onSplit?: (err: Error, size: number) => void
  /** whether a failed batch's items are worth retrying one by one (default: always) */
  retryAlone?: (err: Error) => boolean
}

interface Job<I, O> { item: I, resolve: (o: O) => void, reject: (err: Error) => void }

export class GroupCommit<I, O> {
  private readonly queue: Array<Job<I, O>> = []
  private running = 0
  private scheduled = false
  /** when the youngest batch in flight started */
  private lastStart = 0
  private later: NodeJS.Timeout | undefined

  /** `run` gets a batch and answers with one output per item, in order, once all are committed. */
  constructor (private readonly run: (batch: I[]) => Promise<O[]>, private readonly o: GroupCommitOptions) {}

  /** Items waiting for a batch (a gauge for /metrics). */
  get waiting (): number { return this.queue.length }

  submit (item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject })
      // Wait for the rest of this turn of the event loop: alerts that arrived in the same socket
      // read go together even when a slot is free.
      if (!this.scheduled) {
        this.scheduled = true
        setImmediate(() => { this.scheduled = false; this.pump() })
      }
    })
  }

  private pump (): void {
    while (this.running < this.o.concurrency && this.queue.length > 0) {
      if (this.running > 0 && this.queue.length < (this.o.parallelAt ?? 1)) {
        const wait = this.lastStart + (this.o.parallelAfterMs ?? Infinity) - performance.now()
        if (wait > 0) {
          if (wait !== Infinity && this.later === undefined) this.later = setTimeout(() => { this.later = undefined; this.pump() }, wait)
          return
        }
      }
      clearTimeout(this.later)
      this.later = undefined
      const jobs = this.queue.splice(0, this.o.maxBatch)
      this.lastStart = performance.now()
      this.running++
      void this.runBatch(jobs).finally(() => {
        this.running--
        this.pump()
      })
    }
  }

  private async runBatch (jobs: Array<Job<I, O>>): Promise<void> {
    this.o.onBatch?.(jobs.length)
    try {
      const out = await this.run(jobs.map(j => j.item))
      jobs.forEach((j, i) => { j.resolve(out[i]) })
    } catch (err) {
      if (jobs.length === 1 || this.o.retryAlone?.(err as Error) === false) {
        for (const j of jobs) j.reject(err as Error)
        return
      }
      this.o.onSplit?.(err as Error, jobs.length)
      for (const j of jobs) {
        try {
          j.resolve((await this.run([j.item]))[0])
        } catch (e) {
          j.reject(e as Error)
        }
      }
    }
  }
}
