import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { ApiKeyIdentity, ApiKeysRepo, ApiRole } from '../identity/api-keys-repo.js'
import { HttpError } from './errors.js'

const RANK: Record<ApiRole, number> = { viewer: 1, dispatcher: 2, admin: 3 }

declare module 'fastify' {
  interface FastifyRequest {
    apiKey?: ApiKeyIdentity
  }
  interface FastifyInstance {
    /** onRequest hook (before body validation): requires a Bearer API key of at least this role */
    requireRole: (role: ApiRole) => (req: FastifyRequest) => Promise<void>
  }
}

export async function authenticateRequest (keys: ApiKeysRepo, req: FastifyRequest): Promise<ApiKeyIdentity> {
  const header = req.headers.authorization
  // Browsers cannot set headers on a WebSocket, so an upgrade (the live feed) may pass the key as
  // ?token=; plain requests may not, so keys stay out of URLs and access logs.
  const isUpgrade = req.headers.upgrade?.toLowerCase() === 'websocket'
  const token = header?.startsWith('Bearer ') === true ? header.slice(7).trim() : isUpgrade ? (req.query as any)?.token : undefined
  if (typeof token !== 'string' || token === '') throw new HttpError('unauthorized', 'missing API key: send Authorization: Bearer <key>')
  const identity = await keys.find(token)
  if (identity === undefined) throw new HttpError('unauthorized', 'unknown or revoked API key')
  return identity
}

/** API keys with roles (admin > dispatcher > viewer). */
export const authPlugin = fp(async function auth (app: FastifyInstance, opts: { keys: ApiKeysRepo }) {
  app.decorateRequest('apiKey', undefined)
  app.decorate('requireRole', (role: ApiRole) => async (req: FastifyRequest) => {
    const identity = await authenticateRequest(opts.keys, req)
    if (RANK[identity.role] < RANK[role]) throw new HttpError('forbidden', `this needs the ${role} role; the key has ${identity.role}`)
    req.apiKey = identity
  })
}, { name: 'flare-auth' })
