// Degraded mode with a real PostgreSQL cut through a TCP proxy: what the node still does, what it
// refuses, and that a node killed while degraded loses nothing it acknowledged.
import t from 'tap'
import mqtt from 'mqtt'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { cutDatabase, databaseBehindProxy } from '../../helpers/outage.js'
import { ADMIN_KEY, startTestFlare } from '../../helpers/flare.js'
import { until } from '../../helpers/wait.js'
import { freePort, killSync, runMain, type FlareProcess } from '../storage/spawn.js'

const HERE = { lat: -33.9249, lon: 18.4241 }

t.test('while degraded: REST answers 503 with Retry-After, /metrics and /readyz answer, a full journal refuses the PUBACK', async (t) => {
  const { db, proxy, url, direct } = await databaseBehindProxy(t)
  // A small journal: 64 KiB, about fifty alert records.
  const f = await startTestFlare(t, { DATABASE_URL: url, JOURNAL_MAX_BYTES: String(64 * 1024) }, db)
  const d = await f.device({ kind: 'phone' })
  const client = await f.connect({ clientId: d.id, username: d.id, password: d.secret })

  await cutDatabase(proxy, f)
  const res = await fetch(`${f.httpUrl}/api/v1/incidents`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } })
  t.equal(res.status, 503, 'REST: 503, not 500')
  t.equal(res.headers.get('retry-after'), '5')
  t.equal((await res.json()).error.code, 'database_unavailable')

  const ready = await (await fetch(`${f.httpUrl}/readyz`)).json()
  t.match(ready, { status: 'degraded', degraded: true, checks: { database: false, broker: true } })
  const metrics = await fetch(`${f.httpUrl}/metrics`)
  t.equal(metrics.status, 200, '/metrics answers without the database')
  t.match(await metrics.text(), /^flare_degraded\{[^}]*\} 1$/m)

  // A refused publish gets no PUBACK: the broker closes the connection instead.
  const closed = new Promise<'closed'>((resolve) => client.once('close', () => resolve('closed')))
  let acked = 0
  let refused = false
  for (let i = 0; i < 500 && !refused; i++) {
    const outcome = await Promise.race([
      client.publishAsync(`dev/${d.id}/alert`, JSON.stringify({ alertId: `fill-${i}`, kind: 'PANIC', location: HERE }), { qos: 1 }).then(() => 'acked' as const, () => 'closed' as const),
      closed
    ])
    if (outcome === 'acked') acked++
    else refused = true
  }
  t.ok(refused, 'once the journal is at its bound, the press gets no PUBACK (the connection is closed)')
  t.ok(acked > 10, `${acked} alerts were acknowledged before that`)
  t.equal(f.app.gateway.degraded.store.journaled, acked, 'every acknowledged alert is in the journal, and nothing else')
  t.match(await (await fetch(`${f.httpUrl}/metrics`)).text(), new RegExp(`^flare_journal_records\\{[^}]*\\} ${acked}$`, 'm'))
  const age = Number(/^flare_journal_oldest_age_seconds\{[^}]*\} ([\d.e+-]+)$/m.exec(await (await fetch(`${f.httpUrl}/metrics`)).text())?.[1])
  t.ok(age > 0, `the oldest journal record's age is reported (${age} s)`)

  proxy.restore()
  const stored = await until(async () => (await direct.query("SELECT count(*)::int AS n FROM alerts WHERE alert_id LIKE 'fill-%'")).rows[0].n, (n: number) => n === acked, 30_000)
  await until(async () => f.app.gateway.degraded.availability.degraded, (v) => !v, 20_000)
  t.match(await (await fetch(`${f.httpUrl}/metrics`)).text(), /^flare_journal_oldest_age_seconds\{[^}]*\} 0$/m, 'and 0 once the journal is replayed')
  t.equal(stored, acked, 'after the replay, exactly the acknowledged alerts are in PostgreSQL')
})

