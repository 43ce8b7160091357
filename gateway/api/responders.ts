import type { FastifyInstance } from 'fastify'
import { randomBytes } from 'node:crypto'
import type { Responder, RespondersRepo, ResponderStatus } from '../identity/responders-repo.js'
import type { Codec } from '../identity/devices-repo.js'
import { generateSecret } from '../identity/secrets.js'
import type { SecretDigest } from '../identity/secret-digest.js'
import { errorSchema, HttpError } from './errors.js'
import { isUniqueViolation, pageOf, pageQuerySchema, principalIdSchema } from './schemas.js'

export interface RespondersPluginOptions {
  responders: RespondersRepo
  /** stores the generated secrets as digests */
  secrets: SecretDigest
  revokeSession: (id: string) => Promise<void>
  /** after a REST change of status or location (live feed) */
  onChange?: (r: Responder) => Promise<void>
}

export const responderSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    roles: { type: 'array', items: { type: 'string' } },
    zones: { type: 'array', items: { type: 'string' } },
    codec: { type: 'string' },
    status: { type: 'string', enum: ['available', 'busy', 'off_duty'] },
    online: { type: 'boolean' },
    lat: { type: ['number', 'null'] },
    lon: { type: ['number', 'null'] },
    locationAt: { type: ['string', 'null'] },
    createdAt: { type: 'string' },
    revokedAt: { type: ['string', 'null'] },
    currentIncidentId: { type: ['string', 'null'] }
  }
} as const

interface NewResponderBody { id?: string, name: string, roles?: string[], zones?: string[], codec?: Codec, lat?: number, lon?: number }

export async function respondersPlugin (app: FastifyInstance, opts: RespondersPluginOptions): Promise<void> {
  const { responders } = opts

  app.post<{ Body: NewResponderBody }>('/responders', {
    onRequest: app.requireRole('admin'),
    schema: {
      tags: ['responders'],
      summary: 'Register a responder; the response carries its MQTT secret, shown only this once',
      body: {
        type: 'object',
        required: ['name'],
        additionalProperties: false,
        properties: {
          id: principalIdSchema,
          name: { type: 'string', minLength: 1, maxLength: 200 },
          roles: { type: 'array', items: { type: 'string', pattern: '^[a-z][a-z0-9_-]{0,31}$' }, maxItems: 32 },
          zones: { type: 'array', items: { type: 'string', maxLength: 64 }, maxItems: 256 },
          codec: { type: 'string', enum: ['protobuf', 'json'], default: 'json' },
          lat: { type: 'number', minimum: -90, maximum: 90 },
          lon: { type: 'number', minimum: -180, maximum: 180 }
        },
        dependencies: { lat: ['lon'], lon: ['lat'] }
      },
      response: { 201: { type: 'object', properties: { responder: responderSchema, secret: { type: 'string' } } }, 409: errorSchema }
    }
  }, async (req, reply) => {
    const b = req.body
    const id = b.id ?? `resp-${randomBytes(6).toString('hex')}`
    const secret = generateSecret()
    try {
      const responder = await responders.create({ id, name: b.name, roles: b.roles ?? [], zones: b.zones ?? [], codec: b.codec ?? 'json', lat: b.lat, lon: b.lon }, opts.secrets.digest(secret))
      await app.audit(req, { action: 'responder.create', targetType: 'responder', targetId: id, details: { name: b.name, roles: b.roles ?? [], zones: b.zones ?? [] } })
      reply.code(201)
      return { responder, secret }
    } catch (err) {
      if (isUniqueViolation(err)) throw new HttpError('conflict', `a device, responder or contact with id "${id}" exists already`)
      throw err
    }
  })

  app.get<{ Querystring: { after?: string, limit: number, includeRevoked: boolean } }>('/responders', {
    onRequest: app.requireRole('viewer'),
    schema: {
      tags: ['responders'],
      querystring: pageQuerySchema,
      response: { 200: { type: 'object', properties: { items: { type: 'array', items: responderSchema }, next: { type: ['string', 'null'] } } } }
    }
  }, async (req) => {
    const items = await responders.list(req.query)
    return pageOf(items, req.query.limit)
  })

  app.get<{ Params: { id: string } }>('/responders/:id', {
    onRequest: app.requireRole('viewer'),
    schema: { tags: ['responders'], params: { type: 'object', properties: { id: { type: 'string' } } }, response: { 200: responderSchema, 404: errorSchema } }
  }, async (req) => {
    const r = await responders.get(req.params.id)
    if (r === undefined) throw new HttpError('not_found', `no responder "${req.params.id}"`)
    return r
  })

  app.patch<{ Params: { id: string }, Body: { status?: ResponderStatus, lat?: number, lon?: number } }>('/responders/:id', {
    onRequest: app.requireRole('dispatcher'),
    schema: {
      tags: ['responders'],
      summary: 'Set status (available, busy, off_duty) and/or last known location',
      params: { type: 'object', properties: { id: { type: 'string' } } },
      body: {
        type: 'object',
        additionalProperties: false,
        minProperties: 1,
        properties: {
          status: { type: 'string', enum: ['available', 'busy', 'off_duty'] },
          lat: { type: 'number', minimum: -90, maximum: 90 },
          lon: { type: 'number', minimum: -180, maximum: 180 }
        },
        dependencies: { lat: ['lon'], lon: ['lat'] }
      },
      response: { 200: responderSchema, 404: errorSchema }
    }
  }, async (req) => {
    const r = await responders.update(req.params.id, req.body)
    if (r === undefined) throw new HttpError('not_found', `no active responder "${req.params.id}"`)
    await opts.onChange?.(r)
    return r
  })

  app.get<{ Params: { id: string } }>('/responders/:id/offers', {
    onRequest: app.requireRole('viewer'),
    schema: { tags: ['responders'], summary: 'Offers waiting for this responder (what a reconnecting app is owed)', params: { type: 'object', properties: { id: { type: 'string' } } } }
  }, async (req) => ({ items: await responders.pendingOffers(req.params.id) }))

  app.delete<{ Params: { id: string } }>('/responders/:id', {
    onRequest: app.requireRole('admin'),
    schema: { tags: ['responders'], summary: 'Revoke a responder: refuses new connections and drops its live session', params: { type: 'object', properties: { id: { type: 'string' } } }, response: { 204: { type: 'null' }, 404: errorSchema } }
  }, async (req, reply) => {
    if (!await responders.revoke(req.params.id)) throw new HttpError('not_found', `no active responder "${req.params.id}"`)
    await app.audit(req, { action: 'responder.revoke', targetType: 'responder', targetId: req.params.id })
    await opts.revokeSession(req.params.id)
    reply.code(204)
  })
}
