import t from 'tap'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pino } from 'pino'
import type { MqttClient } from 'mqtt'
import { startTestFlare, ADMIN_KEY, type TestFlare } from '../../helpers/flare.js'
import { createTestDatabase } from '../../helpers/database.js'
import { subscribe } from '../../helpers/mqtt.js'
import { keyWithRole } from '../api/keys.js'
import { loadConfig, ConfigError } from '../../../config/config.js'
import { startFlare } from '../../../gateway/app.js'
import { until } from '../../helpers/wait.js'

/** A connected JSON device subscribed to its acks; `alert` publishes QoS 1 and resolves with the matching ack. */
async function jsonDevice (f: TestFlare, kind: 'button' | 'wearable' | 'phone' = 'phone'): Promise<{ id: string, client: MqttClient, alert: (body: Record<string, unknown>) => Promise<any> }> {
  const d = await f.device({ kind, codec: 'json' })
  const client = await f.connect({ clientId: d.id, username: d.id, password: d.secret })
  const pending = new Map<string, (ack: any) => void>()
  const early = new Map<string, any>()
  client.on('message', (topic, payload) => {
    if (topic !== `dev/${d.id}/ack`) return
    const ack = JSON.parse(payload.toString())
    const w = pending.get(ack.alertId)
    if (w !== undefined) { pending.delete(ack.alertId); w(ack) } else early.set(ack.alertId, ack)
  })
  await subscribe(client, `dev/${d.id}/ack`)
  return {
    id: d.id,
    client,
    alert: async (body) => {
      const got = new Promise<any>((resolve) => {
        const a = early.get(body.alertId as string)
        if (a !== undefined) resolve(a); else pending.set(body.alertId as string, resolve)
      })
      await client.publishAsync(`dev/${d.id}/alert`, JSON.stringify(body), { qos: 1 })
      return await got
    }
  }
}

const goodRules = (n: number): Record<string, unknown> => ({
  rules: [{
    id: `panic-v${n}`,
    match: { kinds: ['PANIC'] },
    category: `security-v${n}`,
    priority: 1,
    openIncident: true,
    correlation: { key: 'device', windowS: 300 }
  }]
})

t.test('PUT /rules: a bad document is refused with its problems, the rules in force stay; a good one swaps', async (t) => {
  const f = await startTestFlare(t)
  const before = await f.api('GET', '/api/v1/rules')
  t.equal(before.status, 200)
  t.ok(before.body.version > 0, 'the built-in rules are stored as a version')
  t.same(before.body.file.rules, [])
  t.ok(before.body.effective.some((r: any) => r.id === 'panic'))

  const bad = await f.api('PUT', '/api/v1/rules', { rules: [goodRules(1).rules as any][0][0], extra: true })
  t.equal(bad.status, 400)
  t.equal(bad.body.error.code, 'invalid_rules')
  t.match(bad.body.error.message, 'unknown field "extra"')

  const bad2 = await f.api('PUT', '/api/v1/rules', { rules: [{ id: 'x', match: { kinds: ['PANIC'] }, category: 'c', priority: 1, openIncident: true, dispatch: { roles: ['security'], radiusM: -1 } }] })
  t.equal(bad2.status, 400)
  t.equal(bad2.body.error.code, 'invalid_rules')
  t.type(bad2.body.error.problems, Array)
  t.equal(bad2.body.error.problems.length, 1)
  t.match(bad2.body.error.problems[0], 'rule "x"')
  t.match(bad2.body.error.problems[0], 'dispatch.radiusM')

  const notJsonObject = await f.api('PUT', '/api/v1/rules', [1, 2])
  t.equal(notJsonObject.status, 400)

  const still = await f.api('GET', '/api/v1/rules')
  t.equal(still.body.version, before.body.version, 'refused documents leave the version in force')
  t.same(still.body.file, before.body.file)

  const good = await f.api('PUT', '/api/v1/rules', goodRules(1))
  t.equal(good.status, 200)
  t.ok(good.body.version > before.body.version, 'the version increases')
  t.equal(good.body.file.rules[0].id, 'panic-v1')
  t.equal(good.body.effective[0].id, 'panic-v1', 'user rules come before the built-ins')
  const after = await f.api('GET', '/api/v1/rules')
  t.equal(after.body.version, good.body.version)

  // the new rule classifies the next alert
  const dev = await jsonDevice(f)
  const ack = await dev.alert({ alertId: 'p1', kind: 'PANIC', location: { lat: 1, lon: 1 } })
  t.equal(ack.status, 'ACCEPTED')
  const inc = await f.api('GET', `/api/v1/incidents/${ack.incidentNumber as string}`)
  t.equal(inc.body.ruleId, 'panic-v1')
  t.equal(inc.body.category, 'security-v1')
})

