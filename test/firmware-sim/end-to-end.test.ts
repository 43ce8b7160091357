// A short simulation against an in-process Flare (real PostgreSQL, real MQTT over TCP and WebSocket):
// a tiny fleet provisioned through the library, then steady, bounce and garbage for a few seconds
// each, then offline-replay and flap. The invariants must hold; figures are checked for consistency
// only, never for speed.
import t, { type Test } from 'tap'
import { ADMIN_KEY, startTestFlare } from '../helpers/flare.js'
import { provisionFleet } from '../../firmware-sim/provision.js'
import { runScenario, type RunResult } from '../../firmware-sim/sim/engine.js'
import type { Fleet } from '../../firmware-sim/fleet.js'
import { formatViolations } from '../../firmware-sim/report-table.js'

const AREA = { lat: -33.9249, lon: 18.4241, radiusM: 2000 }

async function run (fleet: Fleet, scenario: string, seed: number): Promise<RunResult> {
  return await runScenario({
    fleet,
    scenario,
    durationMs: 3000,
    rate: 6,
    seed,
    apiKey: ADMIN_KEY,
    // Quick responders, so offers are answered and trips finish within the run.
    responders: { thinkMs: [20, 200], acceptProbability: 0.7, maxTravelMs: 600, locationEveryMs: 200, onSceneMs: 200 },
    settleMs: 500
  })
}

function invariantsHold (t: Test, r: RunResult): void {
  const inv = r.invariants
  t.ok(inv !== undefined, 'the invariants were checked')
  t.equal(inv?.ok, true, inv?.ok === true ? 'every invariant holds' : `violations:\n${formatViolations(inv?.violations ?? []).join('\n')}`)
  t.ok(inv!.checked.alerts > 0, `${inv!.checked.alerts} alerts checked`)
}

t.test('built-in scenarios against Flare: every invariant holds', async (t) => {
  const f = await startTestFlare(t)
  const fleet = await provisionFleet({
    urls: { http: f.httpUrl, mqtt: f.mqttUrl, ws: f.wsUrl },
    apiKey: ADMIN_KEY,
    buttons: 6,
    wearables: 2,
    phones: 3,
    responders: 4,
    area: AREA,
    seed: 5,
    idPrefix: 'e2e'
  })
  t.equal(fleet.devices.length, 11)
  t.same(fleet.devices.filter(d => d.kind === 'phone').map(d => d.codec), ['json', 'json', 'json'], 'phones speak JSON')
  t.ok(fleet.devices.filter(d => d.kind !== 'phone').every(d => d.codec === 'protobuf'), 'buttons and wearables speak protobuf')

  await t.test('steady', async (t) => {
    const r = await run(fleet, 'steady', 1)
    invariantsHold(t, r)
    const a = r.report.alerts
    t.ok(a.pressed > 0, `${a.pressed} presses`)
    t.equal(a.unanswered, 0, 'every alert was answered')
    t.equal(a.pubacked, a.sent, 'every alert was PUBACKed')
    t.equal(r.report.acks.REJECTED, 0, 'nothing rejected')
    t.ok(r.report.connections.connects >= 15 && r.report.connections.connectFailures === 0, 'every device and responder connected (TCP and WebSocket)')
    t.ok(r.report.latencyMs.pressToPuback.count > 0, 'press→PUBACK measured')
  })

  await t.test('bounce', async (t) => {
    const r = await run(fleet, 'bounce', 2)
    invariantsHold(t, r)
    const buttons = new Set(fleet.devices.filter(d => d.kind === 'button').map(d => d.id))
    t.ok(r.log.alerts.every(e => buttons.has(e.deviceId)), 'only buttons bounce')
    const numbers = new Set(r.log.alerts.flatMap(e => e.acks.map(a => a.incidentNumber)))
    t.ok(numbers.size < r.report.alerts.pressed, `${r.report.alerts.pressed} presses made ${numbers.size} incidents: bursts correlate`)
    t.equal(r.report.alerts.unanswered, 0)
  })

  await t.test('garbage', async (t) => {
    const r = await run(fleet, 'garbage', 3)
    invariantsHold(t, r)
    t.ok(r.report.alerts.malformed > 0, `${r.report.alerts.malformed} malformed payloads sent`)
    t.equal(r.report.acks.REJECTED, r.report.alerts.malformed, 'each one REJECTED')
    t.ok(r.report.alerts.pressed > 0 && r.report.alerts.unanswered === 0, 'the valid ones all answered')
  })

  await t.test('offline-replay and flap: buffered and cut-off alerts arrive, each once', async (t) => {
    const offline = await run(fleet, 'offline-replay', 4)
    invariantsHold(t, offline)
    t.ok(offline.report.alerts.buffered > 0, `${offline.report.alerts.buffered} alerts pressed offline and replayed`)
    t.equal(offline.report.alerts.unanswered, 0)
    const flap = await run(fleet, 'flap', 5)
    invariantsHold(t, flap)
    t.ok(flap.report.connections.plannedDrops > 0, `${flap.report.connections.plannedDrops} planned drops`)
  })
})
