// Planning: a scenario + a fleet + run options (duration, rate, seed) → phases with their windows and
// participants, and a lazy, time-ordered, deterministic stream of SimEvents.
import type { AlertKindName } from '../../gateway/codec/wire.js'
import { distanceM } from '../geo.js'
import { deriveSeed, Rng } from '../random.js'
import { flapping, withCuts, withGarbage } from './faults.js'
import { GENERATORS, type ResolvedPhase } from './generators.js'
import { mergeByTime } from './time-queue.js'
import type { PhaseSpec, PhaseType, PlanDevice, PlanKind, Scenario, SimEvent } from './types.js'

export interface PlanOptions {
  durationMs: number
  /** the --rate: events per second for phases that name no rate of their own (times their rateScale) */
  rate: number
  seed: number
  /** the fleet's responder ids, for phases that act on responders (flood freezes some) */
  responders?: string[]
}

export interface Plan {
  scenario: Scenario
  durationMs: number
  phases: ResolvedPhase[]
  /** phases that ended up with nothing to do, windows clipped to the run, … */
  warnings: string[]
  /** A fresh iterator over the planned events each call: the same events every time. */
  events: () => Generator<SimEvent>
}

/** Steady presses are mostly PANIC with some MEDICAL, so both security guards and medics get work. */
const DEFAULT_KINDS: Record<PhaseType, AlertKindName[]> = {
  steady: ['PANIC', 'PANIC', 'MEDICAL'],
  storm: ['PANIC', 'FIRE'],
  bounce: ['PANIC'],
  offline: ['PANIC'],
  fall: ['FALL'],
  flood: ['PANIC']
}
/** flood: devices on MQTT over TCP (phones use WebSocket), where the broker's socket limits apply. */
const DEFAULT_DEVICE_KINDS: Partial<Record<PhaseType, PlanKind[]>> = { bounce: ['button'], fall: ['wearable'], flood: ['button', 'wearable'] }
const DEFAULT_SHARE: Partial<Record<PhaseType, number>> = { storm: 0.2, offline: 0.3 }
/** bounce rates are bursts: a quarter of --rate gives about --rate presses per second. */
const DEFAULT_RATE_SCALE: Partial<Record<PhaseType, number>> = { bounce: 0.25 }

function windowOf (spec: PhaseSpec, durationMs: number): [number, number] {
  if (spec.startS !== undefined) {
    const start = spec.startS * 1000
    return [start, spec.durationS === undefined ? durationMs : start + spec.durationS * 1000]
  }
  return [(spec.from ?? 0) * durationMs, (spec.to ?? 1) * durationMs]
}

function participantsOf (spec: PhaseSpec, devices: PlanDevice[], rng: Rng): PlanDevice[] {
  const kinds = spec.deviceKinds ?? DEFAULT_DEVICE_KINDS[spec.type]
  const matching = kinds === undefined ? devices : devices.filter(d => kinds.includes(d.kind))
  if (matching.length === 0) return []
  const share = spec.share ?? DEFAULT_SHARE[spec.type] ?? 1
  const take = (n: number): number => Math.max(1, Math.ceil(share * n))
  if (spec.type === 'storm') {
    if (spec.area !== undefined) {
      const area = spec.area
      const inside = matching.filter(d => distanceM(d, area) <= area.radiusM)
      return inside.length === 0 ? [] : rng.shuffle(inside).slice(0, take(inside.length))
    }
    // No area given: the devices nearest a randomly chosen one, i.e. one neighbourhood.
    const centre = rng.pick(matching)
    return matching
      .map(d => ({ d, m: distanceM(d, centre) }))
      .sort((a, b) => a.m - b.m || (a.d.id < b.d.id ? -1 : 1))
      .slice(0, take(matching.length))
      .map(x => x.d)
  }
  if (spec.type === 'flood') return rng.shuffle(matching).slice(0, spec.flooders ?? 1)
  return share >= 1 ? matching.slice() : rng.shuffle(matching).slice(0, take(matching.length))
}

export function resolvePhase (spec: PhaseSpec, index: number, devices: PlanDevice[], opts: PlanOptions, warnings: string[]): ResolvedPhase {
  const name = spec.name ?? `${index}:${spec.type}`
  let [startMs, endMs] = windowOf(spec, opts.durationMs)
  if (endMs > opts.durationMs || startMs < 0) {
    warnings.push(`phase ${name}: its window is clipped to the run's duration of ${opts.durationMs / 1000} s`)
    startMs = Math.max(0, startMs)
    endMs = Math.min(opts.durationMs, endMs)
  }
  if (endMs <= startMs) warnings.push(`phase ${name}: its window is empty within the run's duration`)
  const participants = participantsOf(spec, devices, new Rng(deriveSeed(opts.seed, `phase:${index}:participants`)))
  if (participants.length === 0) warnings.push(`phase ${name}: no device of the fleet matches it, so it does nothing`)
  const rate = spec.rate ?? opts.rate * (spec.rateScale ?? DEFAULT_RATE_SCALE[spec.type] ?? 1)
  const resolved: ResolvedPhase = { index, name, spec, startMs, endMs: Math.max(startMs, endMs), participants, rate, kinds: spec.kinds ?? DEFAULT_KINDS[spec.type] }
  if (spec.type === 'flood') {
    const want = spec.frozenResponders ?? 1
    const responders = new Rng(deriveSeed(opts.seed, `phase:${index}:frozen`)).shuffle((opts.responders ?? []).slice())
    resolved.frozen = responders.slice(0, want)
    if (resolved.frozen.length < want) warnings.push(`phase ${name}: ${want} responder(s) to freeze, the fleet has ${responders.length}`)
  }
  return resolved
}

function phaseEvents (p: ResolvedPhase, seed: number): Generator<SimEvent> {
  const rng = (part: string): Rng => new Rng(deriveSeed(seed, `phase:${p.index}:${part}`))
  const faults = p.spec.faults ?? {}
  let presses: Iterable<SimEvent> = GENERATORS[p.spec.type](p, rng('events'))
  if (faults.garbage !== undefined && faults.garbage > 0) presses = withGarbage(presses, faults.garbage, rng('garbage'), faults.malformations)
  const cutShare = faults.flap?.cutShare ?? 0
  if (cutShare > 0) presses = withCuts(presses, cutShare, faults.flap!.downS, p.endMs, rng('cuts'))
  const streams: Array<Iterable<SimEvent>> = [presses]
  if (faults.flap !== undefined) streams.push(flapping(p, faults.flap.everyS, faults.flap.downS, rng('flap')))
  return mergeByTime(streams)
}

export function planScenario (scenario: Scenario, devices: PlanDevice[], opts: PlanOptions): Plan {
  if (!(opts.durationMs > 0)) throw new RangeError('the duration must be positive')
  if (!(opts.rate >= 0)) throw new RangeError('the rate must be a number ≥ 0')
  const warnings: string[] = []
  const phases = scenario.phases.map((spec, i) => resolvePhase(spec, i, devices, opts, warnings))
  // A flooding device does nothing else: its own presses would queue behind its flood.
  const flooders = new Set(phases.filter(p => p.spec.type === 'flood').flatMap(p => p.participants.map(d => d.id)))
  for (const p of phases) if (p.spec.type !== 'flood') p.participants = p.participants.filter(d => !flooders.has(d.id))
  return {
    scenario,
    durationMs: opts.durationMs,
    phases,
    warnings,
    events: () => mergeByTime(phases.map(p => phaseEvents(p, opts.seed)))
  }
}
