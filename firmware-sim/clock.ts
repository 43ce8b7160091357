// One clock for every timestamp in the run log: epoch milliseconds with sub-millisecond precision.
// performance.now() is monotonic, so latencies never go negative when the wall clock is adjusted
// during a run; timeOrigin anchors it to the epoch so the log can be compared with Flare's times.
import { performance } from 'node:perf_hooks'

export function nowMs (): number {
  return performance.timeOrigin + performance.now()
}
