// The simulator's db-outage fault against an in-process Flare whose PostgreSQL path goes through the
// simulator's proxy, cut over its HTTP control as `firmware-sim run --db-outage` does: every alert
// pressed during the outage is acknowledged (from the journal), and afterwards every invariant holds.
import t from 'tap'
import { ADMIN_KEY, startTestFlare } from '../helpers/flare.js'
import { createTestDatabase } from '../helpers/database.js'
import { provisionFleet } from '../../firmware-sim/provision.js'
import { runScenario } from '../../firmware-sim/sim/engine.js'
import { remoteControl, serveControl, startDbProxy } from '../../firmware-sim/db-proxy.js'
import { formatViolations } from '../../firmware-sim/report-table.js'

const AREA = { lat: -33.9249, lon: 18.4241, radiusM: 2000 }

t.test('steady presses with PostgreSQL cut for 4 s of an 8 s run', async (t) => {
  const db = await createTestDatabase()
  t.teardown(db.drop)
  const proxy = await startDbProxy()
  t.teardown(proxy.close)
  const control = await serveControl(proxy, 0)
  t.teardown(control.close)
  const f = await startTestFlare(t, { DATABASE_URL: proxy.through(db.url) }, db)
  const fleet = await provisionFleet({
    urls: { http: f.httpUrl, mqtt: f.mqttUrl, ws: f.wsUrl },
    apiKey: ADMIN_KEY,
    buttons: 6,
    wearables: 2,
    phones: 3,
    responders: 4,
    area: AREA,
    seed: 11,
    idPrefix: 'outage'
  })

  const r = await runScenario({
    fleet,
    scenario: 'steady',
    durationMs: 8000,
    rate: 8,
    seed: 7,
    apiKey: ADMIN_KEY,
    responders: { thinkMs: [20, 200], acceptProbability: 0.7, maxTravelMs: 600, locationEveryMs: 200, onSceneMs: 200 },
    settleMs: 500,
    dbOutage: { startMs: 2000, durationMs: 4000, control: remoteControl(`http://127.0.0.1:${control.port}`) }
  })
  const o = r.report.dbOutage
  t.ok(o !== undefined, 'the report has the outage')
  t.ok(o!.durationS >= 3.5 && o!.durationS <= 4.5, `cut for ${o!.durationS} s`)
  t.ok(o!.pressedDuring > 0, `${o!.pressedDuring} presses during the outage`)
  t.equal(o!.pubackedDuring, o!.pressedDuring, 'each one PUBACKed (from the journal)')
  const provisional = r.log.alerts.filter(e => e.acks.some(a => a.incidentNumber?.startsWith('P-') === true))
  t.ok(provisional.length > 0, `${provisional.length} alerts were given a provisional number`)
  t.ok(provisional.every(e => e.acks.some(a => a.incidentNumber?.startsWith('INC-') === true)), 'and each heard its final number after the replay')
  t.equal(r.report.alerts.unanswered, 0, 'no alert unanswered')
  const inv = r.invariants
  t.equal(inv?.ok, true, inv?.ok === true ? 'every invariant holds' : `violations:\n${formatViolations(inv?.violations ?? []).join('\n')}`)
  t.ok(proxy.forwarded > 0 && !proxy.isCut, 'the proxy carried Flare\'s connections and is restored')
})
