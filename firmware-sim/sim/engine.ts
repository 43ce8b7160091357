// runScenario: the run engine behind `firmware-sim run`, usable as a library (e.g. by a benchmark).
// Connects the fleet, plays the planned events in real time, drains outstanding alerts, then checks
// the invariants against the REST API and builds the report.
import { randomBytes } from 'node:crypto'
import { nowMs } from '../clock.js'
import type { Fleet, FleetUrls } from '../fleet.js'
import { checkInvariants, runIncidents, type InvariantResult } from '../invariants.js'
import { fetchRemoteState } from '../remote-state.js'
import { buildReport, type Report } from '../report.js'
import { mapLimit, RestClient } from '../rest.js'
import { loadScenario } from '../scenarios/load.js'
import { forPanels } from '../scenarios/panels.js'
import { planScenario } from '../scenarios/plan.js'
import type { PlanDevice, Scenario, SimEvent } from '../scenarios/types.js'
import { DEFAULT_FIRMWARE, DEFAULT_PANELS, DEFAULT_RESPONDERS, type FirmwareBehaviour, type PanelBehaviour, type ResponderBehaviour } from './behaviour.js'
import { dc09Target, incidentNumbers } from './dc09-run.js'
import { FleetSim } from './fleet-sim.js'
import { Recorder, type LiveCounters } from './recorder.js'
import { newDc09Log, type RunLog } from './run-log.js'

export interface ProgressSnapshot extends LiveCounters {
  protocol: 'mqtt' | 'dc09'
  elapsedMs: number
  durationMs: number
  /** 'connecting' | 'running' | 'draining' | 'checking' */
  stage: string
  /** presses per second over the last interval */
  ratePerS: number
  /** p99 press→PUBACK (DC-09: press→ACK) over the most recent samples, ms */
  p99Ms: number | undefined
  online: number
  pending: number
}

export interface RunScenarioOptions {
  fleet: Fleet
  /**
   * mqtt (default): the fleet's devices; dc09: the fleet's alarm panels, over SIA DC-09 to the
   * receiver at urls.dc09 (responders stay on MQTT)
   */
  protocol?: 'mqtt' | 'dc09'
  /** DC-09 runs: TCP (default) or UDP, and how panels behave */
  panels?: Partial<PanelBehaviour> & { transport?: 'tcp' | 'udp' }
  /** a scenario object, or a built-in name / JSON file path */
  scenario: Scenario | string
  durationMs?: number
  /** presses per second for phases without a rate of their own (default 5) */
  rate?: number
  /** default: random (and reported, so a run can be repeated) */
  seed?: number
  /** admin key: resets responders before the run and fetches Flare's view for the invariant check */
  apiKey?: string
  /** override the fleet file's URLs */
  urls?: Partial<FleetUrls>
  firmware?: Partial<FirmwareBehaviour>
  /** over the scenario's own responder settings */
  responders?: Partial<ResponderBehaviour>
  /** after the last planned event, wait up to this long for unanswered alerts (default 10 s) */
  drainMs?: number
  /** then this long for offers and replies still in flight (default 1 s) */
  settleMs?: number
  /** run the invariant check (needs apiKey; default true) */
  check?: boolean
  /** put responders back home and available before the run (needs apiKey; default true) */
  resetResponders?: boolean
  connectConcurrency?: number
  onProgress?: (p: ProgressSnapshot) => void
  progressEveryMs?: number
  /** aborting ends the planned events early; the run still drains, checks and reports */
  signal?: AbortSignal
  /**
   * A database outage during the run: Flare's path to PostgreSQL is cut `startMs` after the first
   * press and restored `durationMs` later (at the end of the presses at the latest). Before the
   * invariant check the run waits for Flare to say it is no longer degraded (its journal replayed).
   */
  dbOutage?: { startMs: number, durationMs: number, control: DbOutageControl }
}

/** Cuts and restores Flare's path to PostgreSQL, e.g. a `firmware-sim db-proxy` through its control URL. */
export interface DbOutageControl {
  cut: () => Promise<void>
  restore: () => Promise<void>
}

export interface RunResult {
  report: Report
  log: RunLog
  invariants?: InvariantResult
}

const sleep = async (ms: number): Promise<void> => { await new Promise(resolve => setTimeout(resolve, ms)) }

