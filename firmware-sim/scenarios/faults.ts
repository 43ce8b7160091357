// Fault options that apply to any phase: malformed payloads mixed into its presses (garbage) and
// connections dropping and coming back while it runs (flap).
import { MALFORMATIONS, type Malformation } from '../malformed.js'
import type { Rng } from '../random.js'
import type { ResolvedPhase } from './generators.js'
import { TimeQueue } from './time-queue.js'
import type { SimEvent } from './types.js'

/** Replaces `share` of the presses with a malformed payload from the same device at the same time. */
export function * withGarbage (events: Iterable<SimEvent>, share: number, rng: Rng, kinds: readonly Malformation[] = MALFORMATIONS): Generator<SimEvent> {
  for (const e of events) {
    // The draw happens for every press, whatever the outcome, so the share does not shift later draws.
    if (e.type === 'press' && rng.chance(share)) {
      yield { atMs: e.atMs, type: 'malformed', deviceId: e.deviceId, phase: e.phase, malformation: rng.pick(kinds) }
    } else {
      yield e
    }
  }
}

/**
 * Connection drops over the phase's participants: drops arrive at Poisson times with a total rate of
 * participants / everyS, each hitting a participant that is up; it returns after downS × 0.5–1.5,
 * and at the latest when the phase ends, so no device stays away because of a phase that is over.
 */
export function * flapping (p: ResolvedPhase, everyS: number, downS: number, rng: Rng): Generator<SimEvent> {
  if (p.participants.length === 0 || !(everyS > 0)) return
  const rate = p.participants.length / everyS
  const returns = new TimeQueue<SimEvent>()
  const down = new Set<string>()
  let t = p.startMs
  for (;;) {
    t += rng.exponentialMs(rate)
    if (t >= p.endMs) break
    while ((returns.peek()?.atMs ?? Infinity) <= t) {
      const r = returns.shift()!
      down.delete(r.deviceId)
      yield r
    }
    const device = rng.pick(p.participants)
    if (down.has(device.id)) continue // already away: this drop is absorbed, as it would be in the field
    down.add(device.id)
    yield { atMs: t, type: 'disconnect', deviceId: device.id, phase: p.index }
    returns.push({ atMs: Math.min(p.endMs, t + downS * 1000 * rng.between(0.5, 1.5)), type: 'reconnect', deviceId: device.id, phase: p.index })
  }
  while (returns.length > 0) yield returns.shift()!
}

/**
 * Marks `share` of the presses to cut the link 1–15 ms after sending (about the time Flare needs to
 * commit, so some copies are lost, some committed without their ack reaching the device), and plans
 * the device's return after downS × 0.5–1.5 (by `endMs` at the latest, never before the cut).
 */
export function * withCuts (events: Iterable<SimEvent>, share: number, downS: number, endMs: number, rng: Rng): Generator<SimEvent> {
  const returns = new TimeQueue<SimEvent>()
  for (const e of events) {
    while ((returns.peek()?.atMs ?? Infinity) <= e.atMs) yield returns.shift()!
    if (e.type === 'press' && rng.chance(share)) {
      const cutAfterMs = rng.between(1, 15)
      yield { ...e, cutAfterMs }
      const back = Math.max(e.atMs + cutAfterMs + 1, Math.min(endMs, e.atMs + downS * 1000 * rng.between(0.5, 1.5)))
      returns.push({ atMs: back, type: 'reconnect', deviceId: e.deviceId, phase: e.phase })
    } else {
      yield e
    }
  }
  while (returns.length > 0) yield returns.shift()!
}
