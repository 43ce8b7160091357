import t from 'tap'
import type { MqttClient } from 'mqtt'
import { startTestFlare, type TestFlare } from '../../helpers/flare.js'
import { collect, subscribe } from '../../helpers/mqtt.js'
import { encode } from '../../../gateway/codec/wire.js'
import { until } from '../../helpers/wait.js'

async function connectDevice (f: TestFlare, body: Record<string, unknown>): Promise<{ id: string, secret: string, client: MqttClient, acks: ReturnType<typeof collect> }> {
  const d = await f.device(body)
  const client = await f.connect({ clientId: d.id, username: d.id, password: d.secret })
  const acks = collect(client, `dev/${d.id}/ack`)
  await subscribe(client, `dev/${d.id}/ack`)
  return { id: d.id, secret: d.secret, client, acks }
}

/** QoS 1: the PUBACK comes after the gateway handled the telemetry. */
async function telemetry (c: MqttClient, id: string, payload: string | Buffer): Promise<void> {
  await c.publishAsync(`dev/${id}/telemetry`, payload, { qos: 1 })
}

t.test('JSON telemetry updates battery, location and last seen', async (t) => {
  const f = await startTestFlare(t)
  const d = await connectDevice(f, { kind: 'phone' })
  const before = (await f.api('GET', `/api/v1/devices/${d.id}`)).body
  t.equal(before.batteryPct, null)
  t.equal(before.lat, null)

  await telemetry(d.client, d.id, JSON.stringify({ atMs: Date.now(), batteryPct: 55, location: { lat: -33.9249, lon: 18.4241, accuracyM: 12 } }))
  const after = (await f.api('GET', `/api/v1/devices/${d.id}`)).body
  t.equal(after.batteryPct, 55)
  t.equal(after.lat, -33.9249)
  t.equal(after.lon, 18.4241)
  t.type(after.lastSeenAt, 'string')
  t.ok(before.lastSeenAt === null || Date.parse(after.lastSeenAt) >= Date.parse(before.lastSeenAt))

  // fields left out keep their values
  await telemetry(d.client, d.id, JSON.stringify({ batteryPct: 54 }))
  const again = (await f.api('GET', `/api/v1/devices/${d.id}`)).body
  t.equal(again.batteryPct, 54)
  t.equal(again.lat, -33.9249)
  t.ok(Date.parse(again.lastSeenAt) >= Date.parse(after.lastSeenAt))

  // the location from telemetry is what an alert without one is dispatched from
  await d.client.publishAsync(`dev/${d.id}/alert`, JSON.stringify({ alertId: 'no-loc', kind: 'PANIC' }), { qos: 1 })
  const ack = JSON.parse((await d.acks.next()).toString())
  t.equal(ack.status, 'ACCEPTED')
  const timeline = (await f.api('GET', `/api/v1/incidents/${ack.incidentNumber as string}`)).body.timeline
  t.notOk(timeline.some((e: any) => e.type === 'no_location'), 'the device location on record was used')
})

t.test('protobuf telemetry from a button', async (t) => {
  const f = await startTestFlare(t)
  const d = await connectDevice(f, { kind: 'button' })
  await telemetry(d.client, d.id, encode('Telemetry', { batteryPct: 80, location: { lat: 1.5, lon: 2.5 } }, 'protobuf'))
  const dev = (await f.api('GET', `/api/v1/devices/${d.id}`)).body
  t.equal(dev.codec, 'protobuf')
  t.equal(dev.batteryPct, 80)
  t.equal(dev.lat, 1.5)
})

