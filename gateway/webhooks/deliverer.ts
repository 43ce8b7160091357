import type pg from 'pg'
import type { Logger } from 'pino'
import { Counter, type Registry } from 'prom-client'
import { CAP_CONTENT_TYPE, capXml } from '../cap/message.js'
import { capOfEvent, type StoredEvent } from '../cap/subject.js'
import { sign } from './signature.js'

export interface DelivererOptions {
  /** how often due deliveries are looked for */
  intervalMs: number
  /** one request's time limit */
  timeoutMs: number
  /** the first retry's delay; each further one doubles it (with jitter), up to an hour */
  backoffBaseMs: number
  /** a delivery still failing this long after its event is given up (state failed) */
  retryMs: number
  /** deliveries claimed per round */
  batch?: number
  /** for subscriptions that take CAP: the messages' sender, and where the console is */
  cap: { sender: string, publicUrl?: string }
}

interface Due { id: string, url: string, secret: string, format: 'json' | 'cap', payload: unknown, event_type: string, attempts: number, retry_from: Date }

/** A claimed delivery is this node's for this long; a node that dies holding it leaves it due again. */
const LEASE_MS = 60_000
const MAX_BACKOFF_MS = 3_600_000

/**
 * Sends webhook deliveries: claims due ones on any node (FOR UPDATE SKIP LOCKED, then a lease),
 * POSTs each signed, and records the answer. At least once with the same `Flare-Delivery` id: a
 * node that dies between the receiver's answer and the record sends it again after the lease.
 */
export class WebhookDeliverer {
  private timer: NodeJS.Timeout | undefined
  private running = false
  private readonly results: Counter

  constructor (private readonly pool: pg.Pool, private readonly o: DelivererOptions, private readonly log: Logger, registry?: Registry) {
    this.results = new Counter({ name: 'flare_webhook_deliveries_total', help: 'Webhook delivery attempts, by result (delivered, retry, failed)', labelNames: ['result'], registers: registry === undefined ? [] : [registry] })
  }

  start (): void {
    this.timer = setInterval(() => { void this.round() }, this.o.intervalMs)
    this.timer.unref()
  }

  async stop (): Promise<void> {
    clearInterval(this.timer)
    while (this.running) await new Promise(resolve => setTimeout(resolve, 20))
  }

  /** One round: claim, send, record. Rounds never overlap on a node. */
  async round (): Promise<number> {
    if (this.running) return 0
    this.running = true
    try {
      const { rows } = await this.pool.query<Due>(
        `WITH due AS (
           SELECT d.id FROM webhook_deliveries d WHERE d.state = 'pending' AND d.next_at <= now()
            ORDER BY d.next_at LIMIT $1 FOR UPDATE SKIP LOCKED)
         UPDATE webhook_deliveries d SET next_at = now() + make_interval(secs => $2), attempts = d.attempts + 1
           FROM due, webhooks w WHERE d.id = due.id AND w.id = d.webhook_id
         RETURNING d.id, w.url, w.secret, w.format, d.payload, d.event_type, d.attempts, d.retry_from`,
        [this.o.batch ?? 20, LEASE_MS / 1000])
      await Promise.all(rows.map(async (d) => { await this.send(d) }))
      return rows.length
    } catch (err) {
      this.log.warn({ err }, 'webhooks: a delivery round failed; the next one tries again')
      return 0
    } finally {
      this.running = false
    }
  }

  /** The request's body: the stored event as JSON (with the delivery's id), or as a CAP document. */
  private body (d: Due): { body: string, type: string } {
    if (d.format === 'cap') return { body: capXml(capOfEvent(d.payload as StoredEvent, this.o.cap)), type: `${CAP_CONTENT_TYPE}; charset=utf-8` }
    return { body: JSON.stringify({ id: d.id, ...(d.payload as object) }), type: 'application/json' }
  }

  private async send (d: Due): Promise<void> {
    let status: number | undefined
    let error: string | undefined
    let ref: string | undefined
    try {
      // Inside the try: an event that cannot be rendered is retried and logged like a refusal.
      const { body, type } = this.body(d)
      const res = await fetch(d.url, {
        method: 'POST',
        headers: { 'content-type': type, 'flare-delivery': d.id, 'flare-event': d.event_type, 'flare-signature': sign(d.secret, body, Math.floor(Date.now() / 1000)) },
        body,
        signal: AbortSignal.timeout(this.o.timeoutMs),
        redirect: 'manual'
      })
      status = res.status
      const text = (await res.text()).slice(0, 4096)
      if (res.ok) {
        try { const j = JSON.parse(text); ref = typeof j?.externalReference === 'string' ? j.externalReference.slice(0, 200) : undefined } catch { /* an answer need not be JSON */ }
      } else {
        error = `HTTP ${res.status}${text === '' ? '' : `: ${text.slice(0, 200)}`}`
      }
    } catch (err) {
      error = (err as Error).name === 'TimeoutError' ? `no answer within ${this.o.timeoutMs} ms` : (err as Error).message
    }
    if (error === undefined) {
      await this.pool.query("UPDATE webhook_deliveries SET state = 'delivered', delivered_at = now(), last_status = $2, last_error = NULL, external_ref = $3 WHERE id = $1", [d.id, status, ref ?? null])
      this.results.inc({ result: 'delivered' })
      return
    }
    // Exponential backoff with jitter (0.5–1.5 ×), so receivers that come back are not hit all at once.
    const delay = Math.min(MAX_BACKOFF_MS, this.o.backoffBaseMs * 2 ** (d.attempts - 1)) * (0.5 + Math.random())
    const giveUp = Date.now() + delay > d.retry_from.getTime() + this.o.retryMs
    await this.pool.query(
      'UPDATE webhook_deliveries SET state = $2, next_at = now() + make_interval(secs => $3), last_status = $4, last_error = $5 WHERE id = $1',
      [d.id, giveUp ? 'failed' : 'pending', delay / 1000, status ?? null, error.slice(0, 500)])
    this.results.inc({ result: giveUp ? 'failed' : 'retry' })
    if (giveUp) this.log.warn({ delivery: d.id, url: d.url, lastError: error }, 'webhook delivery given up')
  }
}
