import { hostname } from 'node:os'
import { join, resolve } from 'node:path'
import { addressList, bool, ConfigError, file, int, oneOf, originList, port, roleList, str, url, type Env } from './env.js'
import { medicalKeys, type MedicalKey } from './medical-keys.js'
import { plainHttpOptions, tlsOptions, type PlainHttpOptions, type TlsOptions } from './tls.js'

export { ConfigError } from './env.js'
export { medicalKeyId, parseMedicalKey, type MedicalKey } from './medical-keys.js'
export type { PlainHttpOptions, TlsOptions, TlsVersion } from './tls.js'

/** The kinds of data with a retention period of their own (RETENTION_*_DAYS; 0 keeps them for ever). */
export interface RetentionDays {
  /** alerts' raw payloads (the row stays, its payload emptied), dead letters, responders' reply records */
  rawPayloads: number
  /** responders' position history and the location history of incidents that are over */
  positions: number
  /** closed and cancelled incidents with their alerts, offers, timeline and locations (counted first) */
  closedIncidents: number
  auditLog: number
  /** webhook deliveries that are no longer pending */
  deliveries: number
}

export interface RetentionOptions {
  days: RetentionDays
  /** rows removed per kind per round: a round stays a few short statements beside the alert path */
  batch: number
  /** how often a round runs when the last one found nothing more to do */
  intervalS: number
}

/**
 * Every setting Flare reads from the environment, parsed and validated once at start. Each part
 * declares the options it takes (e.g. broker/'s BrokerConfig) and is handed only those.
 */
export interface FlareConfig {
  env: 'development' | 'production' | 'test'
  nodeId: string
  logLevel: string
  httpHost: string
  /** HTTPS when `tls` is set, else plain HTTP */
  httpPort: number
  /** HTTP_PLAIN_PORT: plain HTTP beside HTTPS, for a TLS-terminating proxy; only with `tls` */
  httpPlain?: PlainHttpOptions
  mqttHost: string
  mqttPort: number
  mqttsPort: number
  /** TLS_CERT and TLS_KEY set: MQTTS on MQTTS_PORT and HTTPS/WSS on HTTP_PORT */
  tls?: TlsOptions
  databaseUrl?: string
  embeddedPgPort: number
  dataDir: string
  dbPoolMax: number
  /**
   * group commit of alerts: most per transaction, transactions in flight at once, and the alerts
   * that must be waiting (or the time the one in flight has run) before one starts beside another
   */
  persistBatchMax: number
  persistConcurrency: number
  persistParallelAt: number
  persistParallelAfterMs: number
  /** a group commit not done within this long sends its alerts to the journal (degraded mode) */
  persistDeadlineMs: number
  /** the node-local journal that stands in for PostgreSQL while it is unreachable or too slow */
  journalFile: string
  journalMaxBytes: number
  redisUrl?: string
  allowAnonymous: boolean
  adminApiKey?: string
  maxAlertBytes: number
  /** per-client inflow limit (messages per second, burst twice that); 0 turns it off */
  clientMsgsPerSec: number
  /** a subscriber whose socket does not drain for this long is disconnected */
  drainTimeoutMs: number
  /** largest MQTT packet accepted (TCP, TLS, WebSocket); a larger one closes the connection */
  mqttMaxPacketBytes: number
  /** CONNECTs per second per remote address (token bucket); 0 turns the limit off */
  connectRatePerAddress: number
  /** that bucket's size: CONNECTs one address may make at once */
  connectRateBurst: number
  /** addresses and CIDR ranges the connection-rate limit never applies to (empty: none) */
  connectRateExempt: string[]
  rulesFile?: string
  outboxIntervalMs: number
  timerIntervalMs: number
  rulesPollMs: number
  /** how many positions of each responder the position history keeps (the newest) */
  responderPositionsKeep: number
  /** MEDICAL_KEY: encrypts medical profiles; unset → generated into DATA_DIR/medical-key outside production */
  medicalKey?: MedicalKey
  /** MEDICAL_KEYS_PREVIOUS: older keys, still accepted for decryption during a rotation */
  medicalKeysPrevious: MedicalKey[]
  /** MEDICAL_ROLES: responder roles whose offers carry the decrypted medical profile */
  medicalRoles: string[]
  /** browser sessions: ended after this long unused, and this long after login whatever happens */
  sessionIdleMinutes: number
  /** a live feed opened with a browser session re-checks it this often (and keeps it from going idle) */
  liveSessionCheckMs: number
  sessionMaxHours: number
  /** proxies whose X-Forwarded-For / X-Forwarded-Proto are believed (the client's address, HTTPS) */
  httpTrustProxy: string[]
  /**
   * REST requests a minute (under /api/v1): per API key or logged-in user, and per client address
   * for requests without one (unauthenticated, or with refused credentials); 0 turns either off
   */
  apiRateLimit: { perCaller: number, perAddress: number }
  /** CORS_ORIGINS: web origins whose pages may call the API from a browser (none: no cross-origin use) */
  corsOrigins: string[]
  /** CONSOLE_TILE_URL: the console map's tile template ({z}/{x}/{y}); unset → no tiles, zones over a plain background */
  consoleTileUrl?: string
  /** how long an enrolment link of the field app stays valid */
  enrolmentTtlMs: number
  /** where people reach Flare (https://flare.example.org), for links; unset: the address a request came to */
  publicUrl?: string
  /** how long each kind of data is kept (days, 0 for ever), and the purge's batch and interval */
  retention: RetentionOptions
  /** how long a rotated MQTT secret stays valid beside its successor, unless the request says */
  secretGraceMinutes: number
  /** CAP_SENDER: the `sender` of Flare's CAP 1.2 messages (an address-like name; no spaces, commas, < or &) */
  capSender: string
  /** outbound webhooks: how often due deliveries are looked for, a request's limit, the first retry's delay, how long retries go on */
  webhooks: { intervalMs: number, timeoutMs: number, backoffBaseMs: number, retryMs: number }
  /** the SIA DC-09 receiver (TCP and UDP); off unless DC09_PORT is set */
  dc09?: { host: string, port: number, idleTimeoutMs: number, maxConnectionsPerAddress: number }
  /** testing aid: `exit-after-commit` kills the process between commit and publish */
  faultInjection?: 'exit-after-commit'
}