export async function runScenario (opts: RunScenarioOptions): Promise<RunResult> {
  const protocol = opts.protocol ?? 'mqtt'
  const loaded = typeof opts.scenario === 'string' ? await loadScenario(opts.scenario) : opts.scenario
  const scenario = protocol === 'dc09' ? forPanels(loaded) : loaded
  const durationMs = opts.durationMs ?? 60_000
  const rate = opts.rate ?? 5
  const seed = opts.seed ?? randomBytes(4).readUInt32LE(0)
  const urls: FleetUrls = { ...opts.fleet.urls, ...opts.urls }
  const panels = opts.fleet.panels ?? []
  const transport = opts.panels?.transport ?? 'tcp'
  const target = protocol === 'dc09' ? dc09Target(urls, transport, panels.length) : undefined
  const planned: PlanDevice[] = protocol === 'dc09' ? panels.map(p => ({ id: p.id, kind: 'panel', lat: p.lat, lon: p.lon })) : opts.fleet.devices
  const plan = planScenario(scenario, planned, { durationMs, rate, seed, responders: opts.fleet.responders.map(r => r.id) })
  const log: RunLog = {
    version: 1,
    protocol,
    // Alert ids are `${runId}.${seq}`: unique per device across runs, as Flare's dedup requires.
    runId: `r${Date.now().toString(36)}${randomBytes(2).toString('hex')}`,
    scenario: scenario.name,
    seed,
    rate,
    durationMs,
    startedAtMs: 0,
    endedAtMs: 0,
    urls,
    devices: protocol === 'dc09' ? panels.map(p => ({ id: p.id, kind: 'panel' })) : opts.fleet.devices.map(d => ({ id: d.id, kind: d.kind, codec: d.codec })),
    responders: opts.fleet.responders.map(r => ({ id: r.id, roles: r.roles, zones: r.zones, lat: r.lat, lon: r.lon })),
    alerts: [],
    offers: [],
    replies: [],
    telemetrySent: 0,
    skippedMalformed: 0,
    updates: 0,
    unmatchedAcks: 0,
    connections: { connects: 0, connectFailures: 0, plannedDrops: 0, unplannedDrops: 0 },
    warnings: [...plan.warnings],
    ...(protocol === 'dc09' ? { dc09: newDc09Log(transport, panels.filter(p => p.key !== null).length) } : {})
  }
  const recorder = new Recorder(log)
  const rest = opts.apiKey === undefined || opts.apiKey === '' ? undefined : new RestClient(urls.http, opts.apiKey)
  const fleet = new FleetSim({
    fleet: opts.fleet,
    urls,
    runId: log.runId,
    seed,
    firmware: { ...DEFAULT_FIRMWARE, ...opts.firmware },
    responders: { ...DEFAULT_RESPONDERS, ...scenario.responders, ...opts.responders },
    recorder,
    ...(target === undefined ? {} : { panels: { target, behaviour: { ...DEFAULT_PANELS, ...opts.panels }, log: log.dc09! } })
  })

  let stage = 'connecting'
  let t0 = nowMs()
  let lastPressed = 0
  let lastAt = t0
  const every = opts.progressEveryMs ?? 1000
  const progress = opts.onProgress === undefined
    ? undefined
    : setInterval(() => {
      const now = nowMs()
      const pressed = recorder.live.pressed + recorder.live.malformed
      const ratePerS = ((pressed - lastPressed) * 1000) / Math.max(1, now - lastAt)
      lastPressed = pressed
      lastAt = now
      opts.onProgress!({
        ...recorder.live,
        protocol,
        stage,
        elapsedMs: stage === 'connecting' ? 0 : now - t0,
        durationMs,
        ratePerS,
        p99Ms: recorder.recentPuback.percentile(99),
        online: fleet.online(),
        pending: fleet.pending()
      })
    }, every)

  try {
    try {
      if (rest !== undefined && opts.resetResponders !== false) {
        // Responders left busy or elsewhere by an earlier run would get no offers in this one.
        await mapLimit(opts.fleet.responders, 16, async r => await rest.patch(`/api/v1/responders/${encodeURIComponent(r.id)}`, { status: 'available', lat: r.lat, lon: r.lon }))
      }
      await fleet.connect(opts.connectConcurrency ?? 100)

      stage = 'running'
      t0 = nowMs()
      log.startedAtMs = t0
      const outage = opts.dbOutage === undefined ? undefined : scheduleOutage(opts.dbOutage, t0, durationMs, log)
      try {
        await play(plan.events(), fleet, t0, durationMs, opts.signal)
      } finally {
        await outage?.end()
      }
      fleet.calm()

      stage = 'draining'
      const drainUntil = nowMs() + (opts.drainMs ?? 10_000)
      while (fleet.pending() > 0 && nowMs() < drainUntil) await sleep(100)
      await sleep(opts.settleMs ?? 1000)
    } finally {
      await fleet.stop()
      log.endedAtMs = nowMs()
      if (log.startedAtMs === 0) log.startedAtMs = log.endedAtMs
    }

    let invariants: InvariantResult | undefined
    let skipped = 'not requested'
    let openedInRun: Set<string> | undefined
    let incidentOf: Map<string, string> | undefined
    if (opts.check !== false) {
      if (rest === undefined) skipped = 'no API key'
      else {
        stage = 'checking'
        try {
          if (opts.dbOutage !== undefined) await untilReplayed(urls.http, 120_000)
          const remote = await fetchRemoteState(rest, log)
          invariants = checkInvariants(log, remote)
          openedInRun = new Set(runIncidents(log, remote).map(i => i.number))
          if (protocol === 'dc09') incidentOf = incidentNumbers(remote)
        } catch (err) {
          // The run itself is done and its log worth keeping: `check` can try again later.
          skipped = `the check failed: ${(err as Error).message}`
        }
      }
    }
    return { report: buildReport(log, invariants ?? { ok: null, skipped }, openedInRun, incidentOf), log, invariants }
  } finally {
    if (progress !== undefined) clearInterval(progress)
  }
}

