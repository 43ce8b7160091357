// Cluster tests: real Flare nodes as child processes (dist/gateway/main.js) on one PostgreSQL
// database and the machine's Redis, each on its own free ports; mqtt.js clients as devices and
// responders. Every process and client started here is stopped when the test ends.
import type { Test } from 'tap'
import pg from 'pg'
import mqtt, { type MqttClient, type IClientOptions } from 'mqtt'
import { Redis } from 'ioredis'
import { mkdtempSync, rmSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { createTestDatabase, type TestDatabase } from '../helpers/database.js'
import { collect, subscribe } from '../helpers/mqtt.js'
import { freePort, killSync, runMain, type FlareProcess } from '../gateway/storage/spawn.js'

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'
export const ADMIN_KEY = 'cluster-test-admin-key-0123456789'
/** One medical key for every node: a cluster must share it (here no profile is stored, but nodes must agree). */
const MEDICAL_KEY = randomBytes(32).toString('base64')

const everyProcess: FlareProcess[] = []
process.on('exit', () => killSync(everyProcess))

export const sleep = async (ms: number): Promise<void> => await new Promise((resolve) => setTimeout(resolve, ms))

/** Polls until probe returns something other than undefined; throws after timeoutMs naming what it waited for. */
export async function until<T> (what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000, everyMs = 200): Promise<T> {
  const end = Date.now() + timeoutMs
  for (;;) {
    const v = await probe()
    if (v !== undefined) return v
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await sleep(everyMs)
  }
}

export interface ApiResult<T = any> { status: number, body: T }

export interface FlareNode {
  nodeId: string
  proc: FlareProcess
  httpUrl: string
  mqttUrl: string
  mqttPort: number
  api: <T = any>(method: string, path: string, body?: unknown) => Promise<ApiResult<T>>
  /** SIGKILL, and resolves when the process is gone */
  kill: () => Promise<void>
  alive: () => boolean
}

export interface Cluster {
  db: TestDatabase
  /** a client of the test database, for assertions on the shared tables */
  sql: pg.Pool
  nodes: FlareNode[]
  /** an mqtt.js client (no automatic reconnect), ended when the test ends */
  connect: (node: FlareNode, opts: IClientOptions) => Promise<MqttClient>
  device: (node: FlareNode, body?: Record<string, unknown>) => Promise<{ id: string, secret: string }>
  responder: (node: FlareNode, body?: Record<string, unknown>) => Promise<{ id: string, secret: string }>
}

/**
 * Starts one node per NODE_ID on a fresh database and the shared Redis, one after the other (each
 * up before the next starts) unless `together` is set. `env` adds or overrides settings for every node.
 */
export async function startCluster (t: Test, nodeIds: string[], env: Record<string, string> = {}, opts: { together?: boolean } = {}): Promise<Cluster> {
  const db = await createTestDatabase()
  const sql = new pg.Pool({ connectionString: db.url, max: 4 })
  const dataDir = mkdtempSync('/tmp/flare-cluster-')
  const clients: MqttClient[] = []
  const principals: string[] = []
  const nodes: FlareNode[] = []

  // Registered first so it runs last: processes and clients are gone before the database is dropped.
  t.teardown(async () => {
    await sql.end().catch(() => {})
    await db.drop()
    rmSync(dataDir, { recursive: true, force: true })
    await forgetRetained(principals)
  })
  t.teardown(async () => {
    await Promise.all(clients.map(async c => await c.endAsync(true).catch(() => {})))
    // Graceful stop (SIGTERM) so nodes mark themselves stopped; SIGKILL whatever is still there after 25 s.
    await Promise.all(nodes.map(async n => {
      if (!n.alive()) return
      n.proc.child.kill('SIGTERM')
      const timer = setTimeout(() => { if (n.alive()) n.proc.child.kill('SIGKILL') }, 25_000)
      await n.proc.exited
      clearTimeout(timer)
    }))
  })

  const start = (nodeId: string, httpPort: number, mqttPort: number): FlareNode => {
    // application_name tells the nodes' PostgreSQL sessions apart in pg_stat_activity.
    const url = new URL(db.url)
    url.searchParams.set('application_name', nodeId)
    const proc = runMain({
      NODE_ENV: 'test',
      NODE_ID: nodeId,
      LOG_LEVEL: 'info',
      DATABASE_URL: url.toString(),
      REDIS_URL,
      DATA_DIR: dataDir,
      MEDICAL_KEY,
      ADMIN_API_KEY: ADMIN_KEY,
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: String(httpPort),
      MQTT_HOST: '127.0.0.1',
      MQTT_PORT: String(mqttPort),
      DB_POOL_MAX: '10',
      TIMER_INTERVAL_MS: '200',
      OUTBOX_INTERVAL_MS: '200',
      RULES_POLL_MS: '200',
      ...env
    })
    everyProcess.push(proc)
    const httpUrl = `http://127.0.0.1:${httpPort}`
    const alive = (): boolean => proc.child.exitCode === null && proc.child.signalCode === null
    const node: FlareNode = {
      nodeId,
      proc,
      httpUrl,
      mqttUrl: `mqtt://127.0.0.1:${mqttPort}`,
      mqttPort,
      api: async (method, path, body) => await api(httpUrl, method, path, body),
      alive,
      kill: async () => {
        if (alive()) proc.child.kill('SIGKILL')
        await proc.exited
      }
    }
    nodes.push(node)
    return node
  }
  try {
    const ports: Array<[number, number]> = []
    for (let i = 0; i < nodeIds.length; i++) ports.push([await freePort(), await freePort()])
    if (opts.together === true) {
      const started = nodeIds.map((id, i) => start(id, ...ports[i]))
      await Promise.all(started.map(async n => await n.proc.up))
    } else {
      for (const [i, id] of nodeIds.entries()) await start(id, ...ports[i]).proc.up
    }
  } catch (err) {
    for (const n of nodes) t.comment(`${n.nodeId} stderr:\n${n.proc.stderr()}\nstdout (tail):\n${n.proc.stdout().slice(-3000)}`)
    throw err
  }

  const provision = async (node: FlareNode, path: string, body: Record<string, unknown>): Promise<{ id: string, secret: string }> => {
    const res = await node.api('POST', path, body)
    if (res.status !== 201) throw new Error(`POST ${path}: ${res.status} ${JSON.stringify(res.body)}`)
    const p = res.body.device ?? res.body.responder
    principals.push(p.id)
    return { id: p.id, secret: res.body.secret }
  }

  return {
    db,
    sql,
    nodes,
    connect: async (node, opts) => {
      const client = mqtt.connect(node.mqttUrl, { reconnectPeriod: 0, connectTimeout: 10_000, ...opts })
      clients.push(client)
      await new Promise<void>((resolve, reject) => {
        client.once('connect', () => resolve())
        client.once('error', reject)
        client.once('close', () => reject(new Error(`connection to ${node.nodeId} closed before CONNACK`)))
      })
      return client
    },
    device: async (node, body = {}) => await provision(node, '/api/v1/devices', { kind: 'phone', ...body }),
    responder: async (node, body = {}) => await provision(node, '/api/v1/responders', { name: 'Responder', ...body })
  }
}

async function api (base: string, method: string, path: string, body?: unknown): Promise<ApiResult> {
  const headers: Record<string, string> = { authorization: `Bearer ${ADMIN_KEY}` }
  if (body !== undefined) headers['content-type'] = 'application/json'
  const res = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
  const text = await res.text()
  let parsed: unknown = text
  try { parsed = text === '' ? undefined : JSON.parse(text) } catch {}
  return { status: res.status, body: parsed }
}

/**
 * What the nodes left in the shared Redis for this test's principals: retained `dev/{id}/status`
 * messages (a hash field, or a key in Redis-cluster layout) and stored wills (a killed node's stay).
 */
async function forgetRetained (ids: string[]): Promise<void> {
  if (ids.length === 0) return
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 })
  try {
    await redis.connect()
    const topics = ids.map(id => `dev/${id}/status`)
    await redis.hdel('retained', ...topics)
    await redis.del(...topics.map(topic => `retained:${encodeURIComponent(topic)}`))
    for (const id of ids) {
      const wills = await redis.keys(`will:*:${encodeURIComponent(id)}`)
      if (wills.length > 0) await redis.del(...wills)
    }
  } catch {
    // best effort: leftovers harm no other test (principal ids are random)
  } finally {
    redis.disconnect()
  }
}

