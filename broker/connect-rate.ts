import { BlockList, isIP } from 'node:net'
import type { AuthenticateError, Client } from 'aedes'
import type { Logger } from 'pino'
import type { BrokerMetrics } from './metrics.js'
import { remoteAddressOf } from './packet-size.js'

const SERVER_UNAVAILABLE = 3 // CONNACK 3.1.1; aedes speaks no MQTT 5 (whose 0x9F would say "connection rate exceeded")
const LOG_EVERY_MS = 10_000

export interface ConnectRateOptions {
  /** CONNECTs per second per address; 0: no limit */
  perSec: number
  burst: number
  /** addresses and CIDR ranges never limited */
  exempt: string[]
  /** most addresses tracked at once; the least recently seen is forgotten first */
  maxAddresses?: number
  now?: () => number
}

/**
 * A token bucket per remote address. Memory stays bounded: the map is kept in least-recently-seen
 * order, a bucket idle long enough to be full again is dropped (it equals a fresh one), and past
 * `maxAddresses` the oldest goes, which can only ever admit more, never refuse wrongly.
 */
export class ConnectRateLimiter {
  private readonly buckets = new Map<string, { tokens: number, at: number }>()
  private readonly exempt = new BlockList()
  private readonly idleMs: number
  private readonly maxAddresses: number
  private readonly now: () => number

  constructor (private readonly o: ConnectRateOptions) {
    for (const item of o.exempt) {
      const [addr, bits] = item.split('/')
      const type = isIP(addr) === 6 ? 'ipv6' : 'ipv4'
      if (bits === undefined) this.exempt.addAddress(addr, type)
      else this.exempt.addSubnet(addr, Number(bits), type)
    }
    this.idleMs = o.perSec > 0 ? (o.burst / o.perSec) * 1000 : 0
    this.maxAddresses = o.maxAddresses ?? 10_000
    this.now = o.now ?? (() => performance.now())
  }

  /** Whether a CONNECT from this address may go ahead now; takes a token if so. */
  admit (address: string | undefined): boolean {
    if (this.o.perSec <= 0 || address === undefined) return true
    const family = isIP(address)
    if (family === 0 || this.exempt.check(address, family === 6 ? 'ipv6' : 'ipv4')) return true
    const now = this.now()
    for (const [k, b] of this.buckets) {
      if (now - b.at < this.idleMs) break
      this.buckets.delete(k)
    }
    let b = this.buckets.get(address)
    if (b === undefined) {
      if (this.buckets.size >= this.maxAddresses) this.buckets.delete(this.buckets.keys().next().value!)
      b = { tokens: this.o.burst, at: now }
    } else {
      this.buckets.delete(address) // re-inserted below: the map stays in last-seen order
      b.tokens = Math.min(this.o.burst, b.tokens + ((now - b.at) / 1000) * this.o.perSec)
      b.at = now
    }
    this.buckets.set(address, b)
    if (b.tokens < 1) return false
    b.tokens -= 1
    return true
  }

  get trackedAddresses (): number { return this.buckets.size }
}

type Authenticate = (client: Client, username: string | undefined, password: Buffer | undefined, done: (err: AuthenticateError | null, ok: boolean | null) => void) => void

/**
 * Refuses a CONNECT over its address's rate with CONNACK 3 before the credentials are looked at,
 * so a reconnect loop costs neither a database query nor a scrypt check. Logged at most every 10 s.
 */
export function limitConnectRate (authenticate: Authenticate, limiter: ConnectRateLimiter, metrics: BrokerMetrics, log: Logger): Authenticate {
  let lastLog = -Infinity
  let unlogged = 0
  return (client, username, password, done) => {
    const address = remoteAddressOf(client)
    if (limiter.admit(address)) return authenticate(client, username, password, done)
    metrics.connectRateLimited.inc()
    unlogged++
    const now = performance.now()
    if (now - lastLog >= LOG_EVERY_MS) {
      log.warn({ address, clientId: client.id, refused: unlogged }, 'connection rate exceeded: CONNECT refused (count since the last such line)')
      lastLog = now
      unlogged = 0
    }
    const err = new Error('connection rate exceeded') as AuthenticateError
    err.returnCode = SERVER_UNAVAILABLE
    done(err, null)
  }
}
