import type { FastifyInstance } from 'fastify'
import { randomBytes } from 'node:crypto'
import type { Responder, ResponderPatch, RespondersRepo } from '../identity/responders-repo.js'
import type { ResponderPosition } from '../dispatch/positions.js'
import { MAX_RADIUS_M, parseNear } from '../incidents/near.js'
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
  /** after a REST change (live feed, the roster and principals in memory) */
  onChange?: (r: Responder) => Promise<void>
  /** a responder's position history, newest `limit`, oldest first */
  positions?: (id: string, opts: { limit: number, since?: string }) => Promise<ResponderPosition[]>
}

/** The default radius of `near` for responders: wider than for incidents, dispatch radii are kilometres. */
const NEAR_DEFAULT_RADIUS_M = 10_000

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
    currentIncidentId: { type: ['string', 'null'] },
    distanceM: { type: 'number', description: 'only with `near`: metres from that point' }
  }
} as const

const roleSchema = { type: 'string', pattern: '^[a-z][a-z0-9_-]{0,31}$' } as const
const rolesSchema = { type: 'array', items: roleSchema, maxItems: 32, uniqueItems: true } as const
const zonesSchema = { type: 'array', items: { type: 'string', minLength: 1, maxLength: 64 }, maxItems: 256, uniqueItems: true } as const

const listQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...pageQuerySchema.properties,
    available: { type: 'boolean', description: 'true: only those free for an offer (status available); false: only the others' },
    near: { type: 'string', description: 'lat,lon: only responders with a known location within `radius` of it, nearest first, each with `distanceM` (no paging)' },
    radius: { type: 'number', description: `metres around \`near\`; default ${NEAR_DEFAULT_RADIUS_M}, at most ${MAX_RADIUS_M}` }
  }
} as const

interface ListQuery { after?: string, limit: number, includeRevoked: boolean, available?: boolean, near?: string, radius?: number }

const positionSchema = {
  type: 'object',
  properties: { at: { type: 'string' }, lat: { type: 'number' }, lon: { type: 'number' }, accuracyM: { type: ['number', 'null'] } }
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
          roles: rolesSchema,
          zones: zonesSchema,
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

  app.get<{ Querystring: ListQuery }>('/responders', {
    onRequest: app.requireRole('viewer'),
    schema: {
      tags: ['responders'],
      summary: 'Responders by id, or with near=lat,lon the nearest first (available=true: who is nearest and free)',
      querystring: listQuerySchema,
      response: { 200: { type: 'object', properties: { items: { type: 'array', items: responderSchema }, next: { type: ['string', 'null'] } } }, 400: errorSchema }
    }
  }, async (req) => {
    const { near, radius, ...q } = req.query
    if (near === undefined) {
      if (radius !== undefined) throw new HttpError('bad_request', 'radius needs near=lat,lon')
      return pageOf(await responders.list(q), q.limit)
    }
    if (q.after !== undefined) throw new HttpError('bad_request', 'near lists the nearest first and is not paged: no after')
    if (q.includeRevoked) throw new HttpError('bad_request', 'near lists active responders only: no includeRevoked')
    const point = parseNear(near, radius ?? NEAR_DEFAULT_RADIUS_M)
    if (typeof point === 'string') throw new HttpError('bad_request', point)
    return { items: await responders.near({ ...point, available: q.available, limit: q.limit }), next: null }
  })

  app.get<{ Params: { id: string } }>('/responders/:id', {
    onRequest: app.requireRole('viewer'),
    schema: { tags: ['responders'], params: { type: 'object', properties: { id: { type: 'string' } } }, response: { 200: responderSchema, 404: errorSchema } }
  }, async (req) => {
    const r = await responders.get(req.params.id)
    if (r === undefined) throw new HttpError('not_found', `no responder "${req.params.id}"`)
    return r
  })

  app.patch<{ Params: { id: string }, Body: ResponderPatch }>('/responders/:id', {
    onRequest: app.requireRole('dispatcher'),
    schema: {
      tags: ['responders'],
      summary: 'Set status (available, busy, off_duty), last known location, name, roles, zones',
      params: { type: 'object', properties: { id: { type: 'string' } } },
      body: {
        type: 'object',
        additionalProperties: false,
        minProperties: 1,
        properties: {
          status: { type: 'string', enum: ['available', 'busy', 'off_duty'] },
          lat: { type: 'number', minimum: -90, maximum: 90 },
          lon: { type: 'number', minimum: -180, maximum: 180 },
          name: { type: 'string', minLength: 1, maxLength: 200 },
          roles: rolesSchema,
          zones: zonesSchema
        },
        dependencies: { lat: ['lon'], lon: ['lat'] }
      },
      response: { 200: responderSchema, 400: errorSchema, 404: errorSchema }
    }
  }, async (req) => {
    const before = await responders.get(req.params.id)
    const r = await responders.update(req.params.id, req.body)
    if (r === undefined || before === undefined) throw new HttpError('not_found', `no active responder "${req.params.id}"`)
    const changes = Object.fromEntries(Object.keys(req.body).map(k => [k, { from: before[k as keyof Responder], to: r[k as keyof Responder] }]))
    await app.audit(req, { action: 'responder.update', targetType: 'responder', targetId: r.id, details: { changes } })
    await opts.onChange?.(r)
    return r
  })

  app.get<{ Params: { id: string }, Querystring: { limit: number, since?: string } }>('/responders/:id/positions', {
    onRequest: app.requireRole('viewer'),
    schema: {
      tags: ['responders'],
      summary: "The responder's position history: the newest `limit` positions (since `since`), oldest first",
      params: { type: 'object', properties: { id: { type: 'string' } } },
      querystring: {
        type: 'object',
        additionalProperties: false,
        properties: { limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 }, since: { type: 'string', format: 'date-time' } }
      },
      response: { 200: { type: 'object', properties: { items: { type: 'array', items: positionSchema } } }, 400: errorSchema, 404: errorSchema }
    }
  }, async (req) => {
    if (await responders.get(req.params.id) === undefined) throw new HttpError('not_found', `no responder "${req.params.id}"`)
    return { items: await opts.positions?.(req.params.id, req.query) ?? [] }
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
