import type { Test } from 'tap'
import mqtt, { type MqttClient, type IClientOptions } from 'mqtt'
import { pino } from 'pino'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadConfig } from '../../config/config.js'
import { startFlare, type FlareApp } from '../../gateway/app.js'
import { createTestDatabase, type TestDatabase } from './database.js'
import { send } from './https.js'

export const ADMIN_KEY = 'test-admin-key-0123456789'

export interface TestFlare {
  app: FlareApp
  db: TestDatabase
  httpUrl: string
  mqttUrl: string
  wsUrl: string
  /** JSON request to the REST API, with the admin key unless another is given (null: none) */
  api: <T = any>(method: string, path: string, body?: unknown, key?: string | null) => Promise<{ status: number, body: T }>
  /** GET of a text resource (/metrics), over HTTPS with the CA when TLS is on */
  text: (path: string) => Promise<{ status: number, text: string }>
  device: (body?: Record<string, unknown>) => Promise<{ id: string, secret: string, device: any }>
  responder: (body?: Record<string, unknown>) => Promise<{ id: string, secret: string, responder: any }>
  /** an mqtt.js client that is ended when the test ends */
  connect: (opts: IClientOptions & { url?: string }) => Promise<MqttClient>
}

/**
 * A whole Flare on a fresh database, ephemeral ports, torn down with the test. `tls.ca`: the HTTP
 * port speaks HTTPS (TLS_CERT/TLS_KEY in env), and `api` trusts this CA.
 */
export async function startTestFlare (t: Test, env: Record<string, string> = {}, shared?: TestDatabase, tls?: { ca: Buffer }): Promise<TestFlare> {
  const db = shared ?? await createTestDatabase()
  // Each Flare its own journal: several run in one test process, and a journal has one writer.
  const journalDir = mkdtempSync(join(tmpdir(), 'flare-test-journal-'))
  const config = loadConfig({
    JOURNAL_FILE: join(journalDir, 'node.journal'),
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    MQTT_HOST: '127.0.0.1',
    MQTT_PORT: '0',
    MQTTS_PORT: '0',
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: '0',
    ADMIN_API_KEY: ADMIN_KEY,
    DB_POOL_MAX: '10',
    ...env
  })
  const log = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' })
  const app = await startFlare(config, log)
  const clients: MqttClient[] = []
  t.teardown(async () => {
    await Promise.all(clients.map(c => c.endAsync(true).catch(() => {})))
    await app.close()
    rmSync(journalDir, { recursive: true, force: true })
    if (shared === undefined) await db.drop()
  })
  const httpUrl = `${tls === undefined ? 'http' : 'https'}://127.0.0.1:${app.ports.http}`
  const api: TestFlare['api'] = async (method, path, body, key = ADMIN_KEY) => {
    const headers: Record<string, string> = {}
    if (key !== null) headers.authorization = `Bearer ${key}`
    if (body !== undefined) headers['content-type'] = 'application/json'
    const payload = body === undefined ? undefined : JSON.stringify(body)
    if (tls !== undefined) {
      const res = await send(httpUrl + path, { method, headers, body: payload, ca: tls.ca })
      return { status: res.status, body: res.text === '' ? undefined : JSON.parse(res.text) }
    }
    const res = await fetch(httpUrl + path, { method, headers, body: payload })
    const text = await res.text()
    return { status: res.status, body: text === '' ? undefined : JSON.parse(text) }
  }
  const text: TestFlare['text'] = async (path) => {
    if (tls !== undefined) return await send(httpUrl + path, { ca: tls.ca })
    const res = await fetch(httpUrl + path)
    return { status: res.status, text: await res.text() }
  }
  return {
    app,
    db,
    httpUrl,
    text,
    mqttUrl: `mqtt://127.0.0.1:${app.ports.mqtt}`,
    wsUrl: `${tls === undefined ? 'ws' : 'wss'}://127.0.0.1:${app.ports.http}/mqtt`,
    api,
    device: async (body = {}) => {
      const res = await api('POST', '/api/v1/devices', { kind: 'button', ...body })
      if (res.status !== 201) throw new Error(`provisioning failed: ${res.status} ${JSON.stringify(res.body)}`)
      return { id: res.body.device.id, secret: res.body.secret, device: res.body.device }
    },
    responder: async (body = {}) => {
      const res = await api('POST', '/api/v1/responders', { name: 'Test Responder', ...body })
      if (res.status !== 201) throw new Error(`registration failed: ${res.status} ${JSON.stringify(res.body)}`)
      return { id: res.body.responder.id, secret: res.body.secret, responder: res.body.responder }
    },
    connect: async (opts) => {
      const { url, ...rest } = opts
      const client = mqtt.connect(url ?? `mqtt://127.0.0.1:${app.ports.mqtt}`, { reconnectPeriod: 0, connectTimeout: 5000, ...rest })
      clients.push(client)
      await new Promise<void>((resolve, reject) => {
        client.once('connect', () => resolve())
        client.once('error', reject)
        client.once('close', () => reject(new Error('connection closed before CONNACK')))
      })
      return client
    }
  }
}

/**
 * Resolves with the CONNACK error code mqtt.js reports for a refused connection (0: accepted).
 * `target` is a broker URL, or a function opening the transport (e.g. from a given local address).
 */
export async function connackCode (target: string | (() => any), opts: IClientOptions): Promise<number> {
  const client = typeof target === 'string'
    ? mqtt.connect(target, { reconnectPeriod: 0, connectTimeout: 5000, ...opts })
    : new mqtt.MqttClient(target, { protocolVersion: 4, reconnectPeriod: 0, connectTimeout: 10_000, ...opts })
  try {
    return await new Promise<number>((resolve, reject) => {
      client.once('connect', () => resolve(0))
      client.once('error', (err: any) => typeof err.code === 'number' ? resolve(err.code) : reject(err))
    })
  } finally {
    client.end(true)
  }
}
