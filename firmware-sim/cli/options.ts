// Flag parsing shared by the commands: values with units, URLs and the API key with environment
// fallbacks, and a UsageError that the entry point turns into exit code 2 and a pointer to --help.
import type { FleetUrls } from '../fleet.js'
import type { Area } from '../geo.js'

export class UsageError extends Error {
  override readonly name = 'UsageError'
}

/** "60s", "2m", "1500ms", "1h", or a bare number of seconds → milliseconds. */
export function parseDuration (flag: string, text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim())
  if (m === null) throw new UsageError(`${flag} must be a duration such as 60s, 2m, 500ms (got "${text}")`)
  const n = Number(m[1])
  const unit = m[2] ?? 's'
  const ms = n * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[unit]!
  if (!(ms > 0)) throw new UsageError(`${flag} must be longer than zero`)
  return ms
}

export function parseNumber (flag: string, text: string, o: { min?: number, max?: number, integer?: boolean } = {}): number {
  const n = Number(text)
  if (text.trim() === '' || !Number.isFinite(n)) throw new UsageError(`${flag} must be a number (got "${text}")`)
  if (o.integer === true && !Number.isInteger(n)) throw new UsageError(`${flag} must be a whole number (got ${text})`)
  if (o.min !== undefined && n < o.min) throw new UsageError(`${flag} must be at least ${o.min} (got ${text})`)
  if (o.max !== undefined && n > o.max) throw new UsageError(`${flag} must be at most ${o.max} (got ${text})`)
  return n
}

/** "lat,lon,radiusM" */
export function parseArea (flag: string, text: string): Area {
  const parts = text.split(',').map(s => s.trim())
  if (parts.length !== 3) throw new UsageError(`${flag} must be lat,lon,radiusM (got "${text}")`)
  return {
    lat: parseNumber(`${flag} latitude`, parts[0], { min: -90, max: 90 }),
    lon: parseNumber(`${flag} longitude`, parts[1], { min: -180, max: 180 }),
    radiusM: parseNumber(`${flag} radius`, parts[2], { min: 1 })
  }
}

/** "200-1500" or "500" (both ends the same) → [min, max] */
export function parseRange (flag: string, text: string): [number, number] {
  const parts = text.split('-').map(s => s.trim())
  if (parts.length > 2) throw new UsageError(`${flag} must be MIN-MAX or one number (got "${text}")`)
  const min = parseNumber(flag, parts[0], { min: 0 })
  const max = parts.length === 2 ? parseNumber(flag, parts[1], { min: 0 }) : min
  if (max < min) throw new UsageError(`${flag}: MIN must not exceed MAX (got "${text}")`)
  return [min, max]
}

export function parseList (text: string): string[] {
  return text.split(',').map(s => s.trim()).filter(s => s !== '')
}

type Env = Record<string, string | undefined>
const nonEmpty = (...vs: Array<string | undefined>): string | undefined => vs.find(v => v !== undefined && v !== '')

/**
 * Flare's URLs from flags, then FLARE_URL / FLARE_MQTT_URL / FLARE_WS_URL / FLARE_DC09_ADDRESS, then
 * defaults derived from the HTTP URL: MQTT on port 1883 of the same host, WebSocket at /mqtt of the
 * HTTP server. The DC-09 receiver has no default port (Flare's is off unless set): absent unless given.
 */
export function resolveUrls (flags: { url?: string, 'mqtt-url'?: string, 'ws-url'?: string, 'dc09-address'?: string }, env: Env, base?: FleetUrls): FleetUrls {
  const http = nonEmpty(flags.url, env.FLARE_URL, base?.http) ?? 'http://127.0.0.1:8080'
  let parsed: URL
  try {
    parsed = new URL(http)
  } catch {
    throw new UsageError(`the REST URL "${http}" is not a URL (e.g. http://127.0.0.1:8080)`)
  }
  const mqtt = nonEmpty(flags['mqtt-url'], env.FLARE_MQTT_URL, base?.mqtt) ?? `mqtt://${parsed.hostname}:1883`
  const ws = nonEmpty(flags['ws-url'], env.FLARE_WS_URL, base?.ws) ?? `${parsed.protocol === 'https:' ? 'wss' : 'ws'}://${parsed.host}/mqtt`
  const dc09 = nonEmpty(flags['dc09-address'], env.FLARE_DC09_ADDRESS, base?.dc09)
  if (dc09 !== undefined) parseAddress('the DC-09 address (--dc09-address, FLARE_DC09_ADDRESS)', dc09)
  return { http: http.replace(/\/$/, ''), mqtt, ws, ...(dc09 === undefined ? {} : { dc09 }) }
}

/** `HOST:PORT` (an IPv6 host in brackets) → its parts. */
export function parseAddress (what: string, text: string): { host: string, port: number } {
  const m = /^(\[[0-9A-Fa-f:.]+\]|[^\s:[\]]+):(\d{1,5})$/.exec(text.trim())
  const port = m === null ? NaN : Number(m[2])
  if (m === null || !(port > 0 && port < 65536)) throw new UsageError(`${what} must be HOST:PORT, e.g. 127.0.0.1:7070 (got "${text}")`)
  return { host: m[1].replace(/^\[|\]$/g, ''), port }
}

/** --api-key, then FLARE_API_KEY, then FLARE_KEY (the name README's demo uses). */
export function resolveApiKey (flag: string | undefined, env: Env): string | undefined {
  return nonEmpty(flag, env.FLARE_API_KEY, env.FLARE_KEY)
}

export const CONNECTION_FLAGS = {
  url: { type: 'string' },
  'mqtt-url': { type: 'string' },
  'ws-url': { type: 'string' },
  'dc09-address': { type: 'string' },
  'api-key': { type: 'string' },
  help: { type: 'boolean', short: 'h' }
} as const

export const CONNECTION_HELP = `Connection (flags win over the environment):
  --url URL          Flare's REST base URL             [FLARE_URL, default http://127.0.0.1:8080]
  --mqtt-url URL     MQTT over TCP                     [FLARE_MQTT_URL, default mqtt://<host of --url>:1883]
  --ws-url URL       MQTT over WebSocket (phones)      [FLARE_WS_URL, default ws://<host:port of --url>/mqtt]
  --dc09-address HOST:PORT  the DC-09 receiver (panels)  [FLARE_DC09_ADDRESS; Flare's DC09_PORT, no default]
  --api-key KEY      an admin API key                  [FLARE_API_KEY, or FLARE_KEY]`

/** Exit codes: scripts and CI can tell a broken Flare (1) from a broken command line (2) or setup (3). */
export const EXIT = { ok: 0, violations: 1, usage: 2, failure: 3 } as const

/**
 * node:util parseArgs refuses `--area -33.9,18.4,500` (a value that starts with a dash looks like
 * an option to it), yet southern latitudes and western longitudes are negative: join such a value
 * to its flag (`--area=-33.9,…`) before parsing.
 */
export function joinNegativeValues (argv: string[]): string[] {
  const out: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    const next = argv[i + 1]
    if (a.startsWith('--') && !a.includes('=') && next !== undefined && /^-\d/.test(next)) {
      out.push(`${a}=${next}`)
      i++
    } else {
      out.push(a)
    }
  }
  return out
}
