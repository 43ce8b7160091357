import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { randomBytes } from 'node:crypto'
import type pg from 'pg'
import { Type } from 'typebox'
import { apiActor, audit } from '../audit/log.js'
import { appendEvent } from '../incidents/timeline.js'
import { inTransaction } from '../storage/transaction.js'
import { DeliverySchema, WEBHOOK_EVENTS, WebhookFormatSchema, WebhookSchema, type WebhooksRepo } from '../webhooks/repo.js'
import { verify } from '../webhooks/signature.js'
import { errorSchema, HttpError } from './errors.js'
import { Nullable } from './schemas.js'

const Fields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  url: Type.String({ pattern: '^https?://', maxLength: 2000, description: 'where deliveries are POSTed' }),
  events: Type.Array(Type.Union(WEBHOOK_EVENTS.map(e => Type.Literal(e))), { minItems: 1, uniqueItems: true }),
  categories: Type.Union([Type.Null(), Type.Array(Type.String({ minLength: 1 }), { minItems: 1 })], { description: 'only incidents of these categories; null: all' }),
  zones: Type.Union([Type.Null(), Type.Array(Type.String({ minLength: 1 }), { minItems: 1 })], { description: 'only incidents in these zones; null: all' }),
  maxPriority: Nullable('integer', { minimum: 1, maximum: 5, description: 'only incidents at least this urgent (1 most); null: all' }),
  format: WebhookFormatSchema
}
const { name, url, events, ...optional } = Fields
const CreateBody = Type.Object({ name, url, events, categories: Type.Optional(optional.categories), zones: Type.Optional(optional.zones), maxPriority: Type.Optional(optional.maxPriority), format: Type.Optional(optional.format) }, { additionalProperties: false })
const PatchBody = Type.Partial(Type.Object(Fields), { additionalProperties: false, minProperties: 1 })
const Params = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,18}$' }) })
const CallbackBody = Type.Object({
  incidentId: Type.String({ format: 'uuid' }),
  status: Type.String({ minLength: 1, maxLength: 100, description: 'the external service\'s own status, e.g. "unit dispatched"' }),
  message: Type.Optional(Type.String({ maxLength: 2000 })),
  externalReference: Type.Optional(Type.String({ maxLength: 200 }))
}, { additionalProperties: false })

function checkUrl (u: string | undefined): void {
  if (u === undefined) return
  try { void new URL(u) } catch { throw new HttpError('bad_request', `url: "${u}" is not a URL`) }
}

/**
 * Outbound webhooks (admins) and the callback through which the receiving service reports back
 * onto the incident's timeline, signed with the subscription's secret like the deliveries.
 */
