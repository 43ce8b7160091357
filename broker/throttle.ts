import type { Client } from 'aedes'

/**
 * Per-client inflow limit: a token bucket of `perSec` messages with a burst of `burst`. A publish
 * over the limit is held back (its authorization completes later); Aedes reads a client's next
 * packets only after the current ones are handled, so holding one back stops reading from that
 * socket and TCP pushes back on the sender alone. Everyone else is served meanwhile.
 */
export class InflowLimiter {
  private readonly buckets = new WeakMap<Client, { tokens: number, at: number }>()

  constructor (private readonly perSec: number, private readonly burst: number) {}

  /** ms to wait before this client's next publish may proceed (0: now); takes the token. */
  delayFor (client: Client): number {
    if (this.perSec <= 0) return 0
    const now = performance.now()
    const b = this.buckets.get(client) ?? { tokens: this.burst, at: now }
    b.tokens = Math.min(this.burst, b.tokens + ((now - b.at) / 1000) * this.perSec)
    b.at = now
    b.tokens -= 1
    this.buckets.set(client, b)
    return b.tokens >= 0 ? 0 : (-b.tokens / this.perSec) * 1000
  }
}
