// The invariant check against a live Flare: fetch its view, then the pure check.
import { checkInvariants, type InvariantResult } from './invariants.js'
import { fetchRemoteState } from './remote-state.js'
import { RestClient } from './rest.js'
import type { RunLog } from './sim/run-log.js'

export async function checkRun (log: RunLog, opts: { apiKey: string, httpUrl?: string }): Promise<InvariantResult> {
  const rest = new RestClient(opts.httpUrl ?? log.urls.http, opts.apiKey)
  return checkInvariants(log, await fetchRemoteState(rest, log))
}
