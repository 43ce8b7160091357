import type { FastifyInstance, FastifyRequest } from 'fastify'
import { randomBytes } from 'node:crypto'
import { apiActor, audit } from '../audit/log.js'
import type { Database } from '../storage/database.js'
import { GeometryError, validateGeometry, type ZoneGeometry } from '../zones/geometry.js'
import type { ZoneIndex } from '../zones/zone-index.js'
import { ZonesRepo } from '../zones/repo.js'
import { errorSchema, HttpError } from './errors.js'
import { isUniqueViolation, pageOf, principalIdSchema } from './schemas.js'

export interface ZonesPluginOptions {
  db: Database
  /** this node's index, refreshed right after a change so the next alert here sees it */
  index: ZoneIndex
}

const zoneSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    geometry: { type: 'object', additionalProperties: true },
    bbox: { type: 'object', properties: { minLat: { type: 'number' }, minLon: { type: 'number' }, maxLat: { type: 'number' }, maxLon: { type: 'number' } } },
    createdAt: { type: 'string' },
    updatedAt: { type: 'string' }
  }
} as const

const geometryBodySchema = {
  type: 'object',
  description: 'GeoJSON Polygon or MultiPolygon; positions are [lon, lat]; rings closed, at least 4 positions',
  required: ['type', 'coordinates'],
  properties: { type: { type: 'string', enum: ['Polygon', 'MultiPolygon'] }, coordinates: { type: 'array' } }
} as const

const idParams = { type: 'object', properties: { id: { type: 'string' } } } as const
const badGeometry = { 400: errorSchema }

/** The JSON schema checks the outline; this says exactly which ring or position is wrong. */
function geometryOf (raw: unknown): ZoneGeometry {
  try {
    return validateGeometry(raw)
  } catch (err) {
    if (err instanceof GeometryError) throw new HttpError('invalid_geometry', `geometry.${err.path}: ${err.reason}`, { path: `geometry.${err.path}` })
    throw err
  }
}

export async function zonesPlugin (app: FastifyInstance, opts: ZonesPluginOptions): Promise<void> {
  const zones = new ZonesRepo(opts.db.pool)
  const { pool } = opts.db
  const changed = async (req: FastifyRequest, action: string, id: string, details?: Record<string, unknown>): Promise<void> => {
    await audit(pool, { actor: apiActor(req.apiKey), action, targetType: 'zone', targetId: id, details })
    await opts.index.refresh()
  }

  app.post<{ Body: { id?: string, name: string, geometry: unknown } }>('/zones', {
    onRequest: app.requireRole('admin'),
    schema: {
      tags: ['zones'],
      summary: 'Create a zone; alerts inside it get its id, rules and responders can be limited to it',
      body: {
        type: 'object',
        required: ['name', 'geometry'],
        additionalProperties: false,
        properties: { id: principalIdSchema, name: { type: 'string', minLength: 1, maxLength: 200 }, geometry: geometryBodySchema }
      },
      response: { 201: zoneSchema, 409: errorSchema, ...badGeometry }
    }
  }, async (req, reply) => {
    const geometry = geometryOf(req.body.geometry)
    const id = req.body.id ?? `zone-${randomBytes(5).toString('hex')}`
    try {
      const zone = await zones.create({ id, name: req.body.name, geometry })
      await changed(req, 'zone.create', id, { name: zone.name })
      reply.code(201)
      return zone
    } catch (err) {
      if (isUniqueViolation(err)) throw new HttpError('conflict', `a zone with id "${id}" exists already`)
      throw err
    }
  })

  app.get<{ Querystring: { after?: string, limit: number } }>('/zones', {
    onRequest: app.requireRole('viewer'),
    schema: {
      tags: ['zones'],
      querystring: {
        type: 'object',
        additionalProperties: false,
        properties: { after: { type: 'string' }, limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } }
      },
      response: { 200: { type: 'object', properties: { items: { type: 'array', items: zoneSchema }, next: { type: ['string', 'null'] } } } }
    }
  }, async (req) => {
    const items = await zones.list(req.query)
    return pageOf(items, req.query.limit)
  })

  app.get<{ Params: { id: string } }>('/zones/:id', {
    onRequest: app.requireRole('viewer'),
    schema: { tags: ['zones'], params: idParams, response: { 200: zoneSchema, 404: errorSchema } }
  }, async (req) => {
    const zone = await zones.get(req.params.id)
    if (zone === undefined) throw new HttpError('not_found', `no zone "${req.params.id}"`)
    return zone
  })

  app.put<{ Params: { id: string }, Body: { name: string, geometry: unknown } }>('/zones/:id', {
    onRequest: app.requireRole('admin'),
    schema: {
      tags: ['zones'],
      summary: 'Replace a zone\'s name and geometry',
      params: idParams,
      body: {
        type: 'object',
        required: ['name', 'geometry'],
        additionalProperties: false,
        properties: { name: { type: 'string', minLength: 1, maxLength: 200 }, geometry: geometryBodySchema }
      },
      response: { 200: zoneSchema, 404: errorSchema, ...badGeometry }
    }
  }, async (req) => {
    const geometry = geometryOf(req.body.geometry)
    const zone = await zones.update(req.params.id, { name: req.body.name, geometry })
    if (zone === undefined) throw new HttpError('not_found', `no zone "${req.params.id}"`)
    await changed(req, 'zone.update', zone.id, { name: zone.name })
    return zone
  })

  app.delete<{ Params: { id: string } }>('/zones/:id', {
    onRequest: app.requireRole('admin'),
    schema: {
      tags: ['zones'],
      summary: 'Delete a zone; incidents keep the zone id they were opened with',
      params: idParams,
      response: { 204: { type: 'null' }, 404: errorSchema }
    }
  }, async (req, reply) => {
    if (!await zones.delete(req.params.id)) throw new HttpError('not_found', `no zone "${req.params.id}"`)
    await changed(req, 'zone.delete', req.params.id)
    reply.code(204)
  })
}
