// The HTTP port over TLS (TLS_CERT/TLS_KEY): REST, console, MQTT over WSS and the live feed over
// WSS; nothing in clear unless HTTP_PLAIN_PORT asks for it; TLS_MIN_VERSION on every TLS listener.
import t from 'tap'
import { readFileSync } from 'node:fs'
import { connect as tlsConnect } from 'node:tls'
import mqtt from 'mqtt'
import { ADMIN_KEY, startTestFlare } from '../../helpers/flare.js'
import { send } from '../../helpers/https.js'
import { issue, makeCa, pki } from '../../helpers/tls.js'
import { collect, subscribe } from '../../helpers/mqtt.js'
import { dashboard, isSnapshot } from '../live/support.js'
import { createUser } from './people.js'

function tlsEnv (t: Parameters<typeof pki>[0]): { env: Record<string, string>, ca: Buffer } {
  const p = pki(t)
  const ca = makeCa(p, 'test-ca')
  const server = issue(p, ca, 'server', 'localhost', 'server')
  return { env: { TLS_CERT: server.cert, TLS_KEY: server.key }, ca: readFileSync(ca.cert) }
}

/** The TLS version a handshake agreed, or the error code of one that failed. */
async function handshake (port: number, ca: Buffer, maxVersion: 'TLSv1.2' | 'TLSv1.3'): Promise<string> {
  return await new Promise((resolve) => {
    const socket = tlsConnect({ host: '127.0.0.1', port, ca, servername: 'localhost', maxVersion }, () => {
      const version = socket.getProtocol() ?? 'none'
      socket.end()
      resolve(version)
    })
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(`error ${err.code ?? err.message}`))
  })
}

t.test('REST, console and login over HTTPS; the HTTP port speaks nothing in clear', async (t) => {
  const { env, ca } = tlsEnv(t)
  const f = await startTestFlare(t, env, undefined, { ca })
  t.match(f.httpUrl, /^https:/)
  t.equal(f.app.ports.httpPlain, undefined, 'no plain port unless HTTP_PLAIN_PORT is set')

  const incidents = await f.api('GET', '/api/v1/incidents')
  t.equal(incidents.status, 200, 'REST over HTTPS, the certificate verified against the CA')
  const page = await send(`${f.httpUrl}/console/`, { ca })
  t.equal(page.status, 200, 'the console over HTTPS')
  t.match(page.text, /<html/i)

  await createUser(f, { username: 'ann', role: 'viewer' })
  const login = await send(`${f.httpUrl}/api/v1/session`, { method: 'POST', ca, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'ann', password: 'correct horse battery' }) })
  t.equal(login.status, 200)
  const cookie = (login.headers['set-cookie'] ?? []).find(c => c.startsWith('flare_session='))
  t.match(cookie, /; Secure/, 'the session cookie is Secure over HTTPS')
  t.match(cookie, /HttpOnly/)

  // The same port in clear: the TLS listener never answers HTTP.
  const clear = await send(`http://127.0.0.1:${f.app.ports.http}/healthz`).then((r) => `status ${r.status}`, (err: NodeJS.ErrnoException) => `error ${err.code ?? err.message}`)
  t.match(clear, /^error /, `plain HTTP on HTTP_PORT gets no answer (${clear})`)
  const untrusting = await send(`${f.httpUrl}/healthz`).then(() => 'answered', (err: NodeJS.ErrnoException) => err.code ?? err.message)
  t.match(untrusting, /UNABLE_TO_VERIFY|self.signed|unable to get/i, 'a client that does not trust the CA is refused by its own TLS check')
})

t.test('MQTT over WSS raises an alert; the live feed over WSS with a Bearer header sees it', async (t) => {
  const { env, ca } = tlsEnv(t)
  const f = await startTestFlare(t, env, undefined, { ca })
  t.match(f.wsUrl, /^wss:/)
  const board = await dashboard(t, { url: `wss://127.0.0.1:${f.app.ports.http}/api/v1/live`, headers: { authorization: `Bearer ${ADMIN_KEY}` }, ca })
  await board.next(isSnapshot)
  t.pass('the live feed opened over WSS with the key in the Authorization header')

  const dev = await f.device({ kind: 'phone' })
  const client = await f.connect({ url: f.wsUrl, ca, clientId: dev.id, username: dev.id, password: dev.secret })
  t.equal(client.connected, true, 'a device connects over wss:///mqtt')
  const acks = collect(client, `dev/${dev.id}/ack`)
  await subscribe(client, `dev/${dev.id}/ack`)
  await client.publishAsync(`dev/${dev.id}/alert`, JSON.stringify({ alertId: 'wss-1', kind: 'PANIC', location: { lat: -33.92, lon: 18.42 } }), { qos: 1 })
  const ack = JSON.parse((await acks.next()).toString())
  t.equal(ack.status, 'ACCEPTED', 'the alert over WSS is accepted')
  const opened = await board.next((m) => m.type === 'incident.opened' && m.incident.number === ack.incidentNumber)
  t.match(opened.incident, { kind: 'PANIC', state: 'NEW' }, 'and reaches the WSS live feed')

  const clearWs = mqtt.connect(`ws://127.0.0.1:${f.app.ports.http}/mqtt`, { reconnectPeriod: 0, connectTimeout: 5000, clientId: dev.id, username: dev.id, password: dev.secret })
  const outcome = await new Promise<string>((resolve) => {
    clearWs.once('connect', () => resolve('connected'))
    clearWs.once('error', (err) => resolve(`error ${err.message}`))
    clearWs.once('close', () => resolve('closed'))
  })
  clearWs.end(true)
  t.not(outcome, 'connected', `MQTT over ws:// (in clear) does not connect to the TLS port (${outcome})`)
})