t.test('PUT /rules needs the admin role; viewers can read', async (t) => {
  const f = await startTestFlare(t)
  const viewer = await keyWithRole(f, 'viewer')
  const dispatcher = await keyWithRole(f, 'dispatcher')
  t.equal((await f.api('GET', '/api/v1/rules', undefined, viewer)).status, 200)
  t.equal((await f.api('GET', '/api/v1/rules', undefined, null)).status, 401)
  t.equal((await f.api('PUT', '/api/v1/rules', goodRules(1), viewer)).status, 403)
  t.equal((await f.api('PUT', '/api/v1/rules', goodRules(1), dispatcher)).status, 403)
  t.equal((await f.api('PUT', '/api/v1/rules', goodRules(1), ADMIN_KEY)).status, 200)
})

t.test('concurrent PUTs: the newest stored version is the one in force', async (t) => {
  const f = await startTestFlare(t, { RULES_POLL_MS: '3600000' })
  // Several rounds: the stores' INSERTs can finish in another order than their ids were drawn.
  for (let round = 0; round < 5; round++) {
    const results = await Promise.all(Array.from({ length: 20 }, async (_, i) => await f.api('PUT', '/api/v1/rules', goodRules(round * 100 + i))))
    t.ok(results.every(r => r.status === 200))
    const { rows } = await f.app.db.pool.query('SELECT max(id)::int AS newest FROM rule_sets')
    const now = await f.api('GET', '/api/v1/rules')
    t.equal(now.body.version, rows[0].newest, 'the node runs the newest version, not the last PUT to finish')
  }
})

t.test('a second node on the same database picks up a new version by polling', async (t) => {
  const db = await createTestDatabase()
  t.teardown(db.drop)
  await t.test('two nodes', async (t) => {
    const a = await startTestFlare(t, { RULES_POLL_MS: '200' }, db)
    const b = await startTestFlare(t, { RULES_POLL_MS: '200' }, db)
    const start = (await a.api('GET', '/api/v1/rules')).body.version
    t.equal((await b.api('GET', '/api/v1/rules')).body.version, start, 'the second node starts with the stored version')

    const put = await a.api('PUT', '/api/v1/rules', goodRules(7))
    t.equal(put.status, 200)
    const seen = await until(async () => (await b.api('GET', '/api/v1/rules')).body, (v) => v.version === put.body.version)
    t.equal(seen.version, put.body.version, 'node b runs the version PUT on node a')
    t.equal(seen.file.rules[0].id, 'panic-v7')

    // and classifies with it
    const dev = await jsonDevice(b)
    const ack = await dev.alert({ alertId: 'b1', kind: 'PANIC' })
    t.equal(ack.status, 'ACCEPTED')
    const inc = await b.api('GET', `/api/v1/incidents/${ack.incidentNumber as string}`)
    t.equal(inc.body.ruleId, 'panic-v7')

    // a refused PUT on b changes nothing on a
    t.equal((await b.api('PUT', '/api/v1/rules', { rules: [{ id: 'BAD' }] })).status, 400)
    await new Promise(resolve => setTimeout(resolve, 600))
    t.equal((await a.api('GET', '/api/v1/rules')).body.version, put.body.version)
  })
})

