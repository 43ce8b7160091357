import { hostname } from 'node:os'
import { resolve } from 'node:path'
import { existsSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { isIP } from 'node:net'

/** A configuration problem: names the variable so the one-line start-up error says what to fix. */
export class ConfigError extends Error {
  constructor (readonly variable: string, readonly reason: string) {
    super(`${variable}: ${reason}`)
    this.name = 'ConfigError'
  }
}

export interface FlareConfig {
  env: 'development' | 'production' | 'test'
  nodeId: string
  logLevel: string
  httpHost: string
  httpPort: number
  mqttHost: string
  mqttPort: number
  mqttsPort: number
  tls?: { certFile: string, keyFile: string }
  databaseUrl?: string
  embeddedPgPort: number
  dataDir: string
  dbPoolMax: number
  /** group commit of alerts: most per transaction, and transactions in flight at once */
  persistBatchMax: number
  persistConcurrency: number
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
  /** MEDICAL_KEY: encrypts medical profiles; unset → generated into DATA_DIR/medical-key outside production */
  medicalKey?: MedicalKey
  /** MEDICAL_KEYS_PREVIOUS: older keys, still accepted for decryption during a rotation */
  medicalKeysPrevious: MedicalKey[]
  /** MEDICAL_ROLES: responder roles whose offers carry the decrypted medical profile */
  medicalRoles: string[]
  /** testing aid: `exit-after-commit` kills the process between commit and publish */
  faultInjection?: 'exit-after-commit'
}

type Env = Record<string, string | undefined>

/** An AES-256 key and the id stored next to every ciphertext made with it. */
export interface MedicalKey {
  id: string
  key: Buffer
}

/** The default key id: a short digest, so the id names the key without revealing it. */
export function medicalKeyId (key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8)
}

/** `base64` or `keyId:base64` of exactly 32 bytes. Messages never echo the key itself. */
export function parseMedicalKey (name: string, raw: string): MedicalKey {
  const colon = raw.indexOf(':')
  const id = colon < 0 ? undefined : raw.slice(0, colon).trim()
  const b64 = (colon < 0 ? raw : raw.slice(colon + 1)).trim()
  if (id !== undefined && !/^[A-Za-z0-9._-]{1,32}$/.test(id)) {
    throw new ConfigError(name, 'the key id before ":" must be 1-32 letters, digits, dot, dash or underscore')
  }
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(b64)) throw new ConfigError(name, 'must be base64 of 32 random bytes (optionally "keyId:base64")')
  const key = Buffer.from(b64, b64.includes('-') || b64.includes('_') ? 'base64url' : 'base64')
  if (key.length !== 32) throw new ConfigError(name, `must decode to 32 bytes (AES-256), got ${key.length}; e.g. openssl rand -base64 32`)
  return { id: id ?? medicalKeyId(key), key }
}

function medicalKeys (env: Env): { current?: MedicalKey, previous: MedicalKey[] } {
  const rawCurrent = str(env, 'MEDICAL_KEY')
  const current = rawCurrent === undefined ? undefined : parseMedicalKey('MEDICAL_KEY', rawCurrent)
  const previous: MedicalKey[] = []
  for (const item of (str(env, 'MEDICAL_KEYS_PREVIOUS') ?? '').split(',').map(s => s.trim()).filter(s => s !== '')) {
    const k = parseMedicalKey('MEDICAL_KEYS_PREVIOUS', item)
    // One id must mean one key, or a ciphertext's key id would be ambiguous.
    for (const other of current === undefined ? previous : [current, ...previous]) {
      if (other.id === k.id && !other.key.equals(k.key)) throw new ConfigError('MEDICAL_KEYS_PREVIOUS', `key id "${k.id}" is used by two different keys`)
    }
    if (![current, ...previous].some(o => o?.id === k.id)) previous.push(k)
  }
  return { current, previous }
}

function roleList (env: Env, name: string, dflt: string[]): string[] {
  const raw = str(env, name)
  if (raw === undefined) return dflt
  const roles = raw.split(',').map(s => s.trim()).filter(s => s !== '')
  const bad = roles.find(r => !/^[a-z][a-z0-9_-]{0,31}$/.test(r))
  if (bad !== undefined) throw new ConfigError(name, `"${bad}" is not a role name (lower-case letters, digits, _ and -)`)
  return roles
}

/** Comma-separated IP addresses or CIDR ranges (`10.0.0.0/8`, `::1`); `none` for an empty list. */
function addressList (env: Env, name: string, dflt: string[]): string[] {
  const raw = str(env, name)
  if (raw === undefined) return dflt
  if (raw.toLowerCase() === 'none') return []
  const items = raw.split(',').map(s => s.trim()).filter(s => s !== '')
  for (const item of items) {
    const [addr, bits, extra] = item.split('/')
    const family = isIP(addr)
    const max = family === 6 ? 128 : 32
    const badBits = bits !== undefined && (!/^\d{1,3}$/.test(bits) || Number(bits) > max)
    if (family === 0 || badBits || extra !== undefined) throw new ConfigError(name, `"${item}" is not an IP address or CIDR range (e.g. 10.0.0.5, 10.0.0.0/8, ::1); use "none" for no exemption`)
  }
  return items
}

