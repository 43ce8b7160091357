// The simulator's invariant check over a two-node run: two Flares sharing PostgreSQL and (for MQTT
// traffic) Redis, half of the fleet on each, steady, offline-replay and flap at once on both.
import t, { type Test } from 'tap'
import { ADMIN_KEY, startTestFlare, type TestFlare } from '../helpers/flare.js'
import { createTestDatabase } from '../helpers/database.js'
import { provisionFleet } from '../../firmware-sim/provision.js'
import { runScenario, type RunResult } from '../../firmware-sim/sim/engine.js'
import type { Fleet } from '../../firmware-sim/fleet.js'
import { formatViolations } from '../../firmware-sim/report-table.js'

const REDIS = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'
const AREA = { lat: 48.8566, lon: 2.3522, radiusM: 2000 }

/** The half of the fleet (every other device and responder) that connects to this node. */
function half (fleet: Fleet, node: TestFlare, parity: 0 | 1): Fleet {
  return {
    ...fleet,
    urls: { http: node.httpUrl, mqtt: node.mqttUrl, ws: node.wsUrl },
    devices: fleet.devices.filter((_, i) => i % 2 === parity),
    responders: fleet.responders.filter((_, i) => i % 2 === parity)
  }
}

function holds (t: Test, node: string, r: RunResult): void {
  const inv = r.invariants
  t.equal(inv?.ok, true, inv?.ok === true ? `${node}: every invariant holds (${inv.checked.alerts} alerts)` : `${node} violations:\n${formatViolations(inv?.violations ?? []).join('\n')}`)
  t.equal(r.report.alerts.unanswered, 0, `${node}: every alert answered`)
}

// This test is about the simulator across two nodes with PostgreSQL up; a commit slowed past the 1 s deadline by a busy
// machine would put alerts in degraded mode (provisional numbers), which has its own tests.
t.test('two nodes: steady, offline-replay and flap keep every invariant', async (t) => {
  const db = await createTestDatabase()
  t.teardown(db.drop)
  const a = await startTestFlare(t, { REDIS_URL: REDIS, NODE_ID: 'sim-a', PERSIST_DEADLINE_MS: '30000' }, db)
  const b = await startTestFlare(t, { REDIS_URL: REDIS, NODE_ID: 'sim-b', PERSIST_DEADLINE_MS: '30000' }, db)
  const fleet = await provisionFleet({
    urls: { http: a.httpUrl, mqtt: a.mqttUrl, ws: a.wsUrl },
    apiKey: ADMIN_KEY,
    buttons: 8,
    wearables: 2,
    phones: 4,
    responders: 6,
    area: AREA,
    seed: 11,
    idPrefix: 'two'
  })
  const responders = { thinkMs: [20, 200] as [number, number], acceptProbability: 0.7, maxTravelMs: 600, locationEveryMs: 200, onSceneMs: 200 }
  for (const [i, scenario] of ['steady', 'offline-replay', 'flap'].entries()) {
    await t.test(scenario, async (t) => {
      const [ra, rb] = await Promise.all([a, b].map(async (node, parity) => await runScenario({
        fleet: half(fleet, node, parity as 0 | 1), scenario, durationMs: 3000, rate: 4, seed: 100 + i * 2 + parity, apiKey: ADMIN_KEY, responders, settleMs: 800
      })))
      holds(t, 'node A', ra)
      holds(t, 'node B', rb)
    })
  }
})
