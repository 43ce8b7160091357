import t, { type Test } from 'tap'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir, hostname } from 'node:os'
import { join, resolve } from 'node:path'
import { ConfigError, loadConfig } from '../../config/config.js'

/** The ConfigError loadConfig throws for env (fails the test if it does not throw one). */
function configError (t: Test, env: Record<string, string>): ConfigError | undefined {
  try {
    loadConfig(env)
  } catch (err) {
    t.type(err, ConfigError, 'throws a ConfigError')
    return err as ConfigError
  }
  t.fail(`loadConfig(${JSON.stringify(env)}) should have thrown`)
  return undefined
}

t.test('defaults from an empty environment', async (t) => {
  const c = loadConfig({})
  t.equal(c.env, 'development')
  t.equal(c.nodeId, hostname())
  t.equal(c.logLevel, 'info')
  t.equal(c.httpHost, '0.0.0.0')
  t.equal(c.httpPort, 8080)
  t.equal(c.mqttHost, '0.0.0.0')
  t.equal(c.mqttPort, 1883)
  t.equal(c.mqttsPort, 8883)
  t.equal(c.tls, undefined)
  t.equal(c.databaseUrl, undefined, 'no DATABASE_URL: embedded PostgreSQL')
  t.equal(c.embeddedPgPort, 5433)
  t.equal(c.dataDir, resolve('./data'))
  t.equal(c.dbPoolMax, 20)
  t.equal(c.redisUrl, undefined)
  t.equal(c.allowAnonymous, false, 'anonymous MQTT refused by default')
  t.equal(c.adminApiKey, undefined)
  t.equal(c.maxAlertBytes, 16 * 1024)
  t.equal(c.rulesFile, undefined)
})

t.test('values are parsed; blanks mean the default', async (t) => {
  const c = loadConfig({ MQTT_PORT: ' 0 ', HTTP_PORT: '65535', MQTT_ALLOW_ANONYMOUS: 'YES', DATABASE_URL: 'postgresql://u@h/db', HTTP_HOST: '  ', NODE_ENV: 'test' })
  t.equal(c.mqttPort, 0)
  t.equal(c.httpPort, 65535)
  t.equal(c.allowAnonymous, true)
  t.equal(c.databaseUrl, 'postgresql://u@h/db')
  t.equal(c.httpHost, '0.0.0.0')
  t.equal(c.env, 'test')
  t.equal(loadConfig({ MQTT_ALLOW_ANONYMOUS: 'off' }).allowAnonymous, false)
})

t.test('a non-numeric port names the variable', async (t) => {
  const err = configError(t, { MQTT_PORT: 'abc' })
  t.equal(err?.variable, 'MQTT_PORT')
  t.match(err?.message, /^MQTT_PORT: .*integer.*"abc"/)
  t.equal(configError(t, { HTTP_PORT: '80.5' })?.variable, 'HTTP_PORT')
})

t.test('a port out of range names the variable', async (t) => {
  const err = configError(t, { MQTT_PORT: '65536' })
  t.equal(err?.variable, 'MQTT_PORT')
  t.match(err?.reason, /0 to 65535/)
  t.equal(configError(t, { EMBEDDED_PG_PORT: '-1' })?.variable, 'EMBEDDED_PG_PORT')
  t.equal(configError(t, { DB_POOL_MAX: '0' })?.variable, 'DB_POOL_MAX')
})

t.test('a bad boolean names MQTT_ALLOW_ANONYMOUS', async (t) => {
  const err = configError(t, { MQTT_ALLOW_ANONYMOUS: 'maybe' })
  t.equal(err?.variable, 'MQTT_ALLOW_ANONYMOUS')
  t.match(err?.reason, /true or false.*"maybe"/)
})

t.test('DATABASE_URL must be a postgres URL', async (t) => {
  const err = configError(t, { DATABASE_URL: 'mysql://root@localhost/flare' })
  t.equal(err?.variable, 'DATABASE_URL')
  t.match(err?.reason, /postgres:\/\/.*mysql:/)
  t.equal(configError(t, { DATABASE_URL: 'not a url' })?.variable, 'DATABASE_URL')
  t.equal(configError(t, { REDIS_URL: 'http://localhost' })?.variable, 'REDIS_URL')
})