function str (env: Env, name: string): string | undefined {
  const v = env[name]
  return v === undefined || v.trim() === '' ? undefined : v.trim()
}

function int (env: Env, name: string, dflt: number, min: number, max: number): number {
  const raw = str(env, name)
  if (raw === undefined) return dflt
  if (!/^-?\d+$/.test(raw)) throw new ConfigError(name, `must be an integer from ${min} to ${max}, got "${raw}"`)
  const n = Number(raw)
  if (n < min || n > max) throw new ConfigError(name, `must be from ${min} to ${max}, got ${n}`)
  return n
}

function port (env: Env, name: string, dflt: number): number {
  return int(env, name, dflt, 0, 65535)
}

function bool (env: Env, name: string, dflt: boolean): boolean {
  const raw = str(env, name)
  if (raw === undefined) return dflt
  const v = raw.toLowerCase()
  if (['true', '1', 'yes', 'on'].includes(v)) return true
  if (['false', '0', 'no', 'off'].includes(v)) return false
  throw new ConfigError(name, `must be true or false, got "${raw}"`)
}

function oneOf<T extends string> (env: Env, name: string, allowed: readonly T[], dflt: T): T {
  const raw = str(env, name)
  if (raw === undefined) return dflt
  if (!(allowed as readonly string[]).includes(raw)) throw new ConfigError(name, `must be one of ${allowed.join(', ')}, got "${raw}"`)
  return raw as T
}

function url (env: Env, name: string, protocols: string[]): string | undefined {
  const raw = str(env, name)
  if (raw === undefined) return undefined
  let parsed: URL
  try {
    parsed = new URL(raw)
  } catch {
    throw new ConfigError(name, 'is not a valid URL')
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `must use ${protocols.map(p => p + '//').join(' or ')}, got ${parsed.protocol}//`)
  }
  return raw
}

function file (env: Env, name: string): string | undefined {
  const raw = str(env, name)
  if (raw === undefined) return undefined
  if (!existsSync(raw)) throw new ConfigError(name, `file not found: ${raw}`)
  return resolve(raw)
}

/** Reads and validates every setting; throws ConfigError on the first bad one. */
export function loadConfig (env: Env = process.env): FlareConfig {
  const certFile = file(env, 'TLS_CERT')
  const keyFile = file(env, 'TLS_KEY')
  if ((certFile === undefined) !== (keyFile === undefined)) {
    throw new ConfigError(certFile === undefined ? 'TLS_CERT' : 'TLS_KEY', 'TLS_CERT and TLS_KEY must be set together')
  }
  const medical = medicalKeys(env)
  const logLevel = oneOf(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info')
  const maxAlertBytes = int(env, 'MAX_ALERT_BYTES', 16 * 1024, 64, 16 * 1024 * 1024)
  // An alert of the largest allowed size, its topic and headers must fit in one packet.
  const minPacket = maxAlertBytes + 1024
  const mqttMaxPacketBytes = int(env, 'MQTT_MAX_PACKET_BYTES', Math.max(256 * 1024, minPacket), 1024, 268_435_460)
  if (mqttMaxPacketBytes < minPacket) throw new ConfigError('MQTT_MAX_PACKET_BYTES', `must be at least MAX_ALERT_BYTES + 1024 (${minPacket}), got ${mqttMaxPacketBytes}`)
  const connectRatePerAddress = int(env, 'MQTT_CONNECT_RATE_PER_ADDRESS', 20, 0, 1_000_000)
  return {
    env: oneOf(env, 'NODE_ENV', ['development', 'production', 'test'] as const, 'development'),
    nodeId: str(env, 'NODE_ID') ?? hostname(),
    logLevel,
    httpHost: str(env, 'HTTP_HOST') ?? '0.0.0.0',
    httpPort: port(env, 'HTTP_PORT', 8080),
    mqttHost: str(env, 'MQTT_HOST') ?? '0.0.0.0',
    mqttPort: port(env, 'MQTT_PORT', 1883),
    mqttsPort: port(env, 'MQTTS_PORT', 8883),
    tls: certFile !== undefined && keyFile !== undefined ? { certFile, keyFile } : undefined,
    databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    embeddedPgPort: port(env, 'EMBEDDED_PG_PORT', 5433),
    dataDir: resolve(str(env, 'DATA_DIR') ?? './data'),
    dbPoolMax: int(env, 'DB_POOL_MAX', 20, 1, 1000),
    persistBatchMax: int(env, 'PERSIST_BATCH_MAX', 128, 1, 10_000),
    persistConcurrency: int(env, 'PERSIST_CONCURRENCY', 4, 1, 1000),
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
    medicalKey: medical.current,
    medicalKeysPrevious: medical.previous,
    medicalRoles: roleList(env, 'MEDICAL_ROLES', ['medic']),
    faultInjection: str(env, 'FAULT_INJECTION') === undefined ? undefined : oneOf(env, 'FAULT_INJECTION', ['exit-after-commit'] as const, 'exit-after-commit')
  }
}
