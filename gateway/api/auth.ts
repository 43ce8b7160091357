import { AsyncResource } from 'node:async_hooks'
import { timingSafeEqual } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify'
import cookie from '@fastify/cookie'
import fp from 'fastify-plugin'
import type { ApiKeysRepo, ApiRole } from '../identity/api-keys-repo.js'
import { csrfTokenOf, type Session, type SessionsRepo } from '../identity/sessions-repo.js'
import type { Language } from '../identity/users-repo.js'
import { apiActor } from '../audit/log.js'
import { requestOrigin, type RequestOrigin } from '../audit/context.js'
import type { AuthMetrics } from './auth-metrics.js'
import { HttpError } from './errors.js'

const RANK: Record<ApiRole, number> = { viewer: 1, dispatcher: 2, admin: 3 }

export const SESSION_COOKIE = 'flare_session'
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/** Who is making a request: an API key (machines) or a person's browser session. */
export interface Caller {
  kind: 'key' | 'user'
  /** the key's or the user's id */
  id: number
  /** the key's name, or the person's full name */
  name: string
  role: ApiRole
  username?: string
  language?: Language
  ip: string
  userAgent: string | null
  /** a user's session (its token's digest identifies it) */
  session?: Session
}

declare module 'fastify' {
  interface FastifyRequest {
    caller?: Caller
    /** The caller, under its older name: an API key's identity, or (since users) a session's. Prefer `caller`. */
    apiKey?: Caller
  }
  interface FastifyInstance {
    /** onRequest hook (before body validation): a Bearer API key or a session cookie of at least this role */
    requireRole: (role: ApiRole, opts?: RoleOptions) => (req: FastifyRequest, reply: FastifyReply) => Promise<void>
  }
  interface FastifySchema {
    /** OpenAPI extensions set by routeDoor */
    'x-flare-role'?: ApiRole | 'none'
    'x-flare-or-self'?: string
  }
  interface FastifyContextConfig {
    /** the role the route's requireRole asks for; null: the route takes no role (see routeDoor) */
    role?: ApiRole | null
  }
}

export interface RoleOptions {
  /** a path parameter holding a user id: a logged-in user below the role may still use the route on their own account */
  orSelf?: string
}

/** What a route asks of its caller, as requireRole declared it. */
interface Door { role: ApiRole, orSelf?: string }

const DOOR = Symbol('flare-door')

function doorOf (onRequest: RouteOptions['onRequest']): Door | undefined {
  const hooks = onRequest === undefined ? [] : Array.isArray(onRequest) ? onRequest : [onRequest]
  for (const hook of hooks) {
    const door: Door | undefined = (hook as any)[DOOR]
    if (door !== undefined) return door
  }
  return undefined
}

/**
 * Shows each route's role where people and tests read it: `config.role`, and the OpenAPI extensions
 * `x-flare-role` (viewer, dispatcher, admin, or none) and `x-flare-or-self` (the user id parameter).
 */
function routeDoor (route: RouteOptions): void {
  const door = doorOf(route.onRequest)
  route.config = { ...route.config, role: door?.role ?? null }
  route.schema = { ...route.schema, 'x-flare-role': door?.role ?? 'none', ...(door?.orSelf === undefined ? {} : { 'x-flare-or-self': door.orSelf }) }
}

export interface AuthDeps {
  keys: ApiKeysRepo
  sessions: SessionsRepo
  metrics?: AuthMetrics
}

function userAgentOf (req: FastifyRequest): string | null {
  const ua = req.headers['user-agent']
  return typeof ua === 'string' && ua !== '' ? ua.slice(0, 512) : null
}