t.test('enumerations are checked', async (t) => {
  t.equal(configError(t, { LOG_LEVEL: 'loud' })?.variable, 'LOG_LEVEL')
  t.equal(configError(t, { NODE_ENV: 'staging' })?.variable, 'NODE_ENV')
})

t.test('TLS files: both or neither, and they must exist', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'flare-config-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const cert = join(dir, 'cert.pem')
  const key = join(dir, 'key.pem')
  writeFileSync(cert, 'cert')
  writeFileSync(key, 'key')

  const lone = configError(t, { TLS_CERT: cert })
  t.equal(lone?.variable, 'TLS_KEY', 'TLS_CERT without TLS_KEY names the missing one')
  t.match(lone?.reason, /together/)
  t.equal(configError(t, { TLS_KEY: key })?.variable, 'TLS_CERT')

  const missing = configError(t, { TLS_CERT: join(dir, 'nope.pem'), TLS_KEY: key })
  t.equal(missing?.variable, 'TLS_CERT')
  t.match(missing?.reason, /not found/)
  t.equal(configError(t, { RULES_FILE: join(dir, 'rules.yaml') })?.variable, 'RULES_FILE')

  t.same(loadConfig({ TLS_CERT: cert, TLS_KEY: key }).tls, { certFile: cert, keyFile: key, caFile: undefined, clientCert: 'optional', minVersion: 'TLSv1.2', ciphers: undefined, reloadIntervalMs: 10_000 })
})

t.test('TLS settings: client CA, minimum version, ciphers, reload interval, the plain HTTP port', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'flare-config-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const cert = join(dir, 'cert.pem')
  const key = join(dir, 'key.pem')
  const ca = join(dir, 'ca.pem')
  for (const f of [cert, key, ca]) writeFileSync(f, 'pem')
  const tls = { TLS_CERT: cert, TLS_KEY: key }

  const set = loadConfig({ ...tls, TLS_CA: ca, MQTT_TLS_CLIENT_CERT: 'required', TLS_MIN_VERSION: 'TLSv1.3', TLS_CIPHERS: 'ECDHE-ECDSA-AES128-GCM-SHA256', TLS_RELOAD_INTERVAL_MS: '0', HTTP_PORT: '8443', HTTP_PLAIN_PORT: '8080', HTTP_PLAIN_HOST: '127.0.0.1' })
  t.match(set.tls, { caFile: ca, clientCert: 'required', minVersion: 'TLSv1.3', ciphers: 'ECDHE-ECDSA-AES128-GCM-SHA256', reloadIntervalMs: 0 })
  t.same(set.httpPlain, { host: '127.0.0.1', port: 8080 })
  t.same(loadConfig({ ...tls, HTTP_HOST: '10.0.0.1', HTTP_PLAIN_PORT: '0' }).httpPlain, { host: '10.0.0.1', port: 0 }, 'the plain port listens on HTTP_HOST unless HTTP_PLAIN_HOST says otherwise')
  t.equal(loadConfig(tls).httpPlain, undefined, 'no plain port unless asked for')

  const version = configError(t, { ...tls, TLS_MIN_VERSION: 'TLSv1.1' })
  t.equal(version?.variable, 'TLS_MIN_VERSION')
  t.match(version?.message, /^TLS_MIN_VERSION: must be one of TLSv1.2, TLSv1.3, got "TLSv1.1"$/)
  const ciphers = configError(t, { ...tls, TLS_CIPHERS: 'NOT-A-CIPHER' })
  t.equal(ciphers?.variable, 'TLS_CIPHERS')
  t.match(ciphers?.message, /^TLS_CIPHERS: not a cipher list OpenSSL accepts/)
  t.match(configError(t, { ...tls, TLS_CA: join(dir, 'nope.pem') }), { variable: 'TLS_CA', message: /^TLS_CA: file not found/ })
  t.match(configError(t, { ...tls, TLS_CA: dir }), { variable: 'TLS_CA', message: /^TLS_CA: not a file/ }, 'a directory is not a CA bundle')
  t.match(configError(t, { ...tls, MQTT_TLS_CLIENT_CERT: 'sometimes' }), { variable: 'MQTT_TLS_CLIENT_CERT', message: /optional, required/ })
  t.match(configError(t, { ...tls, MQTT_TLS_CLIENT_CERT: 'required' }), { variable: 'MQTT_TLS_CLIENT_CERT', message: /needs TLS_CA/ })
  t.match(configError(t, { ...tls, TLS_RELOAD_INTERVAL_MS: '-5' }), { variable: 'TLS_RELOAD_INTERVAL_MS' })
  t.match(configError(t, { ...tls, HTTP_PORT: '8443', HTTP_PLAIN_PORT: '8443' }), { variable: 'HTTP_PLAIN_PORT', message: /must differ from HTTP_PORT/ })
  t.match(configError(t, { ...tls, HTTP_PLAIN_PORT: 'eighty' }), { variable: 'HTTP_PLAIN_PORT' })
  for (const name of ['TLS_CA', 'MQTT_TLS_CLIENT_CERT', 'TLS_MIN_VERSION', 'TLS_CIPHERS', 'HTTP_PLAIN_PORT']) {
    const value = name === 'TLS_CA' ? ca : name === 'MQTT_TLS_CLIENT_CERT' ? 'optional' : name === 'TLS_MIN_VERSION' ? 'TLSv1.3' : name === 'TLS_CIPHERS' ? 'HIGH' : '8081'
    t.match(configError(t, { [name]: value }), { variable: name, message: /only with TLS_CERT and TLS_KEY/ }, `${name} without TLS is refused, not ignored`)
  }
})

