import type { FastifyInstance } from 'fastify'
import { Type } from 'typebox'
import type { ApiKeysRepo, ApiRole } from '../identity/api-keys-repo.js'
import { RoleSchema } from '../identity/users-repo.js'
import { errorSchema, HttpError } from './errors.js'

const KeySchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  role: RoleSchema,
  createdAt: Type.String(),
  revokedAt: Type.Union([Type.String(), Type.Null()])
})
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) })

/** API keys for machines (integrations, dashboards, scripts), managed by admins. */
export async function keysPlugin (app: FastifyInstance, opts: { keys: ApiKeysRepo }): Promise<void> {
  const { keys } = opts

  app.post<{ Body: { name: string, role: ApiRole } }>('/keys', {
    onRequest: app.requireRole('admin'),
    schema: {
      tags: ['people'],
      summary: 'Create an API key; the response carries the key, shown only this once',
      body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }), role: RoleSchema }, { additionalProperties: false }),
      response: { 201: Type.Object({ id: Type.Integer(), name: Type.String(), role: RoleSchema, key: Type.String(), createdAt: Type.String() }) }
    }
  }, async (req, reply) => {
    const { key, info } = await keys.generate(req.body.role, req.body.name)
    await app.audit(req, { action: 'key.create', targetType: 'api_key', targetId: String(info.id), details: { name: info.name, role: info.role } })
    reply.code(201)
    return { id: info.id, name: info.name, role: info.role, key, createdAt: info.createdAt }
  })

  app.get<{ Querystring: { after?: number, limit: number, includeRevoked: boolean } }>('/keys', {
    onRequest: app.requireRole('admin'),
    schema: {
      tags: ['people'],
      querystring: Type.Object({
        after: Type.Optional(Type.Integer({ minimum: 0, description: 'cursor: the `next` value of the previous page' })),
        limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
        includeRevoked: Type.Boolean({ default: false })
      }, { additionalProperties: false }),
      response: { 200: Type.Object({ items: Type.Array(KeySchema), next: Type.Union([Type.Integer(), Type.Null()]) }) }
    }
  }, async (req) => {
    const items = await keys.list(req.query)
    return { items, next: items.length === req.query.limit ? items[items.length - 1].id : null }
  })

  app.get<{ Params: { id: number } }>('/keys/:id', {
    onRequest: app.requireRole('admin'),
    schema: { tags: ['people'], params: IdParams, response: { 200: KeySchema, 404: errorSchema } }
  }, async (req) => {
    const info = await keys.get(req.params.id)
    if (info === undefined) throw new HttpError('not_found', `no API key ${req.params.id}`)
    return info
  })

  app.delete<{ Params: { id: number } }>('/keys/:id', {
    onRequest: app.requireRole('admin'),
    schema: { tags: ['people'], summary: 'Revoke an API key; refused from the next request on', params: IdParams, response: { 204: Type.Null(), 404: errorSchema } }
  }, async (req, reply) => {
    const info = await keys.revoke(req.params.id)
    if (info === undefined) throw new HttpError('not_found', `no API key ${req.params.id} that is not revoked already`)
    await app.audit(req, { action: 'key.revoke', targetType: 'api_key', targetId: String(info.id), details: { name: info.name } })
    reply.code(204)
  })
}