/** A tile template: an http(s) URL with the {z}, {x} and {y} placeholders Leaflet fills in. */
function tileUrl (env: Env, name: string): string | undefined {
  const raw = url(env, name, ['http:', 'https:'])
  if (raw === undefined) return undefined
  const missing = ['{z}', '{x}', '{y}'].filter(p => !raw.includes(p))
  if (missing.length > 0) throw new ConfigError(name, `must contain ${missing.join(', ')} (e.g. https://tiles.example/{z}/{x}/{y}.png)`)
  return raw
}

/** CAP's sender: CAP_SENDER, else flare@ the host people reach Flare at (PUBLIC_URL), else this machine's name. */
function capSender (env: Env): string {
  const given = str(env, 'CAP_SENDER')
  if (given !== undefined) {
    if (/[\s,<&]/.test(given)) throw new ConfigError('CAP_SENDER', `must not contain spaces, commas, < or & (CAP 1.2), got "${given}"`)
    return given
  }
  const publicUrl = url(env, 'PUBLIC_URL', ['http:', 'https:'])
  return `flare@${publicUrl === undefined ? hostname() : new URL(publicUrl).hostname}`
}

function nodeIdOf (env: Env): string {
  return str(env, 'NODE_ID') ?? hostname()
}

/** Reads and validates every setting; throws ConfigError on the first bad one. */
export function loadConfig (env: Env = process.env): FlareConfig {
  const tls = tlsOptions(env)
  const httpPort = port(env, 'HTTP_PORT', 8080)
  const medical = medicalKeys(env)
  const logLevel = oneOf(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info')
  const maxAlertBytes = int(env, 'MAX_ALERT_BYTES', 16 * 1024, 64, 16 * 1024 * 1024)
  // An alert of the largest allowed size, its topic and headers must fit in one packet.
  const minPacket = maxAlertBytes + 1024
  const mqttMaxPacketBytes = int(env, 'MQTT_MAX_PACKET_BYTES', Math.max(256 * 1024, minPacket), 1024, 268_435_460)
  if (mqttMaxPacketBytes < minPacket) throw new ConfigError('MQTT_MAX_PACKET_BYTES', `must be at least MAX_ALERT_BYTES + 1024 (${minPacket}), got ${mqttMaxPacketBytes}`)
  const connectRatePerAddress = int(env, 'MQTT_CONNECT_RATE_PER_ADDRESS', 20, 0, 1_000_000)
  const sessionMaxHours = int(env, 'SESSION_MAX_HOURS', 12, 1, 24 * 31)
  const sessionIdleMinutes = int(env, 'SESSION_IDLE_MINUTES', 60, 1, 24 * 60)
  if (sessionIdleMinutes > sessionMaxHours * 60) throw new ConfigError('SESSION_IDLE_MINUTES', `must not be longer than SESSION_MAX_HOURS (${sessionMaxHours} h = ${sessionMaxHours * 60} min), got ${sessionIdleMinutes}`)
  return {
    env: oneOf(env, 'NODE_ENV', ['development', 'production', 'test'] as const, 'development'),
    nodeId: nodeIdOf(env),
    logLevel,
    httpHost: str(env, 'HTTP_HOST') ?? '0.0.0.0',
    httpPort,
    httpPlain: tls === undefined ? undefined : plainHttpOptions(env, httpPort),
    mqttHost: str(env, 'MQTT_HOST') ?? '0.0.0.0',
    mqttPort: port(env, 'MQTT_PORT', 1883),
    mqttsPort: port(env, 'MQTTS_PORT', 8883),
    tls,
    databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    embeddedPgPort: port(env, 'EMBEDDED_PG_PORT', 5433),
    dataDir: resolve(str(env, 'DATA_DIR') ?? './data'),
    dbPoolMax: int(env, 'DB_POOL_MAX', 20, 1, 1000),
    persistBatchMax: int(env, 'PERSIST_BATCH_MAX', 128, 1, 10_000),
    persistConcurrency: int(env, 'PERSIST_CONCURRENCY', 4, 1, 1000),
    persistParallelAt: int(env, 'PERSIST_PARALLEL_AT', 48, 1, 100_000),
    persistParallelAfterMs: int(env, 'PERSIST_PARALLEL_AFTER_MS', 20, 0, 60_000),
    persistDeadlineMs: int(env, 'PERSIST_DEADLINE_MS', 1000, 50, 600_000),
    // One journal per node: NODE_ID in the name, so nodes sharing DATA_DIR never share a journal.
    journalFile: resolve(str(env, 'JOURNAL_FILE') ?? join(str(env, 'DATA_DIR') ?? './data', 'journal', `${nodeIdOf(env).replace(/[^A-Za-z0-9._-]/g, '_')}.journal`)),
    journalMaxBytes: int(env, 'JOURNAL_MAX_BYTES', 256 * 1024 * 1024, 64 * 1024, 64 * 1024 * 1024 * 1024),
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:']),
    allowAnonymous: bool(env, 'MQTT_ALLOW_ANONYMOUS', false),
    adminApiKey: str(env, 'ADMIN_API_KEY'),
    maxAlertBytes,
    clientMsgsPerSec: int(env, 'MQTT_CLIENT_MSGS_PER_SEC', 500, 0, 1_000_000),
    drainTimeoutMs: int(env, 'MQTT_DRAIN_TIMEOUT_MS', 10_000, 100, 600_000),
    mqttMaxPacketBytes,
    connectRatePerAddress,
    // Five seconds' worth: devices behind one NAT reconnecting together after a restart get in at once.
    connectRateBurst: int(env, 'MQTT_CONNECT_RATE_BURST', Math.max(1, connectRatePerAddress * 5), 1, 10_000_000),
    // Loopback: a proxy or TLS terminator on the same host, the tests and the benchmark.
    connectRateExempt: addressList(env, 'MQTT_CONNECT_RATE_EXEMPT', ['127.0.0.0/8', '::1']),
    rulesFile: file(env, 'RULES_FILE'),
    outboxIntervalMs: int(env, 'OUTBOX_INTERVAL_MS', 1000, 50, 3_600_000),
    timerIntervalMs: int(env, 'TIMER_INTERVAL_MS', 500, 50, 3_600_000),
    rulesPollMs: int(env, 'RULES_POLL_MS', 2000, 100, 3_600_000),
    responderPositionsKeep: int(env, 'RESPONDER_POSITIONS_KEEP', 1000, 1, 1_000_000),
    medicalKey: medical.current,
    medicalKeysPrevious: medical.previous,
    medicalRoles: roleList(env, 'MEDICAL_ROLES', ['medic']),
    sessionIdleMinutes,
    liveSessionCheckMs: int(env, 'LIVE_SESSION_CHECK_S', 30, 1, 3600) * 1000,
    sessionMaxHours,
    httpTrustProxy: addressList(env, 'HTTP_TRUST_PROXY', []),
    apiRateLimit: {
      perCaller: int(env, 'API_RATE_LIMIT_PER_MIN', 600, 0, 1_000_000),
      perAddress: int(env, 'API_RATE_LIMIT_PER_ADDRESS_PER_MIN', 120, 0, 1_000_000)
    },
    corsOrigins: originList(env, 'CORS_ORIGINS'),
    consoleTileUrl: tileUrl(env, 'CONSOLE_TILE_URL'),
    enrolmentTtlMs: int(env, 'ENROLMENT_TTL_MINUTES', 24 * 60, 1, 30 * 24 * 60) * 60_000,
    publicUrl: url(env, 'PUBLIC_URL', ['http:', 'https:']),
    capSender: capSender(env),
    secretGraceMinutes: int(env, 'SECRET_ROTATION_GRACE_MINUTES', 24 * 60, 0, 30 * 24 * 60),
    retention: {
      days: {
        rawPayloads: int(env, 'RETENTION_RAW_PAYLOAD_DAYS', 90, 0, 36_500),
        positions: int(env, 'RETENTION_POSITIONS_DAYS', 30, 0, 36_500),
        closedIncidents: int(env, 'RETENTION_CLOSED_INCIDENTS_DAYS', 730, 0, 36_500),
        auditLog: int(env, 'RETENTION_AUDIT_DAYS', 730, 0, 36_500),
        deliveries: int(env, 'RETENTION_DELIVERIES_DAYS', 30, 0, 36_500)
      },
      batch: int(env, 'RETENTION_PURGE_BATCH', 1000, 1, 100_000),
      intervalS: int(env, 'RETENTION_PURGE_INTERVAL_MINUTES', 60, 1, 7 * 24 * 60) * 60
    },
    webhooks: {
      intervalMs: int(env, 'WEBHOOK_INTERVAL_MS', 1000, 20, 60_000),
      timeoutMs: int(env, 'WEBHOOK_TIMEOUT_MS', 10_000, 100, 120_000),
      backoffBaseMs: int(env, 'WEBHOOK_BACKOFF_BASE_MS', 5000, 10, 3_600_000),
      retryMs: int(env, 'WEBHOOK_RETRY_HOURS', 24, 1, 24 * 30) * 3_600_000
    },
    dc09: str(env, 'DC09_PORT') === undefined
      ? undefined
      : {
          host: str(env, 'DC09_HOST') ?? str(env, 'MQTT_HOST') ?? '0.0.0.0',
          port: port(env, 'DC09_PORT', 0),
          idleTimeoutMs: int(env, 'DC09_IDLE_TIMEOUT_S', 120, 5, 86_400) * 1000,
          maxConnectionsPerAddress: int(env, 'DC09_MAX_CONNECTIONS_PER_ADDRESS', 64, 1, 100_000)
        },
    faultInjection: str(env, 'FAULT_INJECTION') === undefined ? undefined : oneOf(env, 'FAULT_INJECTION', ['exit-after-commit'] as const, 'exit-after-commit')
  }
}