t.test('RULES_FILE (YAML) is in force at start; reloadFile swaps it; a broken file is refused', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'flare-rules-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const file = join(dir, 'rules.yaml')
  writeFileSync(file, `
# building-specific panic rule
includeDefaults: true
rules:
  - id: lobby-panic
    description: Panic buttons in the lobby
    match:
      kinds: [PANIC]
      deviceKinds: [button]
    category: lobby
    priority: 2
    openIncident: true
    correlation: { key: device, windowS: 60 }
liveness:
  lowBatteryPct: 30
`)
  const f = await startTestFlare(t, { RULES_FILE: file })
  const first = (await f.api('GET', '/api/v1/rules')).body
  t.equal(first.file.rules[0].id, 'lobby-panic')
  t.equal(first.file.rules[0].correlation.windowS, 60)
  t.equal(first.liveness.lowBatteryPct, 30)
  t.equal(f.app.rules.current.version, first.version)

  const button = await jsonDevice(f, 'button')
  const phone = await jsonDevice(f, 'phone')
  const a1 = await button.alert({ alertId: 'f1', kind: 'PANIC' })
  t.equal((await f.api('GET', `/api/v1/incidents/${a1.incidentNumber as string}`)).body.ruleId, 'lobby-panic')
  const a2 = await phone.alert({ alertId: 'f1', kind: 'PANIC' })
  t.equal((await f.api('GET', `/api/v1/incidents/${a2.incidentNumber as string}`)).body.ruleId, 'panic', 'deviceKinds restricts the file rule')

  // SIGHUP: the rewritten file replaces the rules
  writeFileSync(file, `
rules:
  - id: lobby-panic-v2
    match: { kinds: [PANIC] }
    category: lobby2
    priority: 1
    openIncident: true
`)
  await f.app.rules.reloadFile()
  const second = (await f.api('GET', '/api/v1/rules')).body
  t.ok(second.version > first.version)
  t.equal(second.file.rules[0].id, 'lobby-panic-v2')
  t.equal(second.liveness.lowBatteryPct, 15, 'liveness back to its default')
  const a3 = await phone.alert({ alertId: 'f2', kind: 'FIRE', location: { lat: 10, lon: 10 } })
  t.equal((await f.api('GET', `/api/v1/incidents/${a3.incidentNumber as string}`)).body.ruleId, 'fire')
  const other = await jsonDevice(f, 'wearable')
  const a4 = await other.alert({ alertId: 'f3', kind: 'PANIC' })
  t.equal((await f.api('GET', `/api/v1/incidents/${a4.incidentNumber as string}`)).body.ruleId, 'lobby-panic-v2')

  // a file that does not parse, then one that does not validate: refused, the rules in force stay
  writeFileSync(file, 'rules: [ { id: broken\n  match: {')
  await f.app.rules.reloadFile()
  t.equal((await f.api('GET', '/api/v1/rules')).body.version, second.version)
  writeFileSync(file, 'rules:\n  - id: no-category\n    match: { kinds: [PANIC] }\n    priority: 1\n    openIncident: true\n')
  await f.app.rules.reloadFile()
  const third = (await f.api('GET', '/api/v1/rules')).body
  t.equal(third.version, second.version)
  t.equal(third.file.rules[0].id, 'lobby-panic-v2')
  const { rows } = await f.app.db.pool.query("SELECT count(*)::int AS n FROM rule_sets WHERE body::text LIKE '%no-category%'")
  t.equal(rows[0].n, 0, 'a refused file is not stored')
})

t.test('an invalid RULES_FILE stops start-up with a RULES_FILE error naming the rule and field', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'flare-rules-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const file = join(dir, 'rules.yaml')
  writeFileSync(file, 'rules:\n  - id: far\n    match: { kinds: [PANIC] }\n    category: c\n    priority: 1\n    openIncident: true\n    dispatch: { roles: [security], radiusM: -1 }\n')
  const db = await createTestDatabase()
  t.teardown(db.drop)
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: db.url, MQTT_HOST: '127.0.0.1', MQTT_PORT: '0', HTTP_HOST: '127.0.0.1', HTTP_PORT: '0', RULES_FILE: file })
  const err = await startFlare(config, pino({ level: 'silent' })).then(async (app) => { await app.close(); return undefined }, (e: unknown) => e)
  t.type(err, ConfigError)
  t.equal((err as ConfigError).variable, 'RULES_FILE')
  t.match((err as Error).message, 'rule "far"')
  t.match((err as Error).message, 'dispatch.radiusM')
})