export async function webhooksPlugin (fastify: FastifyInstance, opts: { repo: WebhooksRepo, pool: pg.Pool }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  // The callback's signature covers the body as sent: keep it (this plugin's routes only).
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    (req as any).rawBody = body
    try { done(null, body === '' ? undefined : JSON.parse(body as string)) } catch (err) { (err as any).statusCode = 400; done(err as Error, undefined) }
  })

  app.post('/webhooks', {
    onRequest: app.requireRole('admin'),
    schema: { tags: ['webhooks'], summary: 'Subscribe a URL to incident events; the response carries the signing secret, shown only this once', body: CreateBody, response: { 201: Type.Object({ webhook: WebhookSchema, secret: Type.String() }), 400: errorSchema } }
  }, async (req, reply) => {
    checkUrl(req.body.url)
    const secret = 'whsec_' + randomBytes(32).toString('base64url')
    const webhook = await opts.repo.create(req.body, secret, apiActor(req.apiKey))
    await app.audit(req, { action: 'webhook.create', targetType: 'webhook', targetId: webhook.id, details: { url: webhook.url, events: webhook.events, format: webhook.format } })
    reply.code(201)
    return { webhook, secret }
  })

  app.get('/webhooks', {
    onRequest: app.requireRole('admin'),
    schema: { tags: ['webhooks'], querystring: Type.Object({ includeRevoked: Type.Boolean({ default: false }) }), response: { 200: Type.Object({ items: Type.Array(WebhookSchema) }) } }
  }, async (req) => ({ items: await opts.repo.list(req.query.includeRevoked) }))

  app.get('/webhooks/:id', {
    onRequest: app.requireRole('admin'),
    schema: { tags: ['webhooks'], params: Params, response: { 200: WebhookSchema, 404: errorSchema } }
  }, async (req) => {
    const w = await opts.repo.get(req.params.id)
    if (w === undefined) throw new HttpError('not_found', `no webhook ${req.params.id}`)
    return w
  })

  app.patch('/webhooks/:id', {
    onRequest: app.requireRole('admin'),
    schema: { tags: ['webhooks'], params: Params, body: PatchBody, response: { 200: WebhookSchema, 400: errorSchema, 404: errorSchema } }
  }, async (req) => {
    checkUrl(req.body.url)
    const w = await opts.repo.update(req.params.id, req.body)
    if (w === undefined) throw new HttpError('not_found', `no active webhook ${req.params.id}`)
    await app.audit(req, { action: 'webhook.update', targetType: 'webhook', targetId: w.id, details: { fields: Object.keys(req.body) } })
    return w
  })

  app.delete('/webhooks/:id', {
    onRequest: app.requireRole('admin'),
    schema: { tags: ['webhooks'], summary: 'Revoke: no more deliveries; pending ones are failed', params: Params, response: { 204: Type.Null(), 404: errorSchema } }
  }, async (req, reply) => {
    if (!await opts.repo.revoke(req.params.id)) throw new HttpError('not_found', `no active webhook ${req.params.id}`)
    await app.audit(req, { action: 'webhook.revoke', targetType: 'webhook', targetId: req.params.id })
    reply.code(204)
  })

  app.get('/webhooks/:id/deliveries', {
    onRequest: app.requireRole('admin'),
    schema: { tags: ['webhooks'], summary: 'The delivery log, newest first', params: Params, querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }) }), response: { 200: Type.Object({ items: Type.Array(DeliverySchema) }), 404: errorSchema } }
  }, async (req) => {
    if (await opts.repo.get(req.params.id) === undefined) throw new HttpError('not_found', `no webhook ${req.params.id}`)
    return { items: await opts.repo.deliveries(req.params.id, req.query.limit) }
  })

  app.post('/webhooks/:id/deliveries/:deliveryId/retry', {
    onRequest: app.requireRole('admin'),
    schema: { tags: ['webhooks'], summary: 'Send a delivery again (e.g. one that failed), now', params: Type.Object({ id: Params.properties.id, deliveryId: Type.String({ format: 'uuid' }) }), response: { 202: DeliverySchema, 404: errorSchema } }
  }, async (req, reply) => {
    const d = await opts.repo.retrigger(req.params.id, req.params.deliveryId)
    if (d === undefined) throw new HttpError('not_found', `no delivery ${req.params.deliveryId} of an active webhook ${req.params.id}`)
    await app.audit(req, { action: 'webhook.retry', targetType: 'webhook', targetId: req.params.id, details: { deliveryId: d.id } })
    reply.code(202)
    return d
  })

  app.post('/integrations/:id/callback', {
    schema: {
      tags: ['webhooks'],
      summary: 'The receiving service reports its status back onto the incident\'s timeline; signed like the deliveries (Flare-Signature, the subscription\'s secret)',
      params: Params,
      body: CallbackBody,
      response: { 202: Type.Object({ ok: Type.Boolean() }), 401: errorSchema, 404: errorSchema }
    }
  }, async (req, reply) => {
    const hook = await opts.repo.secretOf(req.params.id)
    const signature = req.headers['flare-signature']
    if (hook === undefined || !verify(hook.secret, (req as any).rawBody ?? '', typeof signature === 'string' ? signature : undefined, Math.floor(Date.now() / 1000))) {
      throw new HttpError('unauthorized', 'missing or wrong Flare-Signature (HMAC-SHA-256 of "<t>.<body>" with the subscription\'s secret, within 5 minutes)')
    }
    const actor = `integration:${hook.name}#${req.params.id}`
    const found = await inTransaction(opts.pool, async (client) => {
      const { rows } = await client.query('SELECT id FROM incidents WHERE id = $1', [req.body.incidentId])
      if (rows.length === 0) return false
      await appendEvent(client, req.body.incidentId, { actor, type: 'external_status', reason: req.body.status, data: { message: req.body.message ?? null, externalReference: req.body.externalReference ?? null } })
      await audit(client, { actor, action: 'integration.callback', targetType: 'incident', targetId: req.body.incidentId, details: { status: req.body.status } })
      return true
    })
    if (!found) throw new HttpError('not_found', `no incident ${req.body.incidentId}`)
    reply.code(202)
    return { ok: true }
  })
}