t.test('killed while degraded: the restart replays the journal, nothing acknowledged is lost', async (t) => {
  const { proxy, url, direct } = await databaseBehindProxy(t)
  const journalDir = mkdtempSync(join(tmpdir(), 'flare-degraded-'))
  t.teardown(() => rmSync(journalDir, { recursive: true, force: true }))
  const [mqttPort, httpPort] = [await freePort(), await freePort()]
  const procs: FlareProcess[] = []
  t.teardown(() => killSync(procs))
  const start = async (): Promise<FlareProcess> => {
    const p = runMain({
      DATABASE_URL: url,
      JOURNAL_FILE: join(journalDir, 'node.journal'),
      ADMIN_API_KEY: ADMIN_KEY,
      NODE_ENV: 'test',
      MQTT_HOST: '127.0.0.1',
      MQTT_PORT: String(mqttPort),
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: String(httpPort)
    })
    procs.push(p)
    await p.up
    return p
  }
  const first = await start()
  const provisioned = await (await fetch(`http://127.0.0.1:${httpPort}/api/v1/devices`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ kind: 'phone' })
  })).json()
  const id = provisioned.device.id as string
  const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${mqttPort}`, { clientId: id, username: id, password: provisioned.secret, reconnectPeriod: 0 })
  // A responder for one kind only: its offer is made while degraded, and must survive the kill.
  const made = await (await fetch(`http://127.0.0.1:${httpPort}/api/v1/responders`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Kim', roles: ['medic'], lat: HERE.lat + 0.001, lon: HERE.lon })
  })).json()
  const responderId = made.responder.id as string
  const responder = await mqtt.connectAsync(`mqtt://127.0.0.1:${mqttPort}`, { clientId: responderId, username: responderId, password: made.secret, reconnectPeriod: 0 })
  const offered: any[] = []
  responder.on('message', (_topic, payload) => { offered.push(JSON.parse(payload.toString())) })
  await responder.subscribeAsync(`dispatch/${responderId}`, { qos: 1 })
  // The node's roster (degraded dispatch's view) is read every 2 s.
  await new Promise(resolve => setTimeout(resolve, 2500))

  proxy.cut()
  const pressed: string[] = []
  for (let i = 0; i < 5; i++) {
    const alertId = `killed-${i}`
    // Each press a kind of its own: five incidents, none joining another.
    await client.publishAsync(`dev/${id}/alert`, JSON.stringify({ alertId, kind: ['PANIC', 'MEDICAL', 'FIRE', 'FALL', 'DURESS'][i], location: HERE }), { qos: 1 })
    pressed.push(alertId)
  }
  const during = await until(async () => offered.find(m => m.offer !== undefined)?.offer, (o) => o !== undefined)
  t.match(during, { incidentNumber: /^P-/ }, 'the medic is offered a press while degraded')
  await new Promise(resolve => setTimeout(resolve, 300))
  const received = offered.flatMap(m => m.offer === undefined ? [] : [m.offer.offerId as string])
  client.end(true)
  first.child.kill('SIGKILL')
  responder.end(true)
  await first.exited

  proxy.restore()
  const second = await start()
  const { rows } = await direct.query('SELECT alert_id, incident_id FROM alerts ORDER BY alert_id')
  t.same(rows.map(r => r.alert_id), pressed, 'every acknowledged alert is in PostgreSQL once the restarted node is up')
  t.ok(rows.every(r => r.incident_id !== null), 'each in an incident')
  const incidents = (await direct.query('SELECT count(*)::int AS n FROM incidents')).rows[0].n
  t.equal(incidents, 5, 'one incident per kind, no doubles')
  const { rows: offers } = await direct.query<{ id: string, kind: string }>('SELECT o.id, i.kind FROM offers o JOIN incidents i ON i.id = o.incident_id WHERE o.responder_id = $1', [responderId])
  const ids = offers.map(o => o.id)
  t.ok(received.every(id => ids.includes(id)), 'every offer the medic got before the kill is in PostgreSQL under its id')
  t.equal(new Set(offers.map(o => o.kind)).size, offers.length, 'one offer per incident: none made again')
  second.child.kill('SIGTERM')
  t.equal((await second.exited).code, 0)
})