t.test('self-protection: packet size and connection-rate settings, defaults and checks', async (t) => {
  const c = loadConfig({})
  t.equal(c.mqttMaxPacketBytes, 256 * 1024, 'packets up to 256 KiB')
  t.equal(c.connectRatePerAddress, 20)
  t.equal(c.connectRateBurst, 100, 'five seconds\' worth')
  t.same(c.connectRateExempt, ['127.0.0.0/8', '::1'], 'loopback is exempt')
  t.equal(loadConfig({ MAX_ALERT_BYTES: String(1024 * 1024) }).mqttMaxPacketBytes, 1024 * 1024 + 1024, 'the default grows with MAX_ALERT_BYTES')
  t.equal(loadConfig({ MQTT_CONNECT_RATE_PER_ADDRESS: '0' }).connectRateBurst, 1, 'rate 0 (off) still gives a valid burst')
  const set = loadConfig({ MQTT_CONNECT_RATE_PER_ADDRESS: '5', MQTT_CONNECT_RATE_BURST: '7', MQTT_CONNECT_RATE_EXEMPT: ' 10.0.0.5, 172.16.0.0/12 ,fd00::/8' })
  t.same([set.connectRatePerAddress, set.connectRateBurst, set.connectRateExempt], [5, 7, ['10.0.0.5', '172.16.0.0/12', 'fd00::/8']])
  t.same(loadConfig({ MQTT_CONNECT_RATE_EXEMPT: 'none' }).connectRateExempt, [], '"none" exempts nobody')
  t.equal(configError(t, { MQTT_MAX_PACKET_BYTES: '8192' })?.variable, 'MQTT_MAX_PACKET_BYTES', 'smaller than an allowed alert')
  t.equal(configError(t, { MQTT_MAX_PACKET_BYTES: '100' })?.variable, 'MQTT_MAX_PACKET_BYTES', 'below the minimum')
  t.equal(configError(t, { MQTT_CONNECT_RATE_PER_ADDRESS: '-1' })?.variable, 'MQTT_CONNECT_RATE_PER_ADDRESS')
  t.equal(configError(t, { MQTT_CONNECT_RATE_BURST: '0' })?.variable, 'MQTT_CONNECT_RATE_BURST')
  for (const bad of ['haproxy', '10.0.0.0/33', '10.0.0.1/8/8', '::1/129', '300.1.1.1']) {
    t.match(configError(t, { MQTT_CONNECT_RATE_EXEMPT: `127.0.0.1,${bad}` })?.message, `"${bad}" is not an IP address`, `refuses ${bad}`)
  }
})

