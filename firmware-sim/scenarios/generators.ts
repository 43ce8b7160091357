// One lazy event generator per phase type. Each yields its events in time order and draws only from
// its own Rng, so a phase's events depend on the seed and the fleet, never on other phases.
import type { AlertKindName } from '../../gateway/codec/wire.js'
import type { Rng } from '../random.js'
import { mergeByTime, TimeQueue } from './time-queue.js'
import type { PhaseSpec, PlanDevice, SimEvent } from './types.js'

/** A phase with its window, participants and rate worked out for one fleet and run. */
export interface ResolvedPhase {
  index: number
  name: string
  spec: PhaseSpec
  startMs: number
  endMs: number
  participants: PlanDevice[]
  /** presses per second (bounce: bursts per second) */
  rate: number
  kinds: AlertKindName[]
  /** flood: ids of the responders that stop reading */
  frozen?: string[]
}

type PressEvent = Extract<SimEvent, { type: 'press' }>

/** Arrival times of a Poisson process with `rate` per second within [startMs, endMs). */
function * arrivals (rng: Rng, rate: number, startMs: number, endMs: number): Generator<number> {
  if (!(rate > 0)) return
  for (let t = startMs + rng.exponentialMs(rate); t < endMs; t += rng.exponentialMs(rate)) yield t
}

function press (p: ResolvedPhase, rng: Rng, atMs: number, device: PlanDevice, extra: Partial<PressEvent> = {}): PressEvent {
  return { atMs, type: 'press', deviceId: device.id, phase: p.index, kind: rng.pick(p.kinds), ...extra }
}

/** steady and storm: presses from participants picked uniformly at Poisson times. */
export function * poissonPresses (p: ResolvedPhase, rng: Rng): Generator<SimEvent> {
  if (p.participants.length === 0) return
  for (const t of arrivals(rng, p.rate, p.startMs, p.endMs)) yield press(p, rng, t, rng.pick(p.participants))
}

/** bounce: at Poisson times one participant sends a burst of `presses` presses of one kind within `withinMs`. */
export function * bounceBursts (p: ResolvedPhase, rng: Rng): Generator<SimEvent> {
  if (p.participants.length === 0) return
  const [min, max] = p.spec.presses ?? [3, 5]
  const within = p.spec.withinMs ?? 1000
  const later = new TimeQueue<SimEvent>()
  let burst = 0
  for (const t of arrivals(rng, p.rate, p.startMs, p.endMs)) {
    while ((later.peek()?.atMs ?? Infinity) <= t) yield later.shift()!
    const device = rng.pick(p.participants)
    const kind = rng.pick(p.kinds)
    const n = rng.int(min, max)
    const offsets = [0, ...Array.from({ length: n - 1 }, () => rng.between(0, within))].sort((a, b) => a - b)
    burst++
    for (const o of offsets) later.push(press(p, rng, Math.min(t + o, p.endMs), device, { kind, burst }))
  }
  while (later.length > 0) yield later.shift()!
}

/**
 * offline: every participant disconnects in the first half second, presses arrive while all of them
 * are away, and each reconnects in the last half second, so the firmware replays its buffer.
 */
export function * offlineReplay (p: ResolvedPhase, rng: Rng): Generator<SimEvent> {
  if (p.participants.length === 0) return
  const spread = Math.min(500, (p.endMs - p.startMs) / 4)
  const downs = p.participants.map(d => ({ atMs: p.startMs + rng.between(0, spread), type: 'disconnect' as const, deviceId: d.id, phase: p.index }))
  const ups = p.participants.map(d => ({ atMs: p.endMs - rng.between(0, spread), type: 'reconnect' as const, deviceId: d.id, phase: p.index }))
  downs.sort((a, b) => a.atMs - b.atMs)
  ups.sort((a, b) => a.atMs - b.atMs)
  const presses = (function * () {
    for (const t of arrivals(rng, p.rate, p.startMs + spread, p.endMs - spread)) yield press(p, rng, t, rng.pick(p.participants))
  })()
  yield * mergeByTime<SimEvent>([downs, presses, ups])
}

/**
 * fall: the participants (wearables) send telemetry with a resting heart rate in turn, every
 * `telemetryEveryS` each; falls arrive at Poisson times, `highHeartRateShare` of them with a spike
 * (125–185 bpm, which the built-in rules treat as a medical emergency) and the rest at rest (60–95).
 */
export function * wearableFalls (p: ResolvedPhase, rng: Rng): Generator<SimEvent> {
  if (p.participants.length === 0) return
  const every = (p.spec.telemetryEveryS ?? 5) * 1000
  const high = p.spec.highHeartRateShare ?? 0.5
  const telemetry = (function * (): Generator<SimEvent> {
    if (!(every > 0)) return
    // Round-robin over the participants: one stream however many wearables there are.
    const step = every / p.participants.length
    for (let i = 0, t = p.startMs + step / 2; t < p.endMs; i++, t += step) {
      yield { atMs: t, type: 'telemetry', deviceId: p.participants[i % p.participants.length].id, phase: p.index, heartRateBpm: rng.int(60, 95) }
    }
  })()
  const falls = (function * (): Generator<SimEvent> {
    for (const t of arrivals(rng, p.rate, p.startMs, p.endMs)) {
      const heartRateBpm = rng.chance(high) ? rng.int(125, 185) : rng.int(60, 95)
      yield press(p, rng, t, rng.pick(p.participants), { heartRateBpm })
    }
  })()
  yield * mergeByTime<SimEvent>([telemetry, falls])
}

/**
 * flood: every participant starts flooding and every frozen responder stops reading at the start of
 * the window; at its end the flooders stop (and reboot) and the responders are restarted.
 */
export function * floodWindow (p: ResolvedPhase, rng: Rng): Generator<SimEvent> {
  const base = { phase: p.index }
  const share = p.spec.qos1Share ?? 0.5
  for (const d of p.participants) yield { ...base, atMs: p.startMs, type: 'flood-start', deviceId: d.id, kind: rng.pick(p.kinds), qos1Share: share }
  for (const id of p.frozen ?? []) yield { ...base, atMs: p.startMs, type: 'freeze', deviceId: id }
  for (const d of p.participants) yield { ...base, atMs: p.endMs, type: 'flood-stop', deviceId: d.id }
  for (const id of p.frozen ?? []) yield { ...base, atMs: p.endMs, type: 'thaw', deviceId: id }
}

export const GENERATORS: Record<PhaseSpec['type'], (p: ResolvedPhase, rng: Rng) => Generator<SimEvent>> = {
  steady: poissonPresses,
  storm: poissonPresses,
  bounce: bounceBursts,
  offline: offlineReplay,
  fall: wearableFalls,
  flood: floodWindow
}
