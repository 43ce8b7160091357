import type { ClassifiedAlert, PersistResult } from './types.js'

/**
 * How a journal replay commits its alerts: big batches, each one persist transaction (the same
 * steps as a live batch: exact dedup, correlation, timeline, dispatch), in a few lanes at once.
 * An alert goes to the lane of its correlation key, so a key's alerts are committed in journal
 * order, one batch after the other, and two lanes never contend for one incident.
 */
export interface ReplayBatching {
  /** most alerts in one replay transaction */
  batch: number
  /** replay transactions in flight at once */
  lanes: number
}

/** Measured on two cores: past about 1,000 alerts a batch gains nothing, two lanes keep both busy. */
export const REPLAY_BATCHING: ReplayBatching = { batch: 1000, lanes: 2 }

export interface ReplayAlertsOptions<T> {
  batching: ReplayBatching
  /** commits a batch in one transaction; answers per alert, in order */
  commit: (cs: ClassifiedAlert[], items: T[]) => Promise<PersistResult[]>
  /**
   * A batch failed for what PostgreSQL holds (not because it is unreachable): its alerts one by
   * one, so that one refused alert costs only itself. Null: the alert was refused.
   */
  alone: (item: T) => Promise<PersistResult | null>
  /** whether an error means PostgreSQL is unreachable: the replay stops, the records stay */
  unavailable: (err: unknown) => boolean
  /** after a batch committed, per alert (not awaited before the next batch; awaited at the end) */
  committed: (item: T, alert: ClassifiedAlert, result: PersistResult) => Promise<void>
}

/** Commits the items' alerts; per item its result (null: refused), once every `committed` is done. */
export async function replayAlerts<T> (items: Array<{ item: T, alert: ClassifiedAlert }>, o: ReplayAlertsOptions<T>): Promise<Array<PersistResult | null>> {
  const results = new Array<PersistResult | null>(items.length).fill(null)
  const lanes: number[][] = Array.from({ length: o.batching.lanes }, () => [])
  items.forEach((x, i) => lanes[laneOf(x.alert.correlationKey, lanes.length)].push(i))
  const after: Array<Promise<void>> = []
  // Settled, not all: a lane that failed must not leave the other one committing behind the next replay.
  const done = await Promise.allSettled(lanes.map(async (lane) => {
    for (let from = 0; from < lane.length; from += o.batching.batch) {
      const chunk = lane.slice(from, from + o.batching.batch)
      let out: Array<PersistResult | null>
      try {
        out = await o.commit(chunk.map(i => items[i].alert), chunk.map(i => items[i].item))
      } catch (err) {
        if (o.unavailable(err)) throw err
        out = []
        for (const i of chunk) out.push(await o.alone(items[i].item))
      }
      chunk.forEach((i, k) => {
        results[i] = out[k]
        const r = out[k]
        if (r !== null) after.push(o.committed(items[i].item, items[i].alert, r))
      })
    }
  }))
  await Promise.all(after)
  for (const d of done) if (d.status === 'rejected') throw d.reason
  return results
}

/** A stable lane per correlation key (FNV-1a). */
function laneOf (key: string, lanes: number): number {
  if (lanes <= 1) return 0
  let h = 0x811c9dc5
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193)
  return (h >>> 0) % lanes
}
