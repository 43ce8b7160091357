import t, { type Test } from 'tap'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createServer, type Server } from 'node:net'
import mqtt from 'mqtt'
import { pino } from 'pino'
import { startTestFlare, connackCode, ADMIN_KEY } from '../helpers/flare.js'
import { createTestDatabase } from '../helpers/database.js'
import { loadConfig, ConfigError } from '../../config/config.js'
import { startFlare } from '../../gateway/app.js'
import { sendTelemetry } from './support.js'

/** A throwaway self-signed certificate for localhost / 127.0.0.1. */
function selfSignedCert (t: Test): { dir: string, cert: string, key: string } {
  const dir = mkdtempSync(join(tmpdir(), 'flare-tls-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const cert = join(dir, 'cert.pem')
  const key = join(dir, 'key.pem')
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'], { stdio: 'ignore' })
  return { dir, cert, key }
}

async function occupiedPort (t: Test): Promise<number> {
  const server: Server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())))
  const addr = server.address()
  if (typeof addr !== 'object' || addr === null) throw new Error('no address')
  return addr.port
}

/** startFlare on a fresh database that is dropped afterwards, for start-ups expected to fail. */
async function startExpectingFailure (t: Test, env: Record<string, string>): Promise<unknown> {
  const db = await createTestDatabase()
  t.teardown(() => db.drop())
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    MQTT_HOST: '127.0.0.1',
    MQTT_PORT: '0',
    MQTTS_PORT: '0',
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: '0',
    ADMIN_API_KEY: ADMIN_KEY,
    ...env
  })
  try {
    const app = await startFlare(config, pino({ level: 'silent' }))
    await app.close()
    return undefined
  } catch (err) {
    return err
  }
}

t.test('MQTT over TLS with a self-signed certificate', async (t) => {
  const tls = selfSignedCert(t)
  const f = await startTestFlare(t, { TLS_CERT: tls.cert, TLS_KEY: tls.key, MQTTS_PORT: '0' }, undefined, { ca: readFileSync(tls.cert) })
  const port = f.app.ports.mqtts
  t.type(port, 'number', 'an MQTTS port was bound')
  t.not(port, 0)
  t.not(port, f.app.ports.mqtt, 'distinct from the plain MQTT port')
  const url = `mqtts://127.0.0.1:${String(port)}`
  const ca = readFileSync(tls.cert)

  const d = await f.device()
  const client = await f.connect({ url, ca, rejectUnauthorized: true, clientId: d.id, username: d.id, password: d.secret })
  t.equal(client.connected, true, 'device connects over TLS, certificate verified against the CA')
  await sendTelemetry(client, d.id)
  t.pass('QoS 1 publish over TLS acknowledged')

  t.equal(await connackCode(url, { ca, clientId: d.id, username: d.id, password: 'wrong' }), 4, 'authentication still applies over TLS')

  // A client that does not trust the certificate gets a TLS error, not a session.
  const untrusting = mqtt.connect(url, { reconnectPeriod: 0, connectTimeout: 5000, rejectUnauthorized: true, clientId: 'x', username: 'x', password: 'x' })
  const err = await new Promise<Error & { code?: string }>((resolve) => untrusting.once('error', (e) => resolve(e as Error & { code?: string })))
  untrusting.end(true)
  t.match(err.code ?? err.message, /SELF_SIGNED|self.signed/i, `untrusted certificate refused by the client (${err.code ?? err.message})`)
})

t.test('start-up refuses a busy MQTT_PORT with a ConfigError naming it', async (t) => {
  const port = await occupiedPort(t)
  const err = await startExpectingFailure(t, { MQTT_PORT: String(port) })
  t.type(err, ConfigError, 'a ConfigError')
  t.match(err, { name: 'ConfigError', variable: 'MQTT_PORT', message: /^MQTT_PORT: .*already in use/ }, String(err))
})

t.test('start-up refuses a busy MQTTS_PORT with a ConfigError naming it', async (t) => {
  const tls = selfSignedCert(t)
  const port = await occupiedPort(t)
  const err = await startExpectingFailure(t, { TLS_CERT: tls.cert, TLS_KEY: tls.key, MQTTS_PORT: String(port) })
  t.type(err, ConfigError, 'a ConfigError')
  t.match(err, { variable: 'MQTTS_PORT', message: /^MQTTS_PORT: .*already in use/ }, String(err))
})

t.test('start-up refuses an unreadable certificate with a ConfigError naming TLS_CERT', async (t) => {
  const tls = selfSignedCert(t)
  const garbage = join(tls.dir, 'garbage.pem')
  writeFileSync(garbage, 'not a certificate\n')
  const err = await startExpectingFailure(t, { TLS_CERT: garbage, TLS_KEY: tls.key })
  t.type(err, ConfigError, 'a ConfigError')
  t.match(err, { variable: 'TLS_CERT', message: /^TLS_CERT: / }, String(err))
})

t.test('start-up refuses a CA bundle with no certificate in it, naming TLS_CA', async (t) => {
  const tls = selfSignedCert(t)
  const garbage = join(tls.dir, 'ca.pem')
  writeFileSync(garbage, 'not a CA bundle\n')
  const err = await startExpectingFailure(t, { TLS_CERT: tls.cert, TLS_KEY: tls.key, TLS_CA: garbage })
  t.type(err, ConfigError, 'a ConfigError')
  t.match(err, { variable: 'TLS_CA', message: /^TLS_CA: cannot load the CA bundle .*no PEM certificate/ }, String(err))
})

t.test('start-up refuses a key that does not go with the certificate, naming TLS_KEY', async (t) => {
  const a = selfSignedCert(t)
  const b = selfSignedCert(t)
  const err = await startExpectingFailure(t, { TLS_CERT: a.cert, TLS_KEY: b.key })
  t.type(err, ConfigError, 'a ConfigError')
  t.match(err, { variable: 'TLS_KEY', message: /^TLS_KEY: .*does not go with TLS_CERT/ }, String(err))
})