t.test('session timeouts and trusted proxies', async (t) => {
  const d = loadConfig({})
  t.equal(d.sessionIdleMinutes, 60)
  t.equal(d.sessionMaxHours, 12)
  t.same(d.httpTrustProxy, [])
  const c = loadConfig({ SESSION_IDLE_MINUTES: '15', SESSION_MAX_HOURS: '8', HTTP_TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' })
  t.equal(c.sessionIdleMinutes, 15)
  t.equal(c.sessionMaxHours, 8)
  t.same(c.httpTrustProxy, ['10.0.0.0/8', '127.0.0.1'])
  t.match(configError(t, { SESSION_IDLE_MINUTES: '0' })?.message, /^SESSION_IDLE_MINUTES: must be from 1 to 1440, got 0$/)
  t.match(configError(t, { SESSION_MAX_HOURS: 'long' })?.message, /^SESSION_MAX_HOURS: must be an integer/)
  t.equal(configError(t, { SESSION_IDLE_MINUTES: '180', SESSION_MAX_HOURS: '2' })?.message, 'SESSION_IDLE_MINUTES: must not be longer than SESSION_MAX_HOURS (2 h = 120 min), got 180')
  t.equal(configError(t, { HTTP_TRUST_PROXY: 'haproxy' })?.variable, 'HTTP_TRUST_PROXY')
})

t.test('API rate limits: defaults, 0 turns each off, bad values named', async (t) => {
  t.same(loadConfig({}).apiRateLimit, { perCaller: 600, perAddress: 120 })
  t.same(loadConfig({ API_RATE_LIMIT_PER_MIN: '0', API_RATE_LIMIT_PER_ADDRESS_PER_MIN: '30' }).apiRateLimit, { perCaller: 0, perAddress: 30 })
  t.match(configError(t, { API_RATE_LIMIT_PER_MIN: 'lots' })?.message, /^API_RATE_LIMIT_PER_MIN: must be an integer from 0 to 1000000, got "lots"$/)
  t.match(configError(t, { API_RATE_LIMIT_PER_MIN: '-1' })?.message, /^API_RATE_LIMIT_PER_MIN: must be from 0/)
  t.match(configError(t, { API_RATE_LIMIT_PER_ADDRESS_PER_MIN: '2.5' })?.message, /^API_RATE_LIMIT_PER_ADDRESS_PER_MIN: must be an integer/)
})

t.test('CORS_ORIGINS: none by default; origins only, each checked, the one at fault named', async (t) => {
  t.same(loadConfig({}).corsOrigins, [])
  t.same(loadConfig({ CORS_ORIGINS: 'https://Dispatch.Example.org, http://localhost:3000/, https://a.example:443' }).corsOrigins,
    ['https://dispatch.example.org', 'http://localhost:3000', 'https://a.example'], 'as browsers send them in Origin')
  for (const [value, reason] of [
    ['*', /"\*": wildcards are not allowed/],
    ['https://*.example.org', /wildcards are not allowed/],
    ['dispatch.example.org', /"dispatch\.example\.org" is not a URL/],
    ['https://ok.example, ftp://files.example', /"ftp:\/\/files\.example" must use http:\/\/ or https:\/\//],
    ['https://dispatch.example.org/console', /"https:\/\/dispatch\.example\.org\/console" is not an origin/],
    ['https://dispatch.example.org?x=1', /is not an origin/]
  ] as const) {
    const err = configError(t, { CORS_ORIGINS: value })
    t.equal(err?.variable, 'CORS_ORIGINS', value)
    t.match(err?.message, reason, value)
  }
})

t.test('CONSOLE_TILE_URL: an http(s) tile template with {z}, {x} and {y}', async (t) => {
  t.equal(loadConfig({}).consoleTileUrl, undefined, 'unset: no tiles')
  t.equal(loadConfig({ CONSOLE_TILE_URL: 'https://tiles.example.org/{z}/{x}/{y}.png' }).consoleTileUrl, 'https://tiles.example.org/{z}/{x}/{y}.png')
  t.match(configError(t, { CONSOLE_TILE_URL: 'ftp://tiles.example.org/{z}/{x}/{y}.png' })?.message, /CONSOLE_TILE_URL.*http/)
  t.match(configError(t, { CONSOLE_TILE_URL: 'https://tiles.example.org/{z}/{x}.png' })?.message, /CONSOLE_TILE_URL.*\{y\}/)
  t.match(configError(t, { CONSOLE_TILE_URL: 'not a url' })?.message, /CONSOLE_TILE_URL/)
})

t.test('CAP_SENDER: given, or flare@ the public host, or flare@ this machine; never with CAP\'s forbidden characters', async (t) => {
  t.equal(loadConfig({ CAP_SENDER: 'ops@flare.example.org' }).capSender, 'ops@flare.example.org')
  t.equal(loadConfig({ PUBLIC_URL: 'https://flare.example.org:8443/x' }).capSender, 'flare@flare.example.org')
  t.equal(loadConfig({}).capSender, `flare@${hostname()}`)
  t.equal(configError(t, { CAP_SENDER: 'Flare, Cape Town' })?.message, 'CAP_SENDER: must not contain spaces, commas, < or & (CAP 1.2), got "Flare, Cape Town"')
})

t.test('RETENTION_*: days per kind of data (0 for ever), with safe defaults', async (t) => {
  t.same(loadConfig({}).retention, { days: { rawPayloads: 90, positions: 30, closedIncidents: 730, auditLog: 730, deliveries: 30 }, batch: 1000, intervalS: 3600 })
  const c = loadConfig({ RETENTION_POSITIONS_DAYS: '0', RETENTION_AUDIT_DAYS: '3650', RETENTION_PURGE_BATCH: '50', RETENTION_PURGE_INTERVAL_MINUTES: '5' })
  t.match(c.retention, { days: { positions: 0, auditLog: 3650 }, batch: 50, intervalS: 300 })
  t.match(configError(t, { RETENTION_RAW_PAYLOAD_DAYS: '-1' })?.message, /^RETENTION_RAW_PAYLOAD_DAYS: must be from 0 to 36500/)
  t.match(configError(t, { RETENTION_PURGE_BATCH: '0' })?.message, /^RETENTION_PURGE_BATCH: must be from 1/)
})

t.test('SECRET_ROTATION_GRACE_MINUTES: a day by default, 0 allowed, a month at most', async (t) => {
  t.equal(loadConfig({}).secretGraceMinutes, 1440)
  t.equal(loadConfig({ SECRET_ROTATION_GRACE_MINUTES: '0' }).secretGraceMinutes, 0)
  t.match(configError(t, { SECRET_ROTATION_GRACE_MINUTES: '50000' })?.message, /^SECRET_ROTATION_GRACE_MINUTES: must be from 0 to 43200/)
})

t.test('group commit: batch size, transactions in flight, and the queue that starts one beside another', async (t) => {
  const c = loadConfig({})
  t.same([c.persistBatchMax, c.persistConcurrency, c.persistParallelAt, c.persistParallelAfterMs], [128, 4, 48, 20])
  t.equal(loadConfig({ PERSIST_PARALLEL_AFTER_MS: '0' }).persistParallelAfterMs, 0)
  t.equal(loadConfig({ PERSIST_PARALLEL_AT: '1' }).persistParallelAt, 1, '1: as soon as a slot is free')
  t.match(configError(t, { PERSIST_PARALLEL_AT: '0' })?.message, /PERSIST_PARALLEL_AT/)
})
