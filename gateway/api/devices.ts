import type { FastifyInstance } from 'fastify'
import { randomBytes } from 'node:crypto'
import type { DevicesRepo, Device, DevicePatch } from '../identity/devices-repo.js'
import { generateSecret } from '../identity/secrets.js'
import type { SecretDigest } from '../identity/secret-digest.js'
import { errorSchema, HttpError } from './errors.js'
import { isUniqueViolation, pageOf, pageQuerySchema, principalIdSchema } from './schemas.js'

export interface DevicesPluginOptions {
  devices: DevicesRepo
  /** stores the generated secrets as digests */
  secrets: SecretDigest
  /** disconnects the live session wherever it is */
  revokeSession: (id: string) => Promise<void>
  /** whether a person exists (a device's personId must name one) */
  personExists?: (id: string) => Promise<boolean>
  /** after a change: this node's principal directory reads the device again (other nodes are notified) */
  changed?: (id: string) => Promise<void>
}

const deviceSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    kind: { type: 'string', enum: ['button', 'wearable', 'phone', 'panel'] },
    codec: { type: 'string', enum: ['protobuf', 'json'] },
    name: { type: ['string', 'null'] },
    personId: { type: ['string', 'null'] },
    createdAt: { type: 'string' },
    revokedAt: { type: ['string', 'null'] },
    online: { type: 'boolean', description: 'an MQTT session of the device is open' },
    lastSeenAt: { type: ['string', 'null'] },
    batteryPct: { type: ['integer', 'null'] },
    lat: { type: ['number', 'null'], description: 'last known position (telemetry)' },
    lon: { type: ['number', 'null'] },
    install: {
      type: ['object', 'null'],
      description: 'where a fixed device is installed; alerts without a fix use it',
      properties: { lat: { type: 'number' }, lon: { type: 'number' }, address: { type: ['string', 'null'] } }
    }
  }
} as const

const patchBodySchema = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    name: { type: ['string', 'null'], minLength: 1, maxLength: 200 },
    personId: { type: ['string', 'null'], minLength: 1, maxLength: 64, description: 'null: the device names no person' },
    installLat: { type: ['number', 'null'], minimum: -90, maximum: 90 },
    installLon: { type: ['number', 'null'], minimum: -180, maximum: 180 },
    installAddress: { type: ['string', 'null'], minLength: 1, maxLength: 500 }
  },
  dependencies: { installLat: ['installLon'], installLon: ['installLat'] }
} as const

/** Device provisioning: the secret is generated here and returned exactly once. */
export async function devicesPlugin (app: FastifyInstance, opts: DevicesPluginOptions): Promise<void> {
  const { devices } = opts

  app.post<{ Body: { id?: string, kind: Device['kind'], codec?: Device['codec'], name?: string, personId?: string } }>('/devices', {
    onRequest: app.requireRole('admin'),
    schema: {
      tags: ['devices'],
      summary: 'Provision a device; the response carries its MQTT secret, shown only this once',
      body: {
        type: 'object',
        required: ['kind'],
        additionalProperties: false,
        properties: {
          id: principalIdSchema,
          kind: { type: 'string', enum: ['button', 'wearable', 'phone'] },
          codec: { type: 'string', enum: ['protobuf', 'json'], description: 'default: json for phones, protobuf otherwise' },
          name: { type: 'string', maxLength: 200 },
          personId: { type: 'string', maxLength: 64 }
        }
      },
      response: { 201: { type: 'object', properties: { device: deviceSchema, secret: { type: 'string' } } }, 409: errorSchema }
    }
  }, async (req, reply) => {
    const body = req.body
    const id = body.id ?? `dev-${randomBytes(6).toString('hex')}`
    const codec = body.codec ?? (body.kind === 'phone' ? 'json' : 'protobuf')
    const secret = generateSecret()
    try {
      const device = await devices.create({ id, kind: body.kind, codec, name: body.name, personId: body.personId }, opts.secrets.digest(secret))
      await app.audit(req, { action: 'device.provision', targetType: 'device', targetId: id, details: { kind: body.kind, codec } })
      reply.code(201)
      return { device, secret }
    } catch (err) {
      if (isUniqueViolation(err)) throw new HttpError('conflict', `a device, responder or contact with id "${id}" exists already`)
      throw err
    }
  })

  app.get<{ Querystring: { after?: string, limit: number, includeRevoked: boolean } }>('/devices', {
    onRequest: app.requireRole('viewer'),
    schema: {
      tags: ['devices'],
      querystring: pageQuerySchema,
      response: { 200: { type: 'object', properties: { items: { type: 'array', items: deviceSchema }, next: { type: ['string', 'null'] } } } }
    }
  }, async (req) => {
    const items = await devices.list(req.query)
    return pageOf(items, req.query.limit)
  })

  app.get<{ Params: { id: string } }>('/devices/:id', {
    onRequest: app.requireRole('viewer'),
    schema: { tags: ['devices'], params: { type: 'object', properties: { id: { type: 'string' } } }, response: { 200: deviceSchema, 404: errorSchema } }
  }, async (req) => {
    const device = await devices.get(req.params.id)
    if (device === undefined) throw new HttpError('not_found', `no device "${req.params.id}"`)
    return device
  })

  app.patch<{ Params: { id: string }, Body: DevicePatch }>('/devices/:id', {
    onRequest: app.requireRole('admin'),
    schema: {
      tags: ['devices'],
      summary: 'Change name, person and install location (null clears); alerts without a fix then use the install location',
      params: { type: 'object', properties: { id: { type: 'string' } } },
      body: patchBodySchema,
      response: { 200: deviceSchema, 400: errorSchema, 404: errorSchema }
    }
  }, async (req) => {
    const b = req.body
    if ((b.installLat === null) !== (b.installLon === null)) throw new HttpError('bad_request', 'installLat and installLon are set or cleared together')
    if (typeof b.personId === 'string' && opts.personExists !== undefined && !await opts.personExists(b.personId)) {
      throw new HttpError('unknown_person', `no person "${b.personId}"`)
    }
    const done = await devices.update(req.params.id, b)
    if (done === undefined) throw new HttpError('not_found', `no active device "${req.params.id}"`)
    const changes = Object.fromEntries(Object.keys(b).map(k => [k, b[k as keyof DevicePatch]]))
    await app.audit(req, { action: 'device.update', targetType: 'device', targetId: req.params.id, details: { changes } })
    await opts.changed?.(req.params.id)
    return done.after
  })

  app.delete<{ Params: { id: string } }>('/devices/:id', {
    onRequest: app.requireRole('admin'),
    schema: { tags: ['devices'], summary: 'Revoke a device: refuses new connections and drops its live session', params: { type: 'object', properties: { id: { type: 'string' } } }, response: { 204: { type: 'null' }, 404: errorSchema } }
  }, async (req, reply) => {
    if (!await devices.revoke(req.params.id)) throw new HttpError('not_found', `no active device "${req.params.id}"`)
    await app.audit(req, { action: 'device.revoke', targetType: 'device', targetId: req.params.id })
    await opts.revokeSession(req.params.id)
    reply.code(204)
  })
}
