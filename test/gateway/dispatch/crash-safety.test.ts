// The pipeline's promise (docs/pipeline.md): a PUBACK means the alert is committed, and a committed alert is dispatched
// even if the process dies before it could publish anything.
import t from 'tap'
import pg from 'pg'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import mqtt, { type MqttClient } from 'mqtt'
import { createTestDatabase } from '../../helpers/database.js'
import { startTestFlare, ADMIN_KEY } from '../../helpers/flare.js'
import { collect, subscribe } from '../../helpers/mqtt.js'
import { freePort, killSync, runMain, type FlareProcess } from '../storage/spawn.js'
import { decode } from '../../../gateway/codec/wire.js'
import { cutDatabase, databaseBehindProxy } from '../../helpers/outage.js'
import { until } from '../../helpers/wait.js'

const HERE = { lat: -33.9249, lon: 18.4241 }

async function connected (client: MqttClient): Promise<MqttClient> {
  if (client.connected) return client
  await new Promise<void>((resolve, reject) => {
    client.once('connect', () => resolve())
    client.once('error', reject)
  })
  return client
}

/** Resolves true on PUBACK, false when the connection closed first (the publish is then flushed with an error). */
function publishOutcome (client: MqttClient, topic: string, payload: string): Promise<{ acked: boolean, error?: Error }> {
  return new Promise((resolve) => {
    let settled = false
    client.publish(topic, payload, { qos: 1 }, (err) => {
      if (settled) return
      settled = true
      resolve(err === undefined || err === null ? { acked: true } : { acked: false, error: err })
    })
    client.once('close', () => {
      if (settled) return
      settled = true
      resolve({ acked: false })
    })
  })
}

