// Degraded mode on a full disk: PostgreSQL is cut (through the simulator's proxy) and the journal's
// own file system fills up — a real one, a small tmpfs, so the ENOSPC comes from the kernel. The
// alert that cannot be written gets no PUBACK (its retries neither, while the disk is full), a
// metric and a log line say why, and once space and PostgreSQL are back exactly the alerts that were
// PUBACKed are in PostgreSQL: none is lost, none that was refused slipped in.
import t, { type Test } from 'tap'
import pg from 'pg'
import mqtt, { type MqttClient } from 'mqtt'
import { pino } from 'pino'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, statfsSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadConfig } from '../../../config/config.js'
import { startFlare } from '../../../gateway/app.js'
import { createTestDatabase } from '../../helpers/database.js'
import { ADMIN_KEY } from '../../helpers/flare.js'
import { until } from '../../helpers/wait.js'
import { startDbProxy } from '../../../firmware-sim/db-proxy.js'

const HERE = { lat: -33.9249, lon: 18.4241 }
const DISK_BYTES = 256 * 1024

/**
 * A tmpfs of DISK_BYTES for the journal. Mounting needs root (CAP_SYS_ADMIN), which this machine
 * and its CI have; without it the test fails here instead of passing over nothing.
 */
function smallDisk (t: Test): string {
  const d = mkdtempSync(join(tmpdir(), 'flare-full-disk-'))
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${DISK_BYTES}`, 'tmpfs', d], { stdio: 'pipe' })
  } catch (err) {
    rmSync(d, { recursive: true, force: true })
    throw new Error(`cannot mount a tmpfs for the full-disk test (needs root and CAP_SYS_ADMIN): ${String((err as Error).message)}`)
  }
  t.teardown(() => {
    execFileSync('umount', ['-l', d], { stdio: 'pipe' })
    rmSync(d, { recursive: true, force: true })
  })
  return d
}

/** Publishes one alert at QoS 1: 'acked' on its PUBACK, 'refused' when the broker closes the connection instead. */
async function press (client: MqttClient, deviceId: string, alertId: string, kind = 'PANIC'): Promise<'acked' | 'refused'> {
  const closed = new Promise<'refused'>((resolve) => client.once('close', () => resolve('refused')))
  return await Promise.race([
    client.publishAsync(`dev/${deviceId}/alert`, JSON.stringify({ alertId, kind, location: HERE }), { qos: 1 }).then(() => 'acked' as const, () => 'refused' as const),
    closed
  ])
}

t.test('a full disk while degraded: no PUBACK for what could not be written, and only what was PUBACKed reaches PostgreSQL', async (t) => {
  const db = await createTestDatabase()
  t.teardown(db.drop)
  const proxy = await startDbProxy()
  t.teardown(proxy.close)
  const disk = smallDisk(t)

  // The log lines, to find the one that says why the PUBACK was refused.
  const lines: any[] = []
  const log = pino({ level: 'info' }, { write: (line: string) => { lines.push(JSON.parse(line)) } })
  const app = await startFlare(loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: proxy.through(db.url),
    JOURNAL_FILE: join(disk, 'node.journal'),
    // Far above the disk: the disk fills first, not the bound.
    JOURNAL_MAX_BYTES: String(64 * 1024 * 1024),
    MQTT_HOST: '127.0.0.1',
    MQTT_PORT: '0',
    MQTTS_PORT: '0',
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: '0',
    ADMIN_API_KEY: ADMIN_KEY,
    DB_POOL_MAX: '10'
  }), log)
  const clients: MqttClient[] = []
  t.teardown(async () => {
    await Promise.all(clients.map(async c => await c.endAsync(true).catch(() => {})))
    await app.close()
  })
  const httpUrl = `http://127.0.0.1:${app.ports.http}`
  const provisioned = await (await fetch(`${httpUrl}/api/v1/devices`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ kind: 'phone' })
  })).json()
  const id = provisioned.device.id as string
  const connect = async (): Promise<MqttClient> => {
    const c = await mqtt.connectAsync(`mqtt://127.0.0.1:${app.ports.mqtt}`, { clientId: id, username: id, password: provisioned.secret, reconnectPeriod: 0 })
    clients.push(c)
    return c
  }
  const refusedMetric = async (): Promise<number> => {
    const m = (await (await fetch(`${httpUrl}/metrics`)).text()).match(/^flare_journal_refused_total\{[^}]*reason="disk_full"[^}]*\} (\d+)$/m)
    return m === null ? 0 : Number(m[1])
  }

  // Connected before the cut: a device provisioned a moment ago reaches the node's principals
  // through PostgreSQL's notifications.
  let client = await connect()
  proxy.cut()
  const acked: string[] = []
  t.equal(await press(client, id, 'before-fill'), 'acked', 'degraded: the first alert is PUBACKed from the journal')
  acked.push('before-fill')
  t.equal(app.gateway.degraded.store.journaled, 1, 'it is in the journal')
  t.equal(await refusedMetric(), 0, 'nothing refused yet')

  // Ballast leaves room for a few alert records (about 1.3 KB each), then the journal fills the rest.
  const ballast = join(disk, 'ballast')
  const free = (): number => { const s = statfsSync(disk); return s.bavail * s.bsize }
  writeFileSync(ballast, Buffer.alloc(Math.max(0, free() - 16 * 1024)))
  let refused: string | undefined
  // Each press a kind of its own in turn, so that the records are not all alike; sequential, as firmware does.
  for (let i = 0; i < 200 && refused === undefined; i++) {
    const alertId = `fill-${i}`
    if (await press(client, id, alertId, ['PANIC', 'MEDICAL', 'FIRE'][i % 3]) === 'acked') acked.push(alertId)
    else refused = alertId
  }
  t.ok(refused !== undefined, `the disk filled: ${refused ?? 'nothing'} got no PUBACK (the connection was closed)`)
  t.ok(acked.length > 2, `${acked.length} alerts were PUBACKed before that`)
  t.equal(app.gateway.degraded.store.journaled, acked.length, 'every PUBACKed alert is in the journal, the refused one is not')
  t.ok(await refusedMetric() >= 1, 'flare_journal_refused_total{reason="disk_full"} counts the refusal')
  const why = lines.find(l => l.msg === 'inbound handler failed: no PUBACK, connection closed' && /ENOSPC/.test(JSON.stringify(l.err)))
  t.ok(why !== undefined, 'a log line says the PUBACK was refused because of ENOSPC')
  t.match(why?.err, { type: 'JournalFullError', message: /disk full/ })

  // The device retries, with the same alert id: still no room, still no PUBACK.
  client = await connect()
  t.equal(await press(client, id, refused!), 'refused', 'its retry is refused too while the disk is full')
  // Another alert pressed while the disk is full, and never retried: it must not appear anywhere.
  client = await connect()
  t.equal(await press(client, id, 'never-retried', 'DURESS'), 'refused', 'a new alert is refused as well')

  rmSync(ballast) // space comes back
  client = await connect()
  t.equal(await press(client, id, refused!), 'acked', 'with space again, the retry is PUBACKed')
  acked.push(refused!)
  t.equal(await press(client, id, 'after-space'), 'acked', 'and so is the next alert')
  acked.push('after-space')

  proxy.restore()
  const direct = new pg.Pool({ connectionString: db.url, max: 1 })
  t.teardown(async () => { await direct.end() })
  t.equal(await until(async () => (await (await fetch(`${httpUrl}/readyz`)).json()).status, (s) => s === 'ready', 30_000), 'ready', 'the journal is replayed')
  const stored = (await direct.query<{ alert_id: string }>('SELECT alert_id FROM alerts WHERE device_id = $1', [id])).rows.map(r => r.alert_id)
  // 'after-space' was written after the refused, partly written record: it replays only if that part was cut off.
  t.same([...stored].sort(), [...acked].sort(), 'after the replay, PostgreSQL holds exactly the PUBACKed alerts, each once')
  t.notOk(stored.includes('never-retried'), 'the refused alert that was never retried is not there')
  t.equal(app.gateway.degraded.store.journaled, 0, 'the journal is empty again')
})
