// Latency statistics for the run report and the live progress line.
//
// Percentiles are exact and use the nearest-rank method: for n samples sorted ascending, the p-th
// percentile (0 < p <= 100) is the sample at 1-based rank ceil(p/100 × n). It is always one of the
// measured values (no interpolation), so "p99 = 12.3 ms" means at least 99 % of the samples were
// ≤ 12.3 ms and at least one sample was exactly that. p = 0 gives the minimum.

export interface LatencySummary {
  count: number
  /** milliseconds; null when there are no samples */
  p50: number | null
  p95: number | null
  p99: number | null
  max: number | null
}

/** Nearest-rank percentile of samples already sorted ascending; undefined for no samples. */
export function percentileOfSorted (sorted: readonly number[], p: number): number | undefined {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be within 0..100, got ${p}`)
  if (sorted.length === 0) return undefined
  if (p === 0) return sorted[0]
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length, rank) - 1]
}

/** Nearest-rank percentile of unsorted samples (sorts a copy). */
export function percentile (samples: readonly number[], p: number): number | undefined {
  return percentileOfSorted(sortedCopy(samples), p)
}

export function sortedCopy (samples: readonly number[]): number[] {
  // Float64Array sorts numerically (Array#sort would compare as strings) and fast.
  return Array.from(Float64Array.from(samples).sort())
}

/** Rounds to 0.01 ms: finer digits are noise from timers and would only clutter reports. */
const round = (v: number | undefined): number | null => v === undefined ? null : Math.round(v * 100) / 100

export function summarize (samples: readonly number[]): LatencySummary {
  const sorted = sortedCopy(samples)
  return {
    count: sorted.length,
    p50: round(percentileOfSorted(sorted, 50)),
    p95: round(percentileOfSorted(sorted, 95)),
    p99: round(percentileOfSorted(sorted, 99)),
    max: round(sorted[sorted.length - 1])
  }
}

/**
 * The most recent `capacity` samples in a ring buffer: a histogram-free "current" percentile for the
 * progress line. Memory is bounded whatever the run length; a quantile costs one sort of at most
 * `capacity` numbers, which is nothing at one progress update per second.
 */
export class RecentSamples {
  private readonly ring: Float64Array
  private next = 0
  private filled = 0

  constructor (readonly capacity = 2048) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be a positive integer')
    this.ring = new Float64Array(capacity)
  }

  add (sample: number): void {
    this.ring[this.next] = sample
    this.next = (this.next + 1) % this.capacity
    if (this.filled < this.capacity) this.filled++
  }

  get size (): number {
    return this.filled
  }

  /** Nearest-rank percentile of the samples currently held; undefined when empty. */
  percentile (p: number): number | undefined {
    const sorted = this.ring.slice(0, this.filled).sort()
    return percentileOfSorted(Array.from(sorted), p)
  }
}
