// `npm run bench [-- --quick]`: Flare against a bare Aedes on the same machine, same client, same
// load, in one run; prints one JSON document. See bench/RESULTS.md for how to read it.
import { cpus } from 'node:os'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { parseArgs } from 'node:util'
import pg from 'pg'
import mqtt, { type MqttClient } from 'mqtt'
import { SecretDigest } from '../gateway/identity/secret-digest.js'
import { closedLoop, connectMany, openLoop, recordOffers, type Principal } from './bench/load.js'
import { summarize as percentiles } from './stats.js'
import { cpuPerAlert, cpuSeconds } from './bench/cpu.js'
import { freePort, startBareAedes, startFlareProcess, type Child } from './bench/processes.js'
import { idleMemory, inspectArg, type IdleMemory } from './bench/idle-memory.js'
import { floodPhase } from './bench/flood-phase.js'
import { reconnectStormPhase } from './bench/reconnect-storm.js'
import { outagePhase } from './bench/outage.js'
import { dc09Phase } from './bench/dc09-phase.js'

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    devices: { type: 'string' },
    idle: { type: 'string' },
    seconds: { type: 'string' },
    rate: { type: 'string' },
    nodes: { type: 'string' },
    'outage-rate': { type: 'string' },
    'persist-deadline-ms': { type: 'string' },
    phases: { type: 'string' }
  }
})
const quick = args.quick === true
const DEVICES = Number(args.devices ?? (quick ? 40 : 1000))
const IDLE = Number(args.idle ?? (quick ? 500 : 10_000))
const SECONDS = Number(args.seconds ?? (quick ? 5 : 20))
const RATE = Number(args.rate ?? (quick ? 200 : 2000))
const NODES = Number(args.nodes ?? 1)
/** the outage phase's fixed rate: the issue's target is set at 1,000 alerts/s */
const OUTAGE_RATE = Number(args['outage-rate'] ?? (quick ? 200 : 1000))
const RESPONDERS = 20
/**
 * PERSIST_DEADLINE_MS of the nodes of the sustained, fixed-rate, flood and DC-09 phases (the storm
 * and outage phases run on Flare's default): a closed loop with 1,000 alerts in flight queues them
 * for longer than Flare's 1 s default on a slow machine, the node goes degraded and acks from its
 * journal, and the figures would no longer be the PostgreSQL path's.
 */
const PERSIST_DEADLINE_MS = Number(args['persist-deadline-ms'] ?? 30_000)
/** the DC-09 phase's panels, each with one message in flight (as the MQTT devices each have one alert) */
const PANELS = quick ? 20 : 200
/** `--phases storm,outage`: run only these (the others' figures are null); all by default */
const ALL_PHASES = ['sustained', 'fixed', 'flood', 'storm', 'outage', 'dc09', 'bare'] as const
type Phase = typeof ALL_PHASES[number]
const PHASES = new Set<Phase>(args.phases === undefined
  ? ALL_PHASES
  : args.phases.split(',').map((p) => {
    if (!(ALL_PHASES as readonly string[]).includes(p)) throw new Error(`--phases: unknown phase ${p} (${ALL_PHASES.join(', ')})`)
    return p as Phase
  }))
const run = (p: Phase): boolean => PHASES.has(p)
const CENTER = { lat: -33.92, lon: 18.42 }
const progress = (msg: string): void => { process.stderr.write(`bench: ${msg}\n`) }