t.test('a battery at or below the threshold raises a LOW_BATTERY alert without an incident', async (t) => {
  const f = await startTestFlare(t)
  const d = await connectDevice(f, { kind: 'phone' })
  await telemetry(d.client, d.id, JSON.stringify({ batteryPct: 16 }))
  t.same((await f.api('GET', `/api/v1/alerts?device=${d.id}`)).body.items, [], '16 % is above the default 15 %')

  await telemetry(d.client, d.id, JSON.stringify({ batteryPct: 10, location: { lat: 4, lon: 5 } }))
  const alerts = (await f.api('GET', `/api/v1/alerts?device=${d.id}`)).body.items
  t.equal(alerts.length, 1)
  t.equal(alerts[0].kind, 'LOW_BATTERY')
  t.equal(alerts[0].ruleId, 'low-battery')
  t.equal(alerts[0].category, 'maintenance')
  t.equal(alerts[0].batteryPct, 10)
  t.equal(alerts[0].incidentId, null, 'the low-battery rule opens no incident')
  t.same((await f.api('GET', `/api/v1/incidents?device=${d.id}`)).body.items, [])
  t.equal((await f.api('GET', `/api/v1/devices/${d.id}`)).body.batteryPct, 10)

  // the same day again: one LOW_BATTERY per device and day
  await telemetry(d.client, d.id, JSON.stringify({ batteryPct: 9 }))
  t.equal((await f.api('GET', `/api/v1/alerts?device=${d.id}`)).body.items.length, 1)

  // no ack went to the device for the alert the gateway raised: the first ack it sees is for what it sent
  await telemetry(d.client, d.id, '{broken')
  const first = JSON.parse((await d.acks.next()).toString())
  t.equal(first.status, 'REJECTED')
  t.equal(d.acks.messages.length, 1)
})

t.test('lowBatteryPct from the rules is the threshold', async (t) => {
  const f = await startTestFlare(t)
  t.equal((await f.api('PUT', '/api/v1/rules', { rules: [], liveness: { lowBatteryPct: 40 } })).status, 200)
  const d = await connectDevice(f, { kind: 'phone' })
  await telemetry(d.client, d.id, JSON.stringify({ batteryPct: 35 }))
  const alerts = (await f.api('GET', `/api/v1/alerts?device=${d.id}`)).body.items
  t.equal(alerts.length, 1)
  t.equal(alerts[0].kind, 'LOW_BATTERY')
})

t.test('invalid telemetry goes to the dead letters with a REJECTED ack and changes nothing', async (t) => {
  const f = await startTestFlare(t)
  const d = await connectDevice(f, { kind: 'phone' })
  await telemetry(d.client, d.id, JSON.stringify({ batteryPct: 50 }))

  const cases: Array<[string, string]> = [
    ['{nope', 'bad_json'],
    [JSON.stringify({ batteryPct: 101 }), 'bad_battery'],
    [JSON.stringify({ location: { lat: 95, lon: 10 } }), 'bad_location'],
    [JSON.stringify({ batteryPct: 'full' }), 'bad_shape']
  ]
  for (const [payload, code] of cases) {
    await telemetry(d.client, d.id, payload)
    const ack = JSON.parse((await d.acks.next()).toString())
    t.equal(ack.status, 'REJECTED', payload)
    t.equal(ack.reasonCode, code, payload)
  }
  const dead = (await f.api('GET', `/api/v1/dead-letters?device=${d.id}`)).body.items
  t.equal(dead.length, cases.length)
  t.same(dead.map((x: any) => x.reasonCode).reverse(), cases.map(c => c[1]), 'newest first')
  t.ok(dead.every((x: any) => x.topic === `dev/${d.id}/telemetry`))
  t.equal(Buffer.from(dead[dead.length - 1].payloadBase64, 'base64').toString(), '{nope', 'the raw bytes are kept')
  const dev = (await f.api('GET', `/api/v1/devices/${d.id}`)).body
  t.equal(dev.batteryPct, 50)
  t.equal(dev.lat, null)
})

t.test('dev/{id}/status: retained online while connected, offline after disconnect', async (t) => {
  const f = await startTestFlare(t)
  const d = await f.device({ kind: 'button' })
  const aedes = f.app.broker.aedes
  const statuses: string[] = []
  const waiters: Array<() => void> = []
  const onStatus = (packet: any, cb: () => void): void => {
    statuses.push(packet.payload.toString())
    waiters.splice(0).forEach(w => w())
    cb()
  }
  await new Promise<void>((resolve) => aedes.subscribe(`dev/${d.id}/status`, onStatus as any, resolve))
  t.teardown(() => new Promise<void>((resolve) => aedes.unsubscribe(`dev/${d.id}/status`, onStatus as any, resolve)))
  const nth = async (n: number): Promise<string> => {
    while (statuses.length < n) await new Promise<void>((resolve) => waiters.push(resolve))
    return statuses[n - 1]
  }
  const retained = async (): Promise<{ payload: string, retain: boolean } | undefined> => {
    const first = await (aedes as any).persistence.createRetainedStream(`dev/${d.id}/status`)[Symbol.asyncIterator]().next()
    return first.done === true ? undefined : { payload: first.value.payload.toString(), retain: first.value.retain }
  }

  const c = await f.connect({ clientId: d.id, username: d.id, password: d.secret })
  t.equal(await nth(1), 'online')
  t.equal((await retained())?.payload, 'online', 'retained while connected')

  await c.endAsync()
  t.equal(await nth(2), 'offline')
  t.equal((await retained())?.payload, 'offline', 'retained after a clean disconnect')

  // an unclean end (socket dropped) also ends as offline
  const c2 = await f.connect({ clientId: d.id, username: d.id, password: d.secret })
  t.equal(await nth(3), 'online')
  c2.stream.destroy()
  t.equal(await nth(4), 'offline')
  t.equal((await retained())?.payload, 'offline')
})