/** Rules in force on one node, then waits until every node has loaded that version. */
export async function putRules (cluster: Cluster, rules: unknown): Promise<void> {
  const res = await cluster.nodes[0].api('PUT', '/api/v1/rules', rules)
  if (res.status !== 200) throw new Error(`PUT /rules: ${res.status} ${JSON.stringify(res.body)}`)
  const version = res.body.version
  for (const n of cluster.nodes) {
    await until(`${n.nodeId} to load rules version ${version}`, async () => {
      const r = await n.api('GET', '/api/v1/rules')
      return r.body?.version >= version ? true : undefined
    }, 15_000)
  }
}

/** A responder app: connected, subscribed to dispatch/{id}, everything received kept in order. */
export async function responderApp (cluster: Cluster, node: FlareNode, r: { id: string, secret: string }) {
  const client = await cluster.connect(node, { clientId: r.id, username: r.id, password: r.secret })
  const inbox = collect(client, `dispatch/${r.id}`)
  if (await subscribe(client, `dispatch/${r.id}`) !== 1) throw new Error('dispatch subscription refused')
  return { ...r, client, inbox }
}

/** The next message on the inbox that has `key` (offer, withdrawn, result), skipping others. */
export async function nextOf (inbox: ReturnType<typeof collect>, key: string, timeoutMs = 20_000): Promise<any> {
  const end = Date.now() + timeoutMs
  for (;;) {
    const m = JSON.parse((await inbox.next(Math.max(1, end - Date.now()))).toString())
    if (m[key] !== undefined) return m[key]
  }
}