/** Plays events at their planned times (relative to t0); returns once all are played and the duration is over. */
async function play (events: Generator<SimEvent>, fleet: FleetSim, t0: number, durationMs: number, signal?: AbortSignal): Promise<void> {
  let next = events.next()
  for (;;) {
    if (signal?.aborted === true) return
    const elapsed = nowMs() - t0
    while (next.done !== true && next.value.atMs <= elapsed) {
      fleet.apply(next.value)
      next = events.next()
    }
    if (next.done === true && elapsed >= durationMs) return
    const due = next.done === true ? durationMs : next.value.atMs
    // Short sleeps keep presses close to their planned times; capped so an abort is noticed quickly.
    await sleep(Math.max(1, Math.min(due - elapsed, 50)))
  }
}

/** Cuts at t0 + startMs and restores durationMs later; `end` restores at once if it has not happened yet. */
function scheduleOutage (o: NonNullable<RunScenarioOptions['dbOutage']>, t0: number, runMs: number, log: RunLog): { end: () => Promise<void> } {
  let cutDone: Promise<void> | undefined
  let restored = false
  const restore = async (): Promise<void> => {
    if (restored || cutDone === undefined) return
    restored = true
    await cutDone
    await o.control.restore()
    if (log.dbOutage !== undefined) log.dbOutage.restoredAtMs = nowMs()
  }
  const startIn = Math.max(0, t0 + o.startMs - nowMs())
  const cutTimer = setTimeout(() => {
    cutDone = o.control.cut().then(() => { log.dbOutage = { cutAtMs: nowMs(), restoredAtMs: nowMs() } })
  }, startIn)
  const restoreTimer = setTimeout(() => { void restore() }, Math.min(startIn + o.durationMs, Math.max(0, t0 + runMs - nowMs())))
  return {
    end: async () => {
      clearTimeout(cutTimer)
      clearTimeout(restoreTimer)
      await restore()
    }
  }
}

/** Waits until Flare's /readyz no longer says degraded: what its journal held is in PostgreSQL. */
async function untilReplayed (httpUrl: string, maxMs: number): Promise<void> {
  const until = nowMs() + maxMs
  while (nowMs() < until) {
    try {
      const body = await (await fetch(`${httpUrl}/readyz`)).json() as { status?: string }
      if (body.status === 'ready') return
    } catch {}
    await sleep(250)
  }
  throw new Error(`Flare was still degraded ${maxMs / 1000} s after the outage ended`)
}
