// Certificates reloaded without a restart: new connections get the new certificate, open ones go
// on; files that do not load leave the certificate in use in place, logged and counted.
import t from 'tap'
import { copyFileSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { connect as tlsConnect } from 'node:tls'
import { pino } from 'pino'
import { Registry } from 'prom-client'
import { startTestFlare } from '../helpers/flare.js'
import { issue, makeCa, pki, type Pki } from '../helpers/tls.js'
import { eventually, metric, sendTelemetry } from '../broker/support.js'
import { loadConfig } from '../../config/config.js'
import { ReloadingTlsCredentials } from '../../gateway/tls/credentials.js'

/** The SHA-256 fingerprint of the certificate a fresh TLS connection to the port is shown. */
async function servedFingerprint (port: number, ca: Buffer): Promise<string> {
  return await new Promise((resolve, reject) => {
    const socket = tlsConnect({ host: '127.0.0.1', port, ca, servername: 'localhost' }, () => {
      const fp = socket.getPeerCertificate().fingerprint256
      socket.end()
      resolve(fp)
    })
    socket.once('error', reject)
  })
}

/** Replaces `target` by `source` the way a deployment tool should: a copy renamed into place. */
function replace (p: Pki, source: string, target: string): void {
  const tmp = p.path(`incoming-${Math.random().toString(36).slice(2)}`)
  copyFileSync(source, tmp)
  renameSync(tmp, target)
}

t.test('swapping the files: new connections see the new certificate, an open session goes on; a broken file is refused', async (t) => {
  const p = pki(t)
  const ca = makeCa(p, 'ca')
  const first = issue(p, ca, 'first', 'localhost', 'server')
  const second = issue(p, ca, 'second', 'localhost', 'server')
  const certFile = p.path('live.crt')
  const keyFile = p.path('live.key')
  copyFileSync(first.cert, certFile)
  copyFileSync(first.key, keyFile)
  const trust = readFileSync(ca.cert)
  const f = await startTestFlare(t, { TLS_CERT: certFile, TLS_KEY: keyFile, TLS_RELOAD_INTERVAL_MS: '100' }, undefined, { ca: trust })
  const https = f.app.ports.http
  const mqtts = f.app.ports.mqtts ?? 0
  t.equal(await servedFingerprint(https, trust), first.fingerprint, 'HTTPS starts with the first certificate')
  t.equal(await servedFingerprint(mqtts, trust), first.fingerprint, 'MQTTS too')
  const d = await f.device()
  const open = await f.connect({ url: `mqtts://127.0.0.1:${mqtts}`, ca: trust, clientId: d.id, username: d.id, password: d.secret })

  replace(p, second.key, keyFile)
  replace(p, second.cert, certFile)
  await eventually(() => servedFingerprint(https, trust), (fp) => fp === second.fingerprint)
  t.pass('HTTPS: a new connection gets the second certificate')
  t.equal(await servedFingerprint(mqtts, trust), second.fingerprint, 'MQTTS: likewise')
  await eventually(() => metric(f, 'flare_tls_reloads_total'), (n) => n >= 1)
  t.pass('the reload is counted')
  t.equal(open.connected, true, 'the session opened before the swap is still up')
  await sendTelemetry(open, d.id)
  t.pass('and still publishes')
  t.equal(f.app.tls?.fingerprint, second.fingerprint)

  const failuresBefore = await metric(f, 'flare_tls_reload_failures_total')
  writeFileSync(p.path('broken.crt'), '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n')
  replace(p, p.path('broken.crt'), certFile)
  await eventually(() => metric(f, 'flare_tls_reload_failures_total'), (n) => n > failuresBefore)
  t.pass('a certificate file that does not parse is counted as a failed reload')
  t.equal(await servedFingerprint(https, trust), second.fingerprint, 'HTTPS keeps the certificate in use')
  t.equal(await servedFingerprint(mqtts, trust), second.fingerprint, 'and so does MQTTS')
})

t.test('a reload that fails is logged with its error; unchanged files are no reload', async (t) => {
  const p = pki(t)
  const ca = makeCa(p, 'ca')
  const first = issue(p, ca, 'first', 'localhost', 'server')
  const other = issue(p, ca, 'other', 'localhost', 'server')
  const certFile = p.path('live.crt')
  const keyFile = p.path('live.key')
  copyFileSync(first.cert, certFile)
  copyFileSync(first.key, keyFile)
  const lines: any[] = []
  const log = pino({ level: 'info' }, { write: (line: string) => { lines.push(JSON.parse(line)) } })
  const registry = new Registry()
  const tls = ReloadingTlsCredentials.load(loadConfig({ TLS_CERT: certFile, TLS_KEY: keyFile }).tls!, log, registry)
  t.equal(tls.reload(), 'unchanged', 'the same files: nothing to do')

  copyFileSync(other.cert, certFile)
  t.equal(tls.reload(), 'failed', 'a new certificate with the old key does not load')
  const failed = lines.find(l => l.msg === 'TLS reload failed: the certificate in use stays')
  t.ok(failed !== undefined, 'logged')
  t.equal(failed?.level, 50, 'as an error')
  t.match(failed?.err?.message, /^TLS_KEY: .*does not go with TLS_CERT/, 'with the err that says why')
  t.equal(tls.fingerprint, first.fingerprint, 'the first certificate stays')

  copyFileSync(other.key, keyFile)
  t.equal(tls.reload(), 'reloaded', 'once the key follows, it loads')
  t.equal(tls.fingerprint, other.fingerprint)
  const text = await registry.metrics()
  t.match(text, /^flare_tls_reloads_total 1$/m)
  t.match(text, /^flare_tls_reload_failures_total 1$/m)
  t.match(text, /^flare_tls_certificate_expiry_timestamp_seconds \d{10}$/m)
})