export function sameToken (a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

/** The session cookie's token, if the request carries one. */
export function sessionToken (req: FastifyRequest): string | undefined {
  const v = req.cookies?.[SESSION_COOKIE]
  return typeof v === 'string' && v !== '' ? v : undefined
}

/** The API key of an `Authorization: Bearer` header. */
export function bearerKey (req: FastifyRequest): string | undefined {
  const header = req.headers.authorization
  const key = header?.startsWith('Bearer ') === true ? header.slice(7).trim() : undefined
  return key === '' ? undefined : key
}

/** The caller an API key stands for; unknown or revoked: unauthorized. */
export async function keyCaller (keys: ApiKeysRepo, req: FastifyRequest, key: string): Promise<Caller> {
  const identity = await keys.find(key)
  if (identity === undefined) throw new HttpError('unauthorized', 'unknown or revoked API key')
  return { kind: 'key', id: identity.id, name: identity.name, role: identity.role, ip: req.ip, userAgent: userAgentOf(req) }
}

/** Refuses a caller below the role. */
export function checkRole (caller: Caller, role: ApiRole): void {
  if (RANK[caller.role] < RANK[role]) {
    throw new HttpError('forbidden', `this needs the ${role} role; ${caller.kind === 'user' ? 'your account' : 'the key'} has ${caller.role}`)
  }
}

/** The caller a session cookie stands for, or why it stands for nobody. */
export async function sessionCaller (sessions: SessionsRepo, req: FastifyRequest, token: string): Promise<Caller> {
  const found = await sessions.find(token)
  if (!found.ok) {
    if (found.reason === 'expired') throw new HttpError('session_expired', 'the session has expired: log in again')
    if (found.reason === 'disabled') throw new HttpError('unauthorized', 'the account is disabled: the session has ended')
    throw new HttpError('unauthorized', 'no such session (logged out or ended): log in again')
  }
  const { user } = found.session
  return { kind: 'user', id: user.id, name: user.name, role: user.role, username: user.username, language: user.language, ip: req.ip, userAgent: userAgentOf(req), session: found.session }
}

/**
 * The request's caller: a Bearer API key, else the session cookie (with its CSRF token on a
 * state-changing method, and a same-origin Origin on a WebSocket upgrade).
 */
export async function authenticateRequest (deps: AuthDeps, req: FastifyRequest): Promise<Caller> {
  // Keys go in the Authorization header only (a browser's live feed sends one as its first
  // message, live-auth.ts), so they stay out of URLs and access logs.
  const key = bearerKey(req)
  const isUpgrade = req.headers.upgrade?.toLowerCase() === 'websocket'
  if (key !== undefined) return await keyCaller(deps.keys, req, key)
  const token = sessionToken(req)
  if (token === undefined) throw new HttpError('unauthorized', 'not logged in: log in (POST /api/v1/session) or send Authorization: Bearer <API key>')
  const caller = await sessionCaller(deps.sessions, req, token)
  if (UNSAFE_METHODS.has(req.method)) {
    const sent = req.headers['x-csrf-token']
    if (typeof sent !== 'string' || !sameToken(sent, csrfTokenOf(token))) {
      throw new HttpError('csrf_invalid', 'missing or wrong X-CSRF-Token header (the csrfToken of POST or GET /api/v1/session)')
    }
  }
  if (isUpgrade) {
    // The cookie goes with any page's WebSocket to this host: only this host's own pages may use it.
    const origin = req.headers.origin
    let host: string | undefined
    try { host = origin === undefined ? undefined : new URL(origin).host } catch { host = undefined }
    if (host === undefined || host !== req.headers.host) throw new HttpError('forbidden', 'a live feed opened with the session cookie must come from a page of this server (Origin does not match Host)')
  }
  return caller
}

/** Sets the caller on the request, and on the audit rows written while it is served. */
export function admit (req: FastifyRequest, caller: Caller): void {
  req.caller = caller
  req.apiKey = caller
  const origin = requestOrigin.getStore()
  if (origin !== undefined) origin.actor = apiActor(caller)
}

/** A logged-in user acting on their own account (a key is nobody's account). */
function isOwnAccount (caller: Caller, req: FastifyRequest, param: string | undefined): boolean {
  if (param === undefined || caller.kind !== 'user') return false
  return String((req.params as Record<string, unknown> | undefined)?.[param]) === String(caller.id)
}

const contextResource = Symbol('flare-request-origin')

/**
 * API keys and browser sessions, with roles (admin > dispatcher > viewer). Also parses cookies, and
 * keeps each request's origin for the audit log.
 */
export const authPlugin = fp(async function auth (app: FastifyInstance, opts: AuthDeps) {
  await app.register(cookie)
  app.decorateRequest('caller', undefined)
  app.decorateRequest('apiKey', undefined)
  app.addHook('onRequest', (req, _reply, done) => {
    const origin: RequestOrigin = { ip: req.ip, userAgent: userAgentOf(req) }
    requestOrigin.run(origin, () => {
      // Body parsing resumes on the socket's events, outside this context: re-entered below.
      (req as any)[contextResource] = new AsyncResource('flare-request-origin')
      done()
    })
  })
  app.addHook('preValidation', (req, _reply, done) => {
    const resource: AsyncResource | undefined = (req as any)[contextResource]
    if (resource === undefined) done()
    else resource.runInAsyncScope(done, req.raw)
  })
  app.addHook('onRoute', routeDoor)
  app.decorate('requireRole', (role: ApiRole, roleOpts: RoleOptions = {}) => {
    const hook = async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
      try {
        const caller = await authenticateRequest(opts, req)
        if (RANK[caller.role] < RANK[role] && !isOwnAccount(caller, req, roleOpts.orSelf)) {
          const self = roleOpts.orSelf === undefined ? '' : ' (or to be the user themselves)'
          throw new HttpError('forbidden', `this needs the ${role} role${self}; ${caller.kind === 'user' ? 'your account' : 'the key'} has ${caller.role}`)
        }
        admit(req, caller)
      } catch (err) {
        if (err instanceof HttpError) {
          opts.metrics?.refusals.inc({ code: err.code })
          // A dead session's cookie is of no further use: the browser may drop it.
          if (err.code === 'session_expired' || (err.code === 'unauthorized' && sessionToken(req) !== undefined && req.headers.authorization === undefined)) {
            reply.clearCookie(SESSION_COOKIE, { path: '/' })
          }
        }
        throw err
      }
    }
    const door: Door = { role, ...(roleOpts.orSelf === undefined ? {} : { orSelf: roleOpts.orSelf }) }
    return Object.assign(hook, { [DOOR]: door })
  })
}, { name: 'flare-auth' })