/** Where the benchmark's Flare keeps its data: DATABASE_URL, else the local PostgreSQL, else embedded. */
async function database (): Promise<{ env: Record<string, string>, url: string, kind: string, drop: () => Promise<void> }> {
  if (process.env.DATABASE_URL !== undefined) return { env: { DATABASE_URL: process.env.DATABASE_URL }, url: process.env.DATABASE_URL, kind: 'DATABASE_URL', drop: async () => {} }
  const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
  const admin = new pg.Client({ connectionString: adminUrl })
  try {
    await admin.connect()
    const name = `flare_bench_${Date.now()}`
    await admin.query(`CREATE DATABASE ${name}`)
    const url = new URL(adminUrl)
    url.pathname = '/' + name
    // A data directory of the run's own: a journal another run left (acked in degraded mode, never
    // replayed there) must not be replayed into this run's database and counted as its alerts.
    const dataDir = mkdtempSync(join(tmpdir(), 'flare-bench-data-'))
    return {
      env: { DATABASE_URL: url.toString(), DATA_DIR: dataDir },
      url: url.toString(),
      kind: 'local PostgreSQL',
      drop: async () => {
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
        await admin.end()
        rmSync(dataDir, { recursive: true, force: true })
      }
    }
  } catch {
    await admin.end().catch(() => {})
    const dir = mkdtempSync(join(tmpdir(), 'flare-bench-'))
    const port = await freePort()
    return {
      env: { DATA_DIR: dir, EMBEDDED_PG_PORT: String(port) },
      url: `postgres://flare:flare-embedded@127.0.0.1:${port}/flare`,
      kind: 'embedded PostgreSQL',
      drop: async () => { rmSync(dir, { recursive: true, force: true }) }
    }
  }
}

