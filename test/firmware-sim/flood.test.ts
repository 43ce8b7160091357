// The flood scenario against an in-process Flare (real PostgreSQL, real MQTT): one device floods as
// fast as its socket allows and one responder stops reading, while the others press. Everyone
// else's alerts must still be accepted and offered, and Flare must stay up. Behaviour only, no timing.
import t from 'tap'
import { ADMIN_KEY, startTestFlare } from '../helpers/flare.js'
import { provisionFleet } from '../../firmware-sim/provision.js'
import { runScenario } from '../../firmware-sim/sim/engine.js'
import { formatViolations } from '../../firmware-sim/report-table.js'

// This test is about a flood with PostgreSQL up; a commit slowed past the 1 s deadline by a busy
// machine would put alerts in degraded mode (provisional numbers), which has its own tests.
t.test('flood: the flooder is held back, the others are served, Flare stays up', async (t) => {
  // A low inflow limit, so the flood is surely over it however fast this machine is.
  const f = await startTestFlare(t, { MQTT_CLIENT_MSGS_PER_SEC: '100', PERSIST_DEADLINE_MS: '30000' })
  const fleet = await provisionFleet({
    urls: { http: f.httpUrl, mqtt: f.mqttUrl, ws: f.wsUrl },
    apiKey: ADMIN_KEY,
    buttons: 5,
    wearables: 0,
    phones: 0,
    responders: 6,
    area: { lat: -33.9249, lon: 18.4241, radiusM: 2000 },
    seed: 7,
    idPrefix: 'flood'
  })
  const r = await runScenario({
    fleet,
    scenario: 'flood',
    durationMs: 4000,
    rate: 4,
    seed: 3,
    apiKey: ADMIN_KEY,
    responders: { thinkMs: [20, 200], acceptProbability: 1, maxTravelMs: 500, locationEveryMs: 200, onSceneMs: 200 },
    settleMs: 500
  })
  const flood = r.report.flood
  t.ok(flood !== undefined, 'the report has a flood section')
  t.equal(flood!.flooders, 1)
  t.equal(flood!.frozenResponders, 1)
  t.ok(flood!.qos0Sent > 0 && flood!.qos1Sent > 0, `the flooder sent ${flood!.qos0Sent} QoS 0 and ${flood!.qos1Sent} QoS 1 publishes`)
  // Held back by the inflow limit and the per-client handler slots: far less got through than was written.
  t.ok(flood!.qos1Acked < flood!.qos1Sent, `and Flare held it back: ${flood!.qos1Acked} of them PUBACKed`)

  const inv = r.invariants
  t.equal(inv?.ok, true, inv?.ok === true ? 'every invariant holds' : `violations:\n${formatViolations(inv?.violations ?? []).join('\n')}`)
  t.ok(inv!.checked.dispatchNeeded > 0, `${inv!.checked.dispatchNeeded} incidents needed dispatch, each was offered`)
  const o = flood!.others
  t.ok(o.pressed > 0, `the other devices pressed ${o.pressed} times`)
  t.equal(o.unanswered, 0, 'and every one of those alerts was answered')
  const flooder = r.log.flood!.flooders[0]
  const others = r.log.alerts.filter(e => e.deviceId !== flooder)
  t.ok(others.some(e => e.acks.some(a => a.status === 'ACCEPTED')), 'another device\'s alert was ACCEPTED')
  t.ok(r.log.offers.some(x => x.deviceId !== undefined && x.deviceId !== flooder), 'and offered to a responder')
  t.equal((await fetch(`${f.httpUrl}/readyz`)).status, 200, 'Flare is alive and ready')
})