t.test('payload values: FALL with heart rate ≥ 120 is priority 1, with 80 the plain fall rule', async (t) => {
  const f = await startTestFlare(t)
  const racing = await jsonDevice(f, 'wearable')
  const calm = await jsonDevice(f, 'wearable')
  const hi = await racing.alert({ alertId: 'fall-1', kind: 'FALL', vitals: { heartRateBpm: 120 }, location: { lat: 5, lon: 5 } })
  const lo = await calm.alert({ alertId: 'fall-1', kind: 'FALL', vitals: { heartRateBpm: 80 }, location: { lat: 5, lon: 5 } })
  t.equal(hi.status, 'ACCEPTED')
  t.equal(lo.status, 'ACCEPTED')
  const hiInc = (await f.api('GET', `/api/v1/incidents/${hi.incidentNumber as string}`)).body
  const loInc = (await f.api('GET', `/api/v1/incidents/${lo.incidentNumber as string}`)).body
  // The classification is recorded on the alert; the incident's priority may later be raised by escalation.
  t.equal(hiInc.ruleId, 'fall-with-high-heart-rate')
  t.equal(hiInc.category, 'medical')
  t.equal(hiInc.alerts[0].heartRateBpm, 120)
  t.equal(hiInc.alerts[0].ruleId, 'fall-with-high-heart-rate')
  t.equal(hiInc.alerts[0].priority, 1)
  t.equal(loInc.ruleId, 'fall')
  t.equal(loInc.alerts[0].heartRateBpm, 80)
  t.equal(loInc.alerts[0].ruleId, 'fall')
  t.equal(loInc.alerts[0].priority, 2)
  t.ok(hiInc.priority <= 1 && loInc.priority <= 2)
})

t.test('alerts in flight while the rules are replaced are all accepted and stored', async (t) => {
  const f = await startTestFlare(t, { RULES_POLL_MS: '100' })
  const devices = await Promise.all(Array.from({ length: 5 }, async () => await jsonDevice(f)))
  const perDevice = 40
  let done = false
  let puts = 0
  const putting = (async () => {
    // `done` is set below, once every alert is acked, while this loop awaits its requests.
    // eslint-disable-next-line no-unmodified-loop-condition
    while (!done) {
      const res = await f.api('PUT', '/api/v1/rules', puts % 2 === 0 ? goodRules(puts) : { rules: [], liveness: { lowBatteryPct: 10 + (puts % 5) } })
      if (res.status !== 200) throw new Error(`PUT /rules: ${res.status} ${JSON.stringify(res.body)}`)
      puts++
      // and, in between, a refused one
      if ((await f.api('PUT', '/api/v1/rules', { rules: [{ id: 'bad' }] })).status !== 400) throw new Error('bad rules accepted')
    }
  })()
  const acks = await Promise.all(devices.flatMap((d) => Array.from({ length: perDevice }, async (_, i) =>
    await d.alert({ alertId: `flight-${i}`, kind: i % 4 === 0 ? 'TEST' : 'PANIC', location: { lat: 3, lon: 3 } }))))
  done = true
  await putting
  t.ok(puts >= 2, `the rules were replaced while the alerts flew (${puts} times)`)
  t.equal(acks.length, 200)
  t.same(acks.filter(a => a.status !== 'ACCEPTED'), [], 'every alert got an ACCEPTED ack')
  const { rows } = await f.app.db.pool.query('SELECT count(*)::int AS n, count(DISTINCT (device_id, alert_id))::int AS d FROM alerts WHERE device_id = ANY($1)', [devices.map(d => d.id)])
  t.equal(rows[0].n, 200, 'all 200 are in the alerts table')
  t.equal(rows[0].d, 200)
  const inc = await f.app.db.pool.query("SELECT device_id, sum(alert_count)::int AS n FROM incidents WHERE kind = 'PANIC' GROUP BY device_id")
  t.equal(inc.rows.length, 5, 'the PANICs of each device correlate into one incident, whatever rule version classified them')
  t.ok(inc.rows.every((r: any) => r.n === 30))
})