t.test('HTTP_PLAIN_PORT: plain HTTP beside HTTPS, the same routes, no Secure cookie unless a trusted proxy says HTTPS', async (t) => {
  const { env, ca } = tlsEnv(t)
  const f = await startTestFlare(t, { ...env, HTTP_PLAIN_PORT: '0' }, undefined, { ca })
  const plainPort = f.app.ports.httpPlain
  t.type(plainPort, 'number')
  t.not(plainPort, f.app.ports.http)
  const plain = `http://127.0.0.1:${String(plainPort)}`
  const health = await send(`${plain}/api/v1/incidents`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } })
  t.equal(health.status, 200, 'REST on the plain port')
  await createUser(f, { username: 'bob', role: 'viewer' })
  const login = await send(`${plain}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'bob', password: 'correct horse battery' }) })
  t.equal(login.status, 200)
  t.notMatch((login.headers['set-cookie'] ?? []).join('\n'), /Secure/, 'in clear, the cookie is not Secure')

  const board = await dashboard(t, { url: `ws://127.0.0.1:${String(plainPort)}/api/v1/live`, headers: { authorization: `Bearer ${ADMIN_KEY}` } })
  t.ok(isSnapshot(await board.next(isSnapshot)), 'the live feed on the plain port')
  const dev = await f.device()
  const client = await f.connect({ url: `ws://127.0.0.1:${String(plainPort)}/mqtt`, clientId: dev.id, username: dev.id, password: dev.secret })
  t.equal(client.connected, true, 'MQTT over WebSocket on the plain port')
  t.equal((await f.api('GET', '/healthz')).status, 200, 'and HTTPS still on HTTP_PORT')
})

t.test('a trusted proxy on the plain port that says X-Forwarded-Proto: https gets a Secure cookie', async (t) => {
  const { env, ca } = tlsEnv(t)
  const f = await startTestFlare(t, { ...env, HTTP_PLAIN_PORT: '0', HTTP_TRUST_PROXY: '127.0.0.1' }, undefined, { ca })
  await createUser(f, { username: 'cy', role: 'viewer' })
  const login = await send(`http://127.0.0.1:${String(f.app.ports.httpPlain)}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' }, body: JSON.stringify({ username: 'cy', password: 'correct horse battery' }) })
  t.equal(login.status, 200)
  t.match((login.headers['set-cookie'] ?? []).join('\n'), /; Secure/)
})

t.test('TLS_MIN_VERSION=TLSv1.3 refuses a TLSv1.2-only client on HTTPS and MQTTS; the default admits it', async (t) => {
  const { env, ca } = tlsEnv(t)
  const strict = await startTestFlare(t, { ...env, TLS_MIN_VERSION: 'TLSv1.3' }, undefined, { ca })
  for (const [name, port] of [['HTTPS', strict.app.ports.http], ['MQTTS', strict.app.ports.mqtts ?? 0]] as const) {
    t.match(await handshake(port, ca, 'TLSv1.2'), /^error /, `${name}: a TLSv1.2-only client is refused`)
    t.equal(await handshake(port, ca, 'TLSv1.3'), 'TLSv1.3', `${name}: TLSv1.3 is admitted`)
  }
  const lenient = await startTestFlare(t, env, undefined, { ca })
  t.equal(await handshake(lenient.app.ports.http, ca, 'TLSv1.2'), 'TLSv1.2', 'the default (TLSv1.2) admits a TLSv1.2 client')
  t.equal(await handshake(lenient.app.ports.mqtts ?? 0, ca, 'TLSv1.2'), 'TLSv1.2')
})
