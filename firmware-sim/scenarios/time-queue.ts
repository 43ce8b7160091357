// Helpers for lazy, time-ordered event streams: a sorted queue for events planned ahead of the
// current time (a burst's later presses, a flapping device's return) and a k-way merge of streams.

export interface Timed { atMs: number }

/** Kept sorted by atMs (ties keep insertion order), so the earliest is always at the front. */
export class TimeQueue<T extends Timed> {
  private readonly items: T[] = []

  push (item: T): void {
    let lo = 0
    let hi = this.items.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (this.items[mid].atMs <= item.atMs) lo = mid + 1
      else hi = mid
    }
    this.items.splice(lo, 0, item)
  }

  peek (): T | undefined {
    return this.items[0]
  }

  shift (): T | undefined {
    return this.items.shift()
  }

  get length (): number {
    return this.items.length
  }
}

/** Merges streams that are each ordered by atMs into one ordered stream; ties go to the earlier stream. */
export function * mergeByTime<T extends Timed> (streams: Array<Iterable<T>>): Generator<T> {
  const iterators = streams.map(s => s[Symbol.iterator]())
  const heads: Array<T | undefined> = iterators.map(it => { const r = it.next(); return r.done === true ? undefined : r.value })
  for (;;) {
    let best = -1
    for (let i = 0; i < heads.length; i++) {
      const h = heads[i]
      if (h !== undefined && (best < 0 || h.atMs < heads[best]!.atMs)) best = i
    }
    if (best < 0) return
    yield heads[best]!
    const r = iterators[best].next()
    heads[best] = r.done === true ? undefined : r.value
  }
}