async function api (base: string, key: string, method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(base + path, { method, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) })
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`)
  return await res.json()
}

/** Principals straight into PostgreSQL, each with its own secret stored as Flare stores it: provisioning 10,000 over REST would dominate the run. */
async function insertDevices (pool: pg.Pool, prefix: string, n: number, kind: string, codec: string): Promise<Principal[]> {
  const digest = await SecretDigest.load(pool)
  const devices = Array.from({ length: n }, (_, i) => ({ id: `${prefix}-${i}`, secret: randomBytes(32).toString('base64url') }))
  for (let i = 0; i < devices.length; i += 1000) {
    const chunk = devices.slice(i, i + 1000)
    await pool.query('INSERT INTO principals (id, kind, secret_hash) SELECT unnest($1::text[]), \'device\', unnest($2::text[])',
      [chunk.map(d => d.id), chunk.map(d => digest.digest(d.secret))])
    await pool.query('INSERT INTO devices (id, kind, codec) SELECT unnest($1::text[]), $2, $3', [chunk.map(d => d.id), kind, codec])
  }
  return devices
}

const alertOf = (devices: Principal[], pressAt: Map<string, number>, prefix = 'b') => (i: number, seq: number): { topic: string, payload: string } => {
  const now = Date.now()
  pressAt.set(`${devices[i].id}:${now}`, now)
  return {
    topic: `dev/${devices[i].id}/alert`,
    payload: JSON.stringify({ alertId: `${prefix}-${seq}-${now}`, kind: 'PANIC', triggeredAtMs: now, location: { lat: CENTER.lat + (i % 50) * 0.001, lon: CENTER.lon + (seq % 50) * 0.001 } })
  }
}

async function main (): Promise<void> {
  const db = await database()
  progress(`database: ${db.kind}`)
  const key = randomBytes(24).toString('hex')
  const children: Child[] = []
  const clients: MqttClient[] = []
  try {
    // Several nodes share PostgreSQL and, for MQTT traffic, Redis (cluster mode).
    const cluster: Record<string, string> = NODES > 1 ? { REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' } : {}
    const nodes: Array<{ child: Child, httpPort: number, mqttPort: number }> = []
    // The first node's inspector is where the idle-memory reading asks for full collections.
    const inspectPort = await freePort()
    for (let n = 0; n < NODES; n++) {
      const [httpPort, mqttPort] = [await freePort(), await freePort()]
      const child = await startFlareProcess({ ...db.env, ...cluster, NODE_ID: `bench-${n + 1}`, HTTP_PORT: String(httpPort), MQTT_PORT: String(mqttPort), HTTP_HOST: '127.0.0.1', MQTT_HOST: '127.0.0.1', ADMIN_API_KEY: key, DB_POOL_MAX: String(Math.ceil(40 / NODES)), PERSIST_DEADLINE_MS: String(PERSIST_DEADLINE_MS), NODE_ENV: 'production' }, n === 0 ? [inspectArg(inspectPort)] : [])
      children.push(child)
      nodes.push({ child, httpPort, mqttPort })
    }
    const flare = nodes[0].child
    const httpPort = nodes[0].httpPort
    const mqttUrl = `mqtt://127.0.0.1:${nodes[0].mqttPort}`
    const mqttUrls = nodes.map(n => `mqtt://127.0.0.1:${n.mqttPort}`)
    const base = `http://127.0.0.1:${httpPort}`
    // Every alert opens its own incident (window 0) and produces an offer: the heaviest path.
    await api(base, key, 'PUT', '/api/v1/rules', { rules: [{ id: 'bench-panic', match: { kinds: ['PANIC'] }, category: 'security', priority: 1, openIncident: true, correlation: { key: 'device', windowS: 0 }, dispatch: { roles: ['security'], radiusM: 50000, count: 1, offerTimeoutS: 600 } }] })
    const pool = new pg.Pool({ connectionString: db.url, max: 4 })
    const pgVersion = (await pool.query('SHOW server_version')).rows[0].server_version as string

    const responders: Principal[] = []
    for (let i = 0; i < RESPONDERS; i++) {
      const r = await api(base, key, 'POST', '/api/v1/responders', { name: `Bench ${i}`, roles: ['security'], lat: CENTER.lat + i * 0.002, lon: CENTER.lon })
      responders.push({ id: r.responder.id, secret: r.secret })
    }
    const offerAt = new Map<string, number>()
    // Responder apps keep persistent sessions: their PUBACKs mark offers delivered (no re-sends).
    const respClients = await connectMany(mqttUrls, responders, { clean: false })
    clients.push(...respClients)
    await recordOffers(respClients, responders, offerAt)

    const active = await insertDevices(pool, 'bench-dev', DEVICES, 'phone', 'json')
    const devClients = await connectMany(mqttUrls, active)
    clients.push(...devClients)

    const main = run('sustained') || run('fixed') || run('flood')
    const idle = run('storm') || main ? await insertDevices(pool, 'bench-idle', IDLE, 'button', 'protobuf') : []
    let flareIdleMemory: IdleMemory | null = null
    if (main) {
      progress(`connecting ${IDLE} idle devices`)
      const measured = await idleMemory(flare.proc.pid!, inspectPort, async () => await connectMany(mqttUrl, idle, { onProgress: (n) => progress(`  ${n}/${IDLE} idle connected`) }))
      clients.push(...measured.clients)
      flareIdleMemory = measured.memory
    }

    const pressAt = new Map<string, number>()
    const flarePids = nodes.map(n => n.child.proc.pid!)
    let sustained: Awaited<ReturnType<typeof closedLoop>> = { perSec: 0, latencies: [], sent: [] }
    let cpu: ReturnType<typeof cpuPerAlert> | null = null
    if (run('sustained')) {
      progress(`sustained: ${DEVICES} devices, one alert in flight each, ${SECONDS} s`)
      const cpuBefore = cpuSeconds(flarePids)
      sustained = await closedLoop(devClients, SECONDS, alertOf(active, pressAt))
      cpu = cpuPerAlert(cpuBefore, cpuSeconds(flarePids), sustained.sent.filter(s => s.acked).length, cpus().length)
    }

    const pressAt2 = new Map<string, number>()
    let pubackMs: number[] = []
    let offerMs: number[] = []
    if (run('fixed')) {
      progress(`fixed rate: ${RATE} alerts/s for ${SECONDS} s`)
      offerAt.clear()
      pubackMs = await openLoop(devClients, RATE, SECONDS, alertOf(active, pressAt2), () => {})
      await new Promise(resolve => setTimeout(resolve, 3000))
      offerMs = [...pressAt2].filter(([k]) => offerAt.has(k)).map(([k, at]) => offerAt.get(k)! - at)
    }

    if (run('flood')) progress(`flood: one device flooding, one responder not reading, the others at ${RATE} alerts/s for ${SECONDS} s`)
    const [flooder] = await insertDevices(pool, 'bench-flood', 1, 'phone', 'json')
    const pressAt3 = new Map<string, number>()
    const flood = !run('flood')
      ? { acked: 0, result: null }
      : await floodPhase({
        base,
        key,
        mqttUrl,
        pid: flare.proc.pid!,
        clients: devClients,
        rate: RATE,
        seconds: SECONDS,
        next: alertOf(active, pressAt3),
        pressAt: pressAt3,
        offerAt,
        at: { lat: CENTER.lat + 0.025, lon: CENTER.lon + 0.025 },
        flooder
      })

    progress('checking invariants')
    // A node that went degraded (a commit past PERSIST_DEADLINE_MS on a busy machine) acked from its
    // journal: what it journaled is stored once the replay has run. Judge after that, and say so.
    const metric = async (port: number, name: string): Promise<number> => {
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text()
      return Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1] ?? 0)
    }
    const journaled = async (): Promise<number> => (await Promise.all(nodes.map(async n => await metric(n.httpPort, 'flare_journal_records') + await metric(n.httpPort, 'flare_degraded')))).reduce((a, b) => a + b, 0)
    for (let i = 0; i < 600 && await journaled() > 0; i++) await new Promise(resolve => setTimeout(resolve, 100))
    const replayed = (await Promise.all(nodes.map(async n => await metric(n.httpPort, 'flare_journal_replayed_total')))).reduce((a, b) => a + b, 0)
    if (replayed > 0) progress(`${replayed} alerts were acked from the journal (degraded mode) and replayed before the check`)
    // The outbox empties as offers are published; give the relay its grace period before judging.
    for (let i = 0; i < 100 && (await pool.query('SELECT count(*)::int AS n FROM outbox')).rows[0].n > 0; i++) await new Promise(resolve => setTimeout(resolve, 100))
    const acked = sustained.sent.filter(s => s.acked).length + pubackMs.length + flood.acked
    const inv = (await pool.query(`SELECT
        (SELECT count(*)::int FROM alerts WHERE device_id LIKE 'bench-dev-%') AS alerts,
        (SELECT count(*)::int FROM alerts WHERE device_id LIKE 'bench-dev-%' AND incident_id IS NULL) AS without_incident,
        (SELECT count(*)::int FROM incidents i WHERE NOT EXISTS (SELECT 1 FROM offers o WHERE o.incident_id = i.id)) AS without_offer,
        (SELECT count(*)::int FROM outbox) AS outbox`)).rows[0]
    const invariants = {
      pubackedAlerts: acked,
      storedAlerts: inv.alerts,
      noPubackedAlertMissing: inv.alerts >= acked,
      everyAlertInAnIncident: inv.without_incident === 0,
      everyIncidentOffered: inv.without_offer === 0,
      outboxDrained: inv.outbox === 0,
      /** alerts acked from a journal in degraded mode (then replayed): 0 when every commit met its deadline */
      journalReplayed: replayed
    }
    const invariantsHold = Object.values(invariants).every(v => typeof v !== 'boolean' || v)
    if (inv.outbox > 0) {
      const left = await pool.query('SELECT topic, count(*)::int AS n, min(created_at) AS oldest FROM outbox GROUP BY topic ORDER BY n DESC LIMIT 5')
      progress(`outbox not drained: ${inv.outbox} rows, e.g. ${left.rows.map(r => `${r.topic as string} ×${r.n as number} (since ${(r.oldest as Date).toISOString()})`).join(', ')}`)
    }
    await pool.end()
    await Promise.all(clients.splice(0).map(c => c.endAsync(true).catch(() => {})))
    for (const n of nodes) await n.child.stop()

    if (run('storm')) progress(`reconnect storm: ${IDLE} devices with their own secrets reconnect to a fresh node at once`)
    const storm = !run('storm')
      ? null
      : await reconnectStormPhase({
        env: { ...db.env, ADMIN_API_KEY: key, NODE_ENV: 'production', DB_POOL_MAX: '40' },
        devices: idle,
        presser: active[0],
        concurrency: Math.min(IDLE, 1000),
        progress
      })

    if (run('outage')) progress(`outage: ${DEVICES} devices at ${OUTAGE_RATE} alerts/s for ${SECONDS * 2} s, PostgreSQL cut for the middle half`)
    const pressAtOutage = new Map<string, number>()
    const outage = !run('outage')
      ? null
      : await outagePhase({
        env: { ADMIN_API_KEY: key, NODE_ENV: 'production', DB_POOL_MAX: '40' },
        databaseUrl: db.url,
        devices: active,
        responders,
        rate: OUTAGE_RATE,
        seconds: SECONDS * 2,
        next: alertOf(active, pressAtOutage, 'outage'),
        pressAt: pressAtOutage,
        alertIdPrefix: 'outage-',
        progress
      })

    if (run('dc09')) progress(`DC-09: ${PANELS} alarm panels over TCP, one message in flight each, ${SECONDS} s`)
    const dc09 = !run('dc09')
      ? null
      : await dc09Phase({ env: { ...db.env, ADMIN_API_KEY: key, NODE_ENV: 'production', DB_POOL_MAX: '40', PERSIST_DEADLINE_MS: String(PERSIST_DEADLINE_MS) }, key, panels: PANELS, seconds: SECONDS, progress })

    let bareRun: Awaited<ReturnType<typeof closedLoop>> | null = null
    let bareIdleMemory: IdleMemory | null = null
    if (run('bare')) {
      progress('bare Aedes: same devices, same loop')
      const bareInspectPort = await freePort()
      const bare = await startBareAedes([inspectArg(bareInspectPort)])
      children.push(bare)
      const bareUrl = `mqtt://127.0.0.1:${bare.port}`
      const sub = await mqtt.connectAsync(bareUrl, { clientId: 'bench-sub', reconnectPeriod: 0 })
      clients.push(sub)
      await sub.subscribeAsync('dev/+/alert', { qos: 1 })
      const bareClients = await connectMany(bareUrl, active)
      clients.push(...bareClients)
      bareRun = await closedLoop(bareClients, SECONDS, alertOf(active, new Map()))
      if (idle.length > 0) {
        progress(`bare Aedes: connecting ${IDLE} idle devices`)
        const measured = await idleMemory(bare.proc.pid!, bareInspectPort, async () => await connectMany(bareUrl, idle, { onProgress: (n) => progress(`  ${n}/${IDLE} idle connected`) }))
        clients.push(...measured.clients)
        bareIdleMemory = measured.memory
      }
    }

    const flarePerSec = Math.round(sustained.perSec)
    const report = {
      machine: { cores: cpus().length, cpu: cpus()[0]?.model, node: process.version, postgres: pgVersion, database: db.kind },
      settings: { quick, phases: [...PHASES], nodes: NODES, devices: DEVICES, idleDevices: IDLE, seconds: SECONDS, fixedRate: RATE, responders: RESPONDERS, persistDeadlineMs: PERSIST_DEADLINE_MS, durableCommits: true },
      flare: {
        alertsPerSecSustained: run('sustained') ? flarePerSec : null,
        sustainedPubackMs: run('sustained') ? percentiles(sustained.latencies) : null,
        sustainedCpuPerAlert: cpu,
        atFixedRate: !run('fixed') ? null : { rate: RATE, pressToPubackMs: percentiles(pubackMs), pressToOfferMs: percentiles(offerMs), offersSeen: offerMs.length, alerts: pubackMs.length },
        memoryPer1kIdleConnectionsMb: flareIdleMemory?.rawMbPer1k ?? null,
        idleMemory: flareIdleMemory,
        flood: flood.result === null ? null : { ...flood.result, invariantsHold },
        reconnectStorm: storm,
        outage,
        dc09,
        invariants,
        invariantsHold
      },
      bareAedes: bareRun === null ? null : { msgsPerSecSustained: Math.round(bareRun.perSec), pubackMs: percentiles(bareRun.latencies), idleMemory: bareIdleMemory },
      ratioFlareToBare: bareRun === null || !run('sustained') ? null : Math.round((flarePerSec / bareRun.perSec) * 1000) / 1000
    }
    process.stdout.write(JSON.stringify(report, null, 2) + '\n')
  } finally {
    await Promise.all(clients.map(c => c.endAsync(true).catch(() => {})))
    for (const c of children) await c.stop().catch(() => {})
    await db.drop().catch(() => {})
  }
}

main().catch((err) => {
  process.stderr.write(`bench: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`)
  process.exit(1)
})
