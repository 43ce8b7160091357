import type pg from 'pg'
import type { Logger } from 'pino'
import { decode, type Codec } from '../codec/wire.js'
import { OFFER_DUE } from './offers.js'

/** The offer a message on a responder's dispatch topic carried, if it was an offer. */
export function offerIdOf (topic: string, payload: Buffer, codec: Codec): string | undefined {
  if (!topic.startsWith('dispatch/')) return undefined
  try {
    const offerId = decode('DispatchMessage', payload, codec).offer?.offerId
    return offerId === '' ? undefined : offerId
  } catch {
    return undefined // not ours to judge: whatever went out on dispatch/ was encoded by the gateway
  }
}

/**
 * Offers a responder's MQTT client acknowledged (its PUBACK for a message on dispatch/{id}) are
 * marked delivered and their timers moved to the expiry (no more re-sends). Re-sends stand in for the broker's offline
 * queue, which is not trusted alone (with Redis behind it, resumed sessions were seen to lose and repeat messages); an offer the client acknowledged is not lost,
 * and an app that restarts fetches its pending offers with resp/{id}/sync. Without this, every
 * pending offer was re-sent at 5, 15, 35 … s until answered: a transaction each, for nothing.
 *
 * Acks are collected and written every few milliseconds, one statement for all of them. An ack
 * lost in a crash costs only a re-send.
 */
export class OfferDeliveries {
  private pending = new Set<string>()
  private flushTimer?: NodeJS.Timeout
  private flushing: Promise<void> = Promise.resolve()

  constructor (private readonly pool: pg.Pool, private readonly log: Logger, private readonly flushMs = 20) {}

  /** A responder's client acknowledged the offer (see offerIdOf). */
  acked (offerId: string): void {
    this.pending.add(offerId)
    if (this.flushTimer === undefined) this.flushTimer = setTimeout(() => { void this.flush() }, this.flushMs)
  }

  /** Writes what was collected (also called at shutdown). */
  async flush (): Promise<void> {
    clearTimeout(this.flushTimer)
    this.flushTimer = undefined
    const ids = [...this.pending]
    this.pending = new Set()
    if (ids.length === 0) return await this.flushing
    this.flushing = this.flushing.then(async () => {
      try {
        await this.pool.query(
          `WITH delivered AS (UPDATE offers SET delivered_at = now() WHERE id = ANY($1::uuid[]) AND delivered_at IS NULL RETURNING id, expires_at)
           UPDATE timers t SET due_at = d.expires_at FROM delivered d WHERE t.key = $2 || ':' || d.id`,
          [ids, OFFER_DUE])
      } catch (err) {
        this.log.warn({ err, count: ids.length }, 'could not record offer deliveries; they will be re-sent')
      }
    })
    await this.flushing
  }
}
