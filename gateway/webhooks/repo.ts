import type pg from 'pg'
import { Type, type Static } from 'typebox'

export const WEBHOOK_EVENTS = ['incident.opened', 'incident.updated', 'incident.escalated', 'incident.resolved', 'incident.cancelled', 'incident.closed'] as const
/** What a delivery's body is: Flare's JSON event, or the incident as CAP 1.2 XML. */
export const WebhookFormatSchema = Type.Union([Type.Literal('json'), Type.Literal('cap')], { description: 'json: Flare\'s event; cap: the incident as a CAP 1.2 <alert> (application/cap+xml)' })
export type WebhookFormat = Static<typeof WebhookFormatSchema>

/** A subscription as the REST API shows it (the secret only once, at creation). */
export const WebhookSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  url: Type.String(),
  events: Type.Array(Type.Union(WEBHOOK_EVENTS.map(e => Type.Literal(e)))),
  categories: Type.Union([Type.Array(Type.String()), Type.Null()]),
  zones: Type.Union([Type.Array(Type.String()), Type.Null()]),
  maxPriority: Type.Union([Type.Integer(), Type.Null()]),
  format: WebhookFormatSchema,
  createdAt: Type.String(),
  revokedAt: Type.Union([Type.String(), Type.Null()])
})
export type Webhook = Static<typeof WebhookSchema>

export const DeliverySchema = Type.Object({
  id: Type.String(),
  eventType: Type.String(),
  incidentId: Type.Union([Type.String(), Type.Null()]),
  state: Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('failed')]),
  attempts: Type.Integer(),
  createdAt: Type.String(),
  nextAt: Type.Union([Type.String(), Type.Null()]),
  lastStatus: Type.Union([Type.Integer(), Type.Null()]),
  lastError: Type.Union([Type.String(), Type.Null()]),
  deliveredAt: Type.Union([Type.String(), Type.Null()]),
  externalRef: Type.Union([Type.String(), Type.Null()])
})
export type Delivery = Static<typeof DeliverySchema>

export interface WebhookFields {
  name: string
  url: string
  events: Array<typeof WEBHOOK_EVENTS[number]>
  categories?: string[] | null
  zones?: string[] | null
  maxPriority?: number | null
  format?: WebhookFormat
}

const COLUMNS = 'id, name, url, events, categories, zones, max_priority, format, created_at, revoked_at'

function toWebhook (r: any): Webhook {
  return {
    id: String(r.id),
    name: r.name,
    url: r.url,
    events: r.events,
    categories: r.categories,
    zones: r.zones,
    maxPriority: r.max_priority,
    format: r.format,
    createdAt: r.created_at.toISOString(),
    revokedAt: r.revoked_at?.toISOString() ?? null
  }
}

function toDelivery (r: any): Delivery {
  return {
    id: r.id,
    eventType: r.event_type,
    incidentId: r.incident_id,
    state: r.state,
    attempts: r.attempts,
    createdAt: r.created_at.toISOString(),
    nextAt: r.state === 'pending' ? r.next_at.toISOString() : null,
    lastStatus: r.last_status,
    lastError: r.last_error,
    deliveredAt: r.delivered_at?.toISOString() ?? null,
    externalRef: r.external_ref
  }
}

export class WebhooksRepo {
  constructor (private readonly pool: pg.Pool) {}

  async create (f: WebhookFields, secret: string, createdBy: string): Promise<Webhook> {
    const { rows } = await this.pool.query(
      `INSERT INTO webhooks (name, url, events, categories, zones, max_priority, format, secret, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${COLUMNS}`,
      [f.name, f.url, f.events, f.categories ?? null, f.zones ?? null, f.maxPriority ?? null, f.format ?? 'json', secret, createdBy])
    return toWebhook(rows[0])
  }

  async get (id: string): Promise<Webhook | undefined> {
    const { rows } = await this.pool.query(`SELECT ${COLUMNS} FROM webhooks WHERE id = $1`, [id])
    return rows[0] === undefined ? undefined : toWebhook(rows[0])
  }

  /** The secret of an active subscription, for verifying its callbacks. */
  async secretOf (id: string): Promise<{ name: string, secret: string } | undefined> {
    const { rows } = await this.pool.query('SELECT name, secret FROM webhooks WHERE id = $1 AND revoked_at IS NULL', [id])
    return rows[0]
  }

  async list (includeRevoked: boolean): Promise<Webhook[]> {
    const { rows } = await this.pool.query(`SELECT ${COLUMNS} FROM webhooks WHERE $1 OR revoked_at IS NULL ORDER BY id`, [includeRevoked])
    return rows.map(toWebhook)
  }

  async update (id: string, f: Partial<WebhookFields>): Promise<Webhook | undefined> {
    const { rows } = await this.pool.query(
      `UPDATE webhooks SET name = coalesce($2, name), url = coalesce($3, url), events = coalesce($4, events),
         categories = CASE WHEN $5 THEN $6 ELSE categories END, zones = CASE WHEN $7 THEN $8 ELSE zones END,
         max_priority = CASE WHEN $9 THEN $10 ELSE max_priority END, format = coalesce($11, format), updated_at = now()
       WHERE id = $1 AND revoked_at IS NULL RETURNING ${COLUMNS}`,
      [id, f.name ?? null, f.url ?? null, f.events ?? null, f.categories !== undefined, f.categories ?? null,
        f.zones !== undefined, f.zones ?? null, f.maxPriority !== undefined, f.maxPriority ?? null, f.format ?? null])
    return rows[0] === undefined ? undefined : toWebhook(rows[0])
  }

  /** Revoked: no new deliveries; pending ones are failed, with the reason. */
  async revoke (id: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `WITH w AS (UPDATE webhooks SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING id)
       , d AS (UPDATE webhook_deliveries SET state = 'failed', last_error = 'the subscription was revoked' WHERE webhook_id IN (SELECT id FROM w) AND state = 'pending')
       SELECT 1 FROM w`, [id])
    return rowCount === 1
  }

  async deliveries (id: string, limit: number): Promise<Delivery[]> {
    const { rows } = await this.pool.query(
      'SELECT * FROM webhook_deliveries WHERE webhook_id = $1 ORDER BY created_at DESC, id LIMIT $2', [id, limit])
    return rows.map(toDelivery)
  }

  /** Sends a delivery again (a failed or delivered one): pending, due now, its attempts counted anew. */
  async retrigger (webhookId: string, deliveryId: string): Promise<Delivery | undefined> {
    const { rows } = await this.pool.query(
      `UPDATE webhook_deliveries SET state = 'pending', next_at = now(), attempts = 0, retry_from = now()
        WHERE id = $2 AND webhook_id = $1 AND EXISTS (SELECT 1 FROM webhooks WHERE id = $1 AND revoked_at IS NULL)
        RETURNING *`, [webhookId, deliveryId])
    return rows[0] === undefined ? undefined : toDelivery(rows[0])
  }
}
