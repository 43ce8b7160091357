// Every built-in scenario plans the expected kinds of events, deterministically for a seed.
import t from 'tap'
import { writeFile, mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { distanceM } from '../../firmware-sim/geo.js'
import { BUILTIN_SCENARIOS } from '../../firmware-sim/scenarios/builtin.js'
import { loadScenario, scenarioProblems } from '../../firmware-sim/scenarios/load.js'
import { planScenario } from '../../firmware-sim/scenarios/plan.js'
import type { PlanDevice, Scenario, SimEvent } from '../../firmware-sim/scenarios/types.js'

const KINDS = ['button', 'wearable', 'phone'] as const
// 40 devices on a 5 × 8 grid about 1 km apart: positions matter for storm.
const FLEET: PlanDevice[] = Array.from({ length: 40 }, (_, i) => ({
  id: `d${String(i).padStart(2, '0')}`, kind: KINDS[i % 3], lat: -33.9 + Math.floor(i / 8) * 0.01, lon: 18.4 + (i % 8) * 0.01
}))
const byId = new Map(FLEET.map(d => [d.id, d]))
const OPTS = { durationMs: 20_000, rate: 10, seed: 1234 }
const events = (s: Scenario, opts = OPTS): SimEvent[] => [...planScenario(s, FLEET, opts).events()]
const of = <T extends SimEvent['type']>(es: SimEvent[], type: T): Array<Extract<SimEvent, { type: T }>> => es.filter(e => e.type === type) as any

t.test('every built-in: same seed, same events; another seed, other events; ordered, within the run', async (t) => {
  for (const s of Object.values(BUILTIN_SCENARIOS)) {
    const a = events(s)
    t.ok(a.length > 0, `${s.name}: plans events`)
    t.same(events(s), a, `${s.name}: deterministic for a seed`)
    t.notSame(events(s, { ...OPTS, seed: 99 }), a, `${s.name}: the seed matters`)
    t.ok(a.every((e, i) => i === 0 || a[i - 1].atMs <= e.atMs), `${s.name}: time-ordered`)
    t.ok(a.every(e => e.atMs >= 0 && e.atMs <= OPTS.durationMs), `${s.name}: within the run`)
    t.ok(a.every(e => byId.has(e.deviceId)), `${s.name}: only fleet devices`)
    t.same(scenarioProblems(JSON.parse(JSON.stringify(s))), [], `${s.name}: is itself a valid scenario file`)
  }
})

t.test('steady: Poisson presses at about --rate across the fleet, PANIC and MEDICAL', async (t) => {
  const es = events(BUILTIN_SCENARIOS.steady)
  const presses = of(es, 'press')
  t.equal(presses.length, es.length, 'only presses')
  t.ok(presses.length > 120 && presses.length < 280, `about 200 presses (${presses.length})`)
  t.same([...new Set(presses.map(p => p.kind))].sort(), ['MEDICAL', 'PANIC'])
  t.ok(new Set(presses.map(p => p.deviceId)).size > 30, 'spread over the fleet')
})

t.test('storm: a burst at 10× from the devices nearest one spot, in the middle fifth', async (t) => {
  const plan = planScenario(BUILTIN_SCENARIOS.storm, FLEET, OPTS)
  const storm = plan.phases[1]
  t.equal(storm.participants.length, 8, '20 % of 40 devices')
  const ids = new Set(storm.participants.map(d => d.id))
  const stormPresses = of([...plan.events()], 'press').filter(p => p.phase === 1)
  t.ok(stormPresses.length > 250, `about 400 storm presses (${stormPresses.length})`)
  t.ok(stormPresses.every(p => ids.has(p.deviceId) && p.atMs >= 8000 && p.atMs < 12_000), 'from the participants, within 40 %–60 % of the run')
  t.same([...new Set(stormPresses.map(p => p.kind))].sort(), ['FIRE', 'PANIC'])
  // One neighbourhood: every participant is nearer the others than the fleet's far corners are.
  const span = Math.max(...storm.participants.flatMap(a => storm.participants.map(b => distanceM(a, b))))
  t.ok(span < distanceM(FLEET[0], FLEET[39]) / 2, `participants within ${Math.round(span)} m of each other`)
})

t.test('bounce: bursts of 3–5 presses of one kind from one button within a second, each a separate press', async (t) => {
  const presses = of(events(BUILTIN_SCENARIOS.bounce), 'press')
  const bursts = new Map<number, typeof presses>()
  for (const p of presses) bursts.set(p.burst!, [...(bursts.get(p.burst!) ?? []), p])
  t.ok(bursts.size > 20, `${bursts.size} bursts`)
  for (const [n, b] of bursts) {
    if (b.length < 3 || b.length > 5) t.fail(`burst ${n} has ${b.length} presses`)
    if (new Set(b.map(p => p.deviceId)).size !== 1 || new Set(b.map(p => p.kind)).size !== 1) t.fail(`burst ${n} mixes devices or kinds`)
    if (byId.get(b[0].deviceId)!.kind !== 'button') t.fail(`burst ${n} is not from a button`)
    if (b[b.length - 1].atMs - b[0].atMs > 1000) t.fail(`burst ${n} spans more than a second`)
  }
  t.pass('every burst: one button, one kind, 3–5 presses within a second')
})

t.test('offline-replay: participants go down, presses happen while they are down, they all come back', async (t) => {
  const es = events(BUILTIN_SCENARIOS['offline-replay'])
  const downs = of(es, 'disconnect')
  const ups = of(es, 'reconnect')
  t.equal(downs.length, 12, '30 % of the fleet goes offline')
  t.same(ups.map(u => u.deviceId).sort(), downs.map(d => d.deviceId).sort(), 'and every one of them returns')
  const down = new Set<string>()
  let offlinePresses = 0
  for (const e of es) {
    if (e.type === 'disconnect') down.add(e.deviceId)
    if (e.type === 'reconnect') down.delete(e.deviceId)
    if (e.type === 'press' && e.phase === 1) {
      offlinePresses++
      if (!down.has(e.deviceId)) t.fail(`offline press from ${e.deviceId} while it is up`)
    }
  }
  t.ok(offlinePresses > 20, `${offlinePresses} presses while offline, all from devices that were down`)
  t.ok(downs.every(d => d.atMs >= 2000) && ups.every(u => u.atMs <= 12_000), 'between 10 % and 60 % of the run')
})

t.test('flap: drops and returns pair up per device, and some presses cut the link right after sending', async (t) => {
  const es = events(BUILTIN_SCENARIOS.flap)
  const holds = new Map<string, number>()
  for (const e of es) {
    if (e.type === 'disconnect') holds.set(e.deviceId, (holds.get(e.deviceId) ?? 0) + 1)
    if (e.type === 'press' && e.cutAfterMs !== undefined) holds.set(e.deviceId, (holds.get(e.deviceId) ?? 0) + 1)
    if (e.type === 'reconnect') holds.set(e.deviceId, (holds.get(e.deviceId) ?? 0) - 1)
  }
  t.ok([...holds.values()].every(n => n === 0), 'every outage ends by the end of the run')
  t.ok(of(es, 'disconnect').length > 40, 'about one drop per device every 10 s')
  const cuts = of(es, 'press').filter(p => p.cutAfterMs !== undefined)
  t.ok(cuts.length > 5 && cuts.every(c => c.cutAfterMs! >= 1 && c.cutAfterMs! <= 15), `${cuts.length} presses cut 1–15 ms after sending`)
})

t.test('garbage: about 30 % of presses become malformed payloads of every sort', async (t) => {
  const es = events(BUILTIN_SCENARIOS.garbage, { ...OPTS, durationMs: 60_000 })
  const bad = of(es, 'malformed')
  const share = bad.length / es.length
  t.ok(share > 0.2 && share < 0.4, `share ${share.toFixed(2)}`)
  t.equal(new Set(bad.map(b => b.malformation)).size, 7, 'every malformation appears')
})

t.test('fall: wearables only; heart-rate telemetry and FALL alerts, about half with a spike', async (t) => {
  const es = events(BUILTIN_SCENARIOS.fall)
  t.ok(es.every(e => byId.get(e.deviceId)!.kind === 'wearable'), 'only wearables')
  const falls = of(es, 'press')
  t.ok(falls.every(f => f.kind === 'FALL' && f.heartRateBpm !== undefined))
  const spikes = falls.filter(f => f.heartRateBpm! >= 120).length / falls.length
  t.ok(spikes > 0.3 && spikes < 0.7, `spikes ${spikes.toFixed(2)}`)
  const telemetry = of(es, 'telemetry')
  t.ok(telemetry.length >= 50 && telemetry.every(x => x.heartRateBpm! >= 60 && x.heartRateBpm! <= 95), `${telemetry.length} resting readings (every 5 s per wearable)`)
})

t.test('flood: one TCP device floods and one responder freezes in the middle half; the flooder does nothing else', async (t) => {
  const responders = ['r1', 'r2', 'r3']
  const plan = planScenario(BUILTIN_SCENARIOS.flood, FLEET, { ...OPTS, responders })
  const es = [...plan.events()]
  const starts = of(es, 'flood-start')
  const stops = of(es, 'flood-stop')
  t.equal(starts.length, 1, 'one flooder')
  const flooder = starts[0].deviceId
  t.ok(['button', 'wearable'].includes(byId.get(flooder)!.kind), 'a device on MQTT over TCP')
  t.same([starts[0].atMs, starts[0].kind, starts[0].qos1Share], [5000, 'PANIC', 0.5], 'from a quarter of the run: one PANIC repeated, half the flood at QoS 1')
  t.same(stops.map(e => [e.deviceId, e.atMs]), [[flooder, 15_000]], 'until three quarters')
  const freezes = of(es, 'freeze')
  t.equal(freezes.length, 1, 'one responder stops reading')
  t.ok(responders.includes(freezes[0].deviceId) && freezes[0].atMs === 5000)
  t.same(of(es, 'thaw').map(e => [e.deviceId, e.atMs]), [[freezes[0].deviceId, 15_000]], 'and is restarted at the end')
  const presses = of(es, 'press')
  t.ok(presses.length > 100, `the rest of the fleet presses as usual (${presses.length})`)
  t.notOk(presses.some(p => p.deviceId === flooder), 'the flooder takes part in no other phase')
  t.same([...planScenario(BUILTIN_SCENARIOS.flood, FLEET, { ...OPTS, responders }).events()], es, 'deterministic, responders included')
})

t.test('flood options: how many flood, how many freeze, the QoS 1 share; too few responders is a warning', async (t) => {
  const s: Scenario = { name: 'f', phases: [{ type: 'flood', flooders: 3, frozenResponders: 2, qos1Share: 0.2, deviceKinds: ['phone'], startS: 2, durationS: 4 }] }
  t.same(scenarioProblems(s), [], 'a valid scenario file')
  const es = [...planScenario(s, FLEET, { ...OPTS, responders: ['r1', 'r2', 'r3'] }).events()]
  const starts = of(es, 'flood-start')
  t.equal(new Set(starts.map(e => e.deviceId)).size, 3, 'three distinct flooders')
  t.ok(starts.every(e => byId.get(e.deviceId)!.kind === 'phone' && e.qos1Share === 0.2 && e.atMs === 2000))
  t.equal(new Set(of(es, 'freeze').map(e => e.deviceId)).size, 2, 'two distinct frozen responders')
  t.ok(of(es, 'thaw').every(e => e.atMs === 6000))
  const alone = planScenario(s, FLEET, OPTS)
  t.match(alone.warnings.join('\n'), /phase 0:flood: 2 responder\(s\) to freeze, the fleet has 0/)
  t.equal(of([...alone.events()], 'freeze').length, 0)
  t.match(scenarioProblems({ name: 'x', phases: [{ type: 'flood', flooders: 0, qos1Share: 2 }] }).join('\n'), /flooders must be >= 1[\s\S]*qos1Share must be <= 1/)
})

t.test('planning warns about phases that cannot do anything', async (t) => {
  const plan = planScenario({
    name: 'x',
    phases: [{ type: 'steady', deviceKinds: ['phone'] }, { type: 'steady', startS: 10, durationS: 30 }, { type: 'steady', name: 'late', startS: 30 }]
  }, FLEET.filter(d => d.kind === 'button'), OPTS)
  t.match(plan.warnings.join('\n'), /phase 0:steady: no device of the fleet matches it/)
  t.match(plan.warnings.join('\n'), /phase 1:steady: its window is clipped to the run's duration of 20 s/)
  t.match(plan.warnings.join('\n'), /phase late: its window is empty/)
  t.equal(plan.phases[1].endMs, 20_000)
})

t.test('scenario files: loaded by name or path, checked with every problem listed', async (t) => {
  t.equal(await loadScenario('bounce'), BUILTIN_SCENARIOS.bounce)
  await t.rejects(loadScenario('no-such-scenario'), /built-in: steady, storm, bounce, offline-replay, flap, garbage, fall/)
  const dir = await mkdtemp(join(tmpdir(), 'fsim-'))
  const good = { name: 'mine', phases: [{ type: 'steady', from: 0, to: 0.5, rate: 3, kinds: ['DURESS'], faults: { garbage: 0.1, flap: { everyS: 5, downS: 1 } } }, { type: 'fall', startS: 5, durationS: 5 }], responders: { acceptProbability: 1 } }
  await writeFile(join(dir, 'good.json'), JSON.stringify(good))
  t.same(await loadScenario(join(dir, 'good.json')), good)
  const bad = { name: 'bad', phases: [{ type: 'tornado' }, { type: 'steady', from: 0.5, to: 0.2, kinds: ['EXPLOSION'], extra: 1 }], responders: { acceptProbability: 2 } }
  t.match(scenarioProblems(bad).join('\n'), /\/phases\/0\/type must be equal to one of the allowed values/)
  t.match(scenarioProblems(bad).join('\n'), /additional properties \(extra\)/)
  await writeFile(join(dir, 'bad.json'), JSON.stringify({ name: 'bad', phases: [{ type: 'steady', from: 0.5, to: 0.2 }], responders: { acceptProbability: 2 } }))
  await t.rejects(loadScenario(join(dir, 'bad.json')), /needs from < to[\s\S]*acceptProbability must be within 0..1/)
  await writeFile(join(dir, 'broken.json'), '{')
  await t.rejects(loadScenario(join(dir, 'broken.json')), /not valid JSON/)
})