t.test('killed right after the commit: the restarted process dispatches the committed alert', async (t) => {
  const db = await createTestDatabase()
  t.teardown(db.drop)
  const sql = new pg.Pool({ connectionString: db.url, max: 2 })
  t.teardown(async () => { await sql.end() })
  const [mqttPort, httpPort] = [await freePort(), await freePort()]
  const procs: FlareProcess[] = []
  const onExit = (): void => killSync(procs)
  process.on('exit', onExit)
  t.teardown(() => { killSync(procs); process.off('exit', onExit) })
  // The restarted process must find the journal the first one had: one file for both.
  const journalDir = mkdtempSync(join(tmpdir(), 'flare-crash-journal-'))
  t.teardown(() => rmSync(journalDir, { recursive: true, force: true }))
  const start = async (extra: Record<string, string>): Promise<FlareProcess> => {
    const p = runMain({
      JOURNAL_FILE: join(journalDir, 'node.journal'),
      DATABASE_URL: db.url,
      ADMIN_API_KEY: ADMIN_KEY,
      MQTT_HOST: '127.0.0.1',
      MQTT_PORT: String(mqttPort),
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: String(httpPort),
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      TIMER_INTERVAL_MS: '100',
      OUTBOX_INTERVAL_MS: '100',
      ...extra
    })
    procs.push(p)
    await p.up
    return p
  }
  const api = async (method: string, path: string, body?: unknown): Promise<any> => {
    const res = await fetch(`http://127.0.0.1:${httpPort}${path}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN_KEY}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body)
    })
    return { status: res.status, body: await res.json() }
  }
  const mqttUrl = `mqtt://127.0.0.1:${mqttPort}`

  const first = await start({ FAULT_INJECTION: 'exit-after-commit' })
  const dev = await api('POST', '/api/v1/devices', { kind: 'phone' })
  t.equal(dev.status, 201)
  const resp = await api('POST', '/api/v1/responders', { name: 'Guard', roles: ['security'], ...HERE })
  t.equal(resp.status, 201)
  const deviceId: string = dev.body.device.id
  const responderId: string = resp.body.responder.id

  // The responder's app: persistent session, fixed client id, reconnects by itself.
  const responder = mqtt.connect(mqttUrl, { clientId: responderId, username: responderId, password: resp.body.secret, clean: false, reconnectPeriod: 100, connectTimeout: 5000 })
  t.teardown(() => { responder.end(true) })
  const offers = collect(responder, `dispatch/${responderId}`)
  await connected(responder)
  t.equal(await subscribe(responder, `dispatch/${responderId}`, 1), 1)

  const device = mqtt.connect(mqttUrl, { clientId: deviceId, username: deviceId, password: dev.body.secret, reconnectPeriod: 0 })
  t.teardown(() => { device.end(true) })
  await connected(device)
  const outcome = publishOutcome(device, `dev/${deviceId}/alert`,
    JSON.stringify({ alertId: 'crash-1', kind: 'PANIC', location: { lat: HERE.lat + 0.001, lon: HERE.lon } }))
  const exit = await first.exited
  t.equal(exit.signal, 'SIGKILL', 'the process killed itself after the commit')
  t.equal((await outcome).acked, false, 'the device got no PUBACK')
  t.equal(offers.messages.length, 0, 'nothing was published before the process died')

  // What the dead process left behind: the alert, its incident, the offer and its message in the outbox.
  const incidents = await sql.query('SELECT id, number FROM incidents WHERE device_id = $1', [deviceId])
  t.equal(incidents.rows.length, 1, 'the incident is committed')
  const incident = incidents.rows[0]
  t.equal((await sql.query("SELECT count(*)::int AS n FROM alerts WHERE device_id = $1 AND alert_id = 'crash-1'", [deviceId])).rows[0].n, 1)
  const outbox = await sql.query('SELECT topic FROM outbox')
  t.ok(outbox.rows.some(r => r.topic === `dispatch/${responderId}`), 'the DispatchOffer waits in the outbox')

  // Restart without the fault on the same database and ports; the responder's app reconnects by itself.
  const second = await start({})
  await connected(responder)
  const offer = decode('DispatchMessage', await offers.next(30_000), 'json').offer
  t.ok(offer !== undefined, 'the responder receives the DispatchOffer')
  t.equal(offer?.incidentNumber, incident.number)
  t.equal(offer?.incidentId, incident.id)
  t.equal(offer?.deviceId, deviceId)
  t.equal(offer?.kind, 'PANIC')
  t.comment(`offer delivered on attempt ${offer?.attempt ?? '?'} (1: relayed from the outbox at start; more: re-sent)`)

  // The device retries: the alert is recognised, with the incident the dead process opened.
  device.end(true)
  const again = mqtt.connect(mqttUrl, { clientId: deviceId, username: deviceId, password: dev.body.secret, reconnectPeriod: 0 })
  t.teardown(() => { again.end(true) })
  await connected(again)
  const acks = collect(again, `dev/${deviceId}/ack`)
  await subscribe(again, `dev/${deviceId}/ack`)
  await again.publishAsync(`dev/${deviceId}/alert`, JSON.stringify({ alertId: 'crash-1', kind: 'PANIC' }), { qos: 1 })
  const ack = JSON.parse((await acks.next()).toString())
  t.equal(ack.status, 'DUPLICATE')
  t.equal(ack.incidentNumber, incident.number)

  // The responder accepts, so no re-sends remain, and the outbox drains.
  const results = collect(responder, `dispatch/${responderId}`)
  await responder.publishAsync(`resp/${responderId}/reply`, JSON.stringify({ replyId: 'r1', action: 'ACCEPT', offerId: offer?.offerId }), { qos: 1 })
  let result
  while (result === undefined) {
    const m = decode('DispatchMessage', await results.next(), 'json')
    if (m.result?.replyId === 'r1') result = m.result
  }
  t.equal(result.ok, true, 'the accept is applied')
  const depth = await until(async () => (await sql.query('SELECT count(*)::int AS n FROM outbox')).rows[0].n as number, (n) => n === 0, 20_000)
  t.equal(depth, 0, 'the outbox is empty afterwards')
  t.equal((await sql.query('SELECT state FROM incidents WHERE id = $1', [incident.id])).rows[0].state, 'ASSIGNED')
  t.equal((await sql.query('SELECT count(*)::int AS n FROM incidents')).rows[0].n, 1, 'still exactly one incident')

  responder.end(true)
  again.end(true)
  second.child.kill('SIGTERM')
  const stopped = await second.exited
  t.equal(stopped.code, 0, 'the restarted process stops cleanly')
})

t.test('database unreachable: the press is acknowledged from the journal, and committed once the database is back', async (t) => {
  const { db, proxy, url, direct } = await databaseBehindProxy(t)

  await t.test('cut, press, restore', async (t) => {
    const f = await startTestFlare(t, { DATABASE_URL: url, TIMER_INTERVAL_MS: '100', OUTBOX_INTERVAL_MS: '100' }, db)
    const d = await f.device({ kind: 'phone' })
    await f.responder({ roles: ['security'], ...HERE })
    const client = await f.connect({ clientId: d.id, username: d.id, password: d.secret })
    const acks = collect(client, `dev/${d.id}/ack`)
    await subscribe(client, `dev/${d.id}/ack`)
    const alert = JSON.stringify({ alertId: 'outage-1', kind: 'PANIC', location: HERE })

    // Cut, and let the pool notice that its idle connections died.
    await cutDatabase(proxy, f)
    const outcome = await publishOutcome(client, `dev/${d.id}/alert`, alert)
    t.equal(outcome.acked, true, 'PUBACK: the alert is in the node\'s journal')
    const ack = JSON.parse((await acks.next()).toString())
    t.equal(ack.status, 'ACCEPTED')
    t.match(ack.incidentNumber, /^P-/, 'a provisional incident number')
    t.match(ack.message, /provisional/)
    t.ok(f.app.gateway.degraded.availability.degraded, 'the node is degraded')
    t.equal(f.app.gateway.degraded.store.journaled, 1, 'one record in the journal')
    const repeat = await publishOutcome(client, `dev/${d.id}/alert`, alert)
    t.equal(repeat.acked, true, 'a retry is acknowledged too')
    const again = JSON.parse((await acks.next()).toString())
    t.match(again, { status: 'DUPLICATE', incidentNumber: ack.incidentNumber }, 'as a repeat of the same provisional incident')
    t.equal((await direct.query('SELECT count(*)::int AS n FROM alerts')).rows[0].n, 0, 'nothing in PostgreSQL yet')

    proxy.restore()
    const final = JSON.parse((await acks.next()).toString())
    t.equal(final.status, 'ACCEPTED', 'after the replay the device hears again')
    t.match(final.incidentNumber, /^INC-/, 'with the final number')
    t.match(final.message, new RegExp(`was provisional ${ack.incidentNumber as string}`))
    await until(async () => f.app.gateway.degraded.availability.degraded, (v) => !v, 20_000)
    t.notOk(f.app.gateway.degraded.availability.degraded, 'degraded mode is over')
    t.equal(f.app.gateway.degraded.store.journaled, 0, 'the journal is empty again')
    const after = await direct.query('SELECT number FROM incidents')
    t.same(after.rows.map(r => r.number), [final.incidentNumber], 'exactly one incident')
    t.equal((await direct.query("SELECT count(*)::int AS n FROM alerts WHERE alert_id = 'outage-1'")).rows[0].n, 1, 'and one alert')
    const offers = await until(async () => (await direct.query('SELECT count(*)::int AS n FROM offers')).rows[0].n, (n: number) => n > 0)
    t.ok(offers > 0, 'dispatch happened on replay')
  })
})

// A connection that dies while an alert's transaction holds it must not be an uncaught exception
// (gateway/storage/database.ts gives every pooled client an 'error' listener).
t.test('the database connection drops just as an alert arrives: Flare stays up, and the alert is not lost', async (t) => {
  const { db, proxy, url, direct } = await databaseBehindProxy(t)
  await t.test('cut and publish at once', async (t) => {
    const f = await startTestFlare(t, { DATABASE_URL: url, TIMER_INTERVAL_MS: '100', OUTBOX_INTERVAL_MS: '100' }, db)
    const d = await f.device({ kind: 'phone' })
    const client = await f.connect({ clientId: d.id, username: d.id, password: d.secret })
    proxy.cut()
    const outcome = await publishOutcome(client, `dev/${d.id}/alert`, JSON.stringify({ alertId: 'x', kind: 'PANIC' }))
    t.equal(outcome.acked, true, 'acknowledged from the journal')
    proxy.restore()
    const res = await until(async () => await f.api('GET', '/readyz'), (r) => r.status === 200 && r.body.status === 'ready', 20_000)
    t.equal(res.body.status, 'ready', 'still up, and ready again')
    const stored = await until(async () => (await direct.query("SELECT count(*)::int AS n FROM alerts WHERE alert_id = 'x'")).rows[0].n, (n: number) => n === 1, 20_000)
    t.equal(stored, 1, 'the alert is in PostgreSQL once')
  })
})
