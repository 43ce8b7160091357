// SIGKILL of a node under load from the simulator: firmware-sim's devices and responders are given
// both nodes (their own first), so when node A dies its devices come back through node B and replay
// what was not acknowledged. The simulator's invariant check must hold over the whole run.
import t from 'tap'
import { ADMIN_KEY, sleep, startCluster } from './support.js'
import { provisionFleet } from '../../firmware-sim/provision.js'
import { runScenario } from '../../firmware-sim/sim/engine.js'
import type { Fleet } from '../../firmware-sim/fleet.js'
import { formatViolations } from '../../firmware-sim/report-table.js'

t.test('node A killed mid-run: every PUBACKed alert is in an incident, every invariant holds', async (t) => {
  const cluster = await startCluster(t, ['sim-a', 'sim-b'])
  const [a, b] = cluster.nodes
  const wsOf = (httpUrl: string): string => httpUrl.replace('http://', 'ws://') + '/mqtt'
  const fleet = await provisionFleet({
    urls: { http: b.httpUrl, mqtt: b.mqttUrl, ws: wsOf(b.httpUrl) },
    apiKey: ADMIN_KEY,
    buttons: 10,
    wearables: 2,
    phones: 4,
    responders: 6,
    area: { lat: 59.3293, lon: 18.0686, radiusM: 2000 },
    seed: 21,
    idPrefix: 'kill'
  })
  // Half the fleet prefers A, half B; the check reads from B, which survives.
  const half = (parity: 0 | 1): Fleet => {
    const [first, second] = parity === 0 ? [a, b] : [b, a]
    return {
      ...fleet,
      urls: { http: b.httpUrl, mqtt: `${first.mqttUrl},${second.mqttUrl}`, ws: `${wsOf(first.httpUrl)},${wsOf(second.httpUrl)}` },
      devices: fleet.devices.filter((_, i) => i % 2 === parity),
      responders: fleet.responders.filter((_, i) => i % 2 === parity)
    }
  }
  const runs = [0, 1].map(async (parity) => await runScenario({
    fleet: half(parity as 0 | 1),
    scenario: 'steady',
    durationMs: 8000,
    rate: 6,
    seed: 40 + parity,
    apiKey: ADMIN_KEY,
    responders: { thinkMs: [20, 200], acceptProbability: 0.7, maxTravelMs: 600, locationEveryMs: 300, onSceneMs: 200 },
    settleMs: 3000
  }))
  await sleep(3000)
  await a.kill()
  const results = await Promise.all(runs)
  for (const [i, r] of results.entries()) {
    const inv = r.invariants
    t.equal(inv?.ok, true, inv?.ok === true ? `half ${i}: every invariant holds (${inv.checked.alerts} alerts)` : `half ${i} violations:\n${formatViolations(inv?.violations ?? []).join('\n')}`)
    t.equal(r.report.alerts.unanswered, 0, `half ${i}: every alert answered in the end`)
  }
  t.ok(results[0].report.connections.connects > fleet.devices.length / 2, 'the half that preferred A reconnected (to B)')
})
