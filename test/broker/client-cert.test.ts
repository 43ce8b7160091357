// Client certificates on MQTTS (TLS_CA): a device that presents one signed by TLS_CA and sends no
// password is the device its subject CN names, under the same ACL; anything else is refused.
import t from 'tap'
import { readFileSync } from 'node:fs'
import mqtt from 'mqtt'
import { connackCode, startTestFlare } from '../helpers/flare.js'
import { issue, makeCa, pki, type Issued } from '../helpers/tls.js'
import { metric, sendTelemetry, subscribeGranted } from './support.js'

function pkiWithCa (t: Parameters<typeof pki>[0]): { p: ReturnType<typeof pki>, ca: Issued, env: Record<string, string>, trust: Buffer } {
  const p = pki(t)
  const ca = makeCa(p, 'device-ca')
  const server = issue(p, ca, 'server', 'localhost', 'server')
  return { p, ca, env: { TLS_CERT: server.cert, TLS_KEY: server.key, TLS_CA: ca.cert }, trust: readFileSync(ca.cert) }
}

function files (c: Issued): { cert: Buffer, key: Buffer } {
  return { cert: readFileSync(c.cert), key: readFileSync(c.key) }
}

t.test('a device authenticates with its certificate and stays under the ACL; passwords still work', async (t) => {
  const { p, ca, env, trust } = pkiWithCa(t)
  const f = await startTestFlare(t, env, undefined, { ca: trust })
  const url = `mqtts://127.0.0.1:${String(f.app.ports.mqtts)}`
  const d = await f.device()
  const other = await f.device()
  const cert = issue(p, ca, 'device', d.id, 'client')

  const client = await f.connect({ url, ca: trust, ...files(cert), clientId: d.id })
  t.equal(client.connected, true, 'connected with the certificate alone (no username, no password)')
  await sendTelemetry(client, d.id)
  t.pass('it publishes to its own topics (PUBACK)')
  t.equal(await subscribeGranted(client, `dev/${other.id}/ack`), 128, 'another device\'s topics stay refused by the ACL')
  t.ok(f.app.broker.connectedPrincipals().some(pr => pr.kind === 'device' && pr.id === d.id), 'the broker holds it as that device')

  t.equal(await connackCode(url, { ca: trust, ...files(cert), clientId: d.id, username: d.id }), 0, 'a username equal to the CN is fine too')
  t.equal(await connackCode(url, { ca: trust, clientId: other.id, username: other.id, password: other.secret }), 0, 'a password login without a certificate still works')
  t.equal(await connackCode(url, { ca: trust, ...files(cert), clientId: d.id, username: d.id, password: 'wrong' }), 4, 'a password, when sent, is checked as always')
  t.equal(await connackCode(url, { ca: trust, clientId: 'nobody' }), 5, 'no certificate and no credentials: anonymous, refused')
})

t.test('refused: an unknown CN, another CA, a revoked device, a CN that is not the client id, a responder', async (t) => {
  const { p, ca, env, trust } = pkiWithCa(t)
  const f = await startTestFlare(t, env, undefined, { ca: trust })
  const url = `mqtts://127.0.0.1:${String(f.app.ports.mqtts)}`
  const failures = (reason: string): Promise<number> => metric(f, 'flare_mqtt_auth_failures_total', { reason })
  const d = await f.device()

  const unknown = issue(p, ca, 'unknown', 'dev-never-provisioned', 'client')
  t.equal(await connackCode(url, { ca: trust, ...files(unknown), clientId: 'dev-never-provisioned' }), 5, 'unknown CN → 5')
  t.equal(await failures('certificate_unknown'), 1)

  const elsewhere = makeCa(p, 'other-ca')
  const foreign = issue(p, elsewhere, 'foreign', d.id, 'client')
  t.equal(await connackCode(url, { ca: trust, ...files(foreign), clientId: d.id }), 5, 'the right CN signed by another CA → 5')
  t.equal(await failures('certificate_untrusted'), 1)

  const own = issue(p, ca, 'own', d.id, 'client')
  t.equal(await connackCode(url, { ca: trust, ...files(own), clientId: 'someone-else' }), 5, 'CN ≠ client id → 5')
  t.equal(await connackCode(url, { ca: trust, ...files(own), clientId: d.id, username: 'someone-else' }), 5, 'CN ≠ username → 5')
  t.equal(await failures('certificate_client_id_mismatch'), 2)

  const r = await f.responder()
  const responderCert = issue(p, ca, 'responder', r.id, 'client')
  t.equal(await connackCode(url, { ca: trust, ...files(responderCert), clientId: r.id }), 5, 'a certificate naming a responder → 5 (devices only)')
  t.equal(await failures('certificate_not_device'), 1)

  const live = await f.connect({ url, ca: trust, ...files(own), clientId: d.id })
  const gone = new Promise<void>((resolve) => live.once('close', () => resolve()))
  t.equal((await f.api('DELETE', `/api/v1/devices/${d.id}`)).status, 204)
  await gone
  t.pass('revoking the device drops its certificate session')
  t.equal(await connackCode(url, { ca: trust, ...files(own), clientId: d.id }), 5, 'and its certificate is refused afterwards → 5')
  t.equal(await failures('certificate_revoked') + await failures('certificate_unknown'), 2, 'counted (revoked, or unknown once the row is gone)')
})

t.test('MQTT_TLS_CLIENT_CERT=required: no valid certificate, no TLS session', async (t) => {
  const { p, ca, env, trust } = pkiWithCa(t)
  const f = await startTestFlare(t, { ...env, MQTT_TLS_CLIENT_CERT: 'required' }, undefined, { ca: trust })
  const url = `mqtts://127.0.0.1:${String(f.app.ports.mqtts)}`
  const d = await f.device()
  const cert = issue(p, ca, 'device', d.id, 'client')
  t.equal(await connackCode(url, { ca: trust, ...files(cert), clientId: d.id }), 0, 'with its certificate the device connects')

  const handshakeOutcome = async (opts: mqtt.IClientOptions): Promise<string> => {
    const c = mqtt.connect(url, { reconnectPeriod: 0, connectTimeout: 5000, ca: trust, ...opts })
    try {
      return await new Promise<string>((resolve) => {
        c.once('connect', () => resolve('connected'))
        c.once('error', (err: any) => resolve(typeof err.code === 'number' ? `connack ${String(err.code)}` : 'tls error'))
        c.once('close', () => resolve('closed'))
      })
    } finally {
      c.end(true)
    }
  }
  const withPassword = await handshakeOutcome({ clientId: d.id, username: d.id, password: d.secret })
  t.ok(['tls error', 'closed'].includes(withPassword), `a password without a certificate does not get to CONNECT (${withPassword})`)
  const foreign = issue(p, makeCa(p, 'other-ca'), 'foreign', d.id, 'client')
  const untrusted = await handshakeOutcome({ ...files(foreign), clientId: d.id })
  t.ok(['tls error', 'closed'].includes(untrusted), `another CA's certificate is refused at the handshake (${untrusted})`)
  t.equal(await connackCode(f.mqttUrl, { clientId: d.id, username: d.id, password: d.secret }), 0, 'plain MQTT_PORT is not affected')
})