t.test('liveness: a button silent longer than silentAfterS raises a DEVICE_OFFLINE incident', async (t) => {
  const f = await startTestFlare(t, { TIMER_INTERVAL_MS: '100' })
  t.equal((await f.api('PUT', '/api/v1/rules', { rules: [], liveness: { silentAfterS: { button: 1 } } })).status, 200)
  const d = await f.device({ kind: 'button' })
  const phone = await f.device({ kind: 'phone' })
  const c = await f.connect({ clientId: d.id, username: d.id, password: d.secret })
  const p = await f.connect({ clientId: phone.id, username: phone.id, password: phone.secret })
  await c.endAsync()
  await p.endAsync()

  const incidents = await until(async () => (await f.api('GET', `/api/v1/incidents?device=${d.id}`)).body.items,
    (items: any[]) => items.length > 0)
  t.equal(incidents.length, 1, 'one DEVICE_OFFLINE incident')
  t.equal(incidents[0]?.kind, 'DEVICE_OFFLINE')
  t.equal(incidents[0]?.ruleId, 'device-offline')
  t.equal(incidents[0]?.category, 'maintenance')
  const alerts = (await f.api('GET', `/api/v1/alerts?device=${d.id}`)).body.items
  t.equal(alerts.length, 1)
  t.match(alerts[0].alertId, /^offline-\d+$/)
  t.same(alerts[0].payload.attributes, { silentForS: '1' })
  const { rows } = await f.app.db.pool.query('SELECT count(*)::int AS n FROM timers WHERE key = $1', [`device_silent:${d.id}`])
  t.equal(rows[0].n, 0, 'the silence timer is used up')

  // phones are not watched by default (silentAfterS.phone = 0)
  t.same((await f.api('GET', `/api/v1/incidents?device=${phone.id}`)).body.items, [])
  const timers = await f.app.db.pool.query('SELECT count(*)::int AS n FROM timers WHERE key = $1', [`device_silent:${phone.id}`])
  t.equal(timers.rows[0].n, 0)
})

t.test('liveness: a sign of life moves the deadline; a revoked device raises nothing', async (t) => {
  const f = await startTestFlare(t, { TIMER_INTERVAL_MS: '100' })
  t.equal((await f.api('PUT', '/api/v1/rules', { rules: [], liveness: { silentAfterS: { wearable: 3600 } } })).status, 200)
  const d = await f.device({ kind: 'wearable' })
  const c = await f.connect({ clientId: d.id, username: d.id, password: d.secret })
  const key = `device_silent:${d.id}`
  const due = async (): Promise<number> => {
    const { rows } = await f.app.db.pool.query('SELECT extract(epoch FROM due_at - now())::float8 AS s FROM timers WHERE key = $1', [key])
    return rows[0]?.s ?? -1
  }
  const first = await until(due, (s) => s > 0)
  t.ok(first > 3500 && first <= 3600, `deadline about an hour away (${first} s)`)
  await f.app.db.pool.query("UPDATE timers SET due_at = now() + interval '100 seconds' WHERE key = $1", [key])
  await telemetry(c, d.id, Buffer.alloc(0))
  t.ok(await due() > 3500, 'telemetry pushed the deadline forward again')

  // revoked: the timer comes due but nothing is raised
  t.equal((await f.api('DELETE', `/api/v1/devices/${d.id}`)).status, 204)
  // (the disconnect that revocation causes may still move the deadline: keep making it due until it fires)
  await until(async () => {
    await f.app.db.pool.query('UPDATE timers SET due_at = now() WHERE key = $1', [key])
    await new Promise(resolve => setTimeout(resolve, 300))
    return await due()
  }, (s) => s === -1)
  t.equal(await due(), -1, 'the timer fired')
  t.same((await f.api('GET', `/api/v1/alerts?device=${d.id}`)).body.items, [])
})
