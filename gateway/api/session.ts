import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { audit, userActor } from '../audit/log.js'
import type { LoginThrottle } from '../identity/login-throttle.js'
import { verifyNothing, verifyPassword } from '../identity/passwords.js'
import { csrfTokenOf, type Session, type SessionsRepo } from '../identity/sessions-repo.js'
import { LanguageSchema, RoleSchema, type UsersRepo } from '../identity/users-repo.js'
import type pg from 'pg'
import { SESSION_COOKIE, sameToken, sessionCaller, sessionToken } from './auth.js'
import type { AuthMetrics } from './auth-metrics.js'
import { errorSchema, HttpError } from './errors.js'

export interface SessionPluginOptions {
  pool: pg.Pool
  users: UsersRepo
  sessions: SessionsRepo
  throttle: LoginThrottle
  metrics: AuthMetrics
}

export const SessionSchema = Type.Object({
  user: Type.Object({ id: Type.Integer(), username: Type.String(), name: Type.String(), role: RoleSchema, language: LanguageSchema }),
  csrfToken: Type.String({ description: 'send as X-CSRF-Token on every POST, PUT, PATCH and DELETE made with the cookie' }),
  idleExpiresAt: Type.String({ description: 'when the session ends unless used before' }),
  expiresAt: Type.String({ description: 'when it ends whatever happens (SESSION_MAX_HOURS after login)' })
})

function sessionBody (s: Session, token: string): unknown {
  const { id, username, name, role, language } = s.user
  return { user: { id, username, name, role, language }, csrfToken: csrfTokenOf(token), idleExpiresAt: s.idleExpiresAt.toISOString(), expiresAt: s.expiresAt.toISOString() }
}

function userAgentOf (req: FastifyRequest): string | null {
  const ua = req.headers['user-agent']
  return typeof ua === 'string' && ua !== '' ? ua.slice(0, 512) : null
}

/** POST /session logs in, GET /session tells the console who it is, DELETE /session logs out. */
export async function sessionPlugin (app: FastifyInstance, opts: SessionPluginOptions): Promise<void> {
  const { users, sessions, throttle, metrics, pool } = opts

  const tooMany = (reply: FastifyReply, retryAfterMs: number, scope: string): never => {
    const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000))
    reply.header('retry-after', String(seconds))
    throw new HttpError('too_many_attempts', `too many failed logins for this ${scope === 'user' ? 'username' : 'address'}: try again in ${seconds} s`, { retryAfterS: seconds })
  }

  app.post<{ Body: { username: string, password: string } }>('/session', {
    // Failed logins have their own throttle (per username and address, with its own answer).
    config: { rateLimit: false },
    schema: {
      tags: ['people'],
      summary: 'Log in: sets the HttpOnly session cookie and answers with the CSRF token',
      security: [],
      body: Type.Object({
        username: Type.String({ minLength: 1, maxLength: 200 }),
        password: Type.String({ minLength: 1, maxLength: 1024 })
      }, { additionalProperties: false }),
      response: { 200: SessionSchema, 401: errorSchema, 403: errorSchema, 429: errorSchema }
    }
  }, async (req, reply) => {
    const { username, password } = req.body
    const ip = req.ip
    const userAgent = userAgentOf(req)
    const origin = { ip, userAgent }
    const lock = await throttle.locked(username, ip)
    if (lock !== undefined) {
      // Refused unheard, a right password too; not audited one by one (the lockout was).
      metrics.loginFailures.inc({ reason: 'locked' })
      tooMany(reply, lock.retryAfterMs, lock.scope)
    }
    const found = await users.credentials(username)
    const ok = found === undefined ? await verifyNothing(password) : await verifyPassword(password, found.passwordHash)
    if (!ok) {
      const reason = found === undefined ? 'unknown_user' : 'wrong_password'
      metrics.loginFailures.inc({ reason })
      const actor = found === undefined ? 'anonymous' : userActor(found.user)
      await audit(pool, { actor, action: 'session.login_failed', targetType: 'user', targetId: found === undefined ? null : String(found.user.id), details: { username, reason }, ...origin })
      const started = await throttle.failed(username, ip)
      if (started !== undefined) {
        metrics.lockouts.inc({ scope: started.scope })
        await audit(pool, { actor, action: 'session.lockout', targetType: started.scope === 'user' ? 'user' : 'address', targetId: started.scope === 'user' ? username.toLowerCase() : ip, details: { username, seconds: Math.ceil(started.retryAfterMs / 1000) }, ...origin })
        tooMany(reply, started.retryAfterMs, started.scope)
      }
      throw new HttpError('invalid_credentials', 'wrong username or password')
    }
    const { user } = found!
    if (user.disabled) {
      metrics.loginFailures.inc({ reason: 'disabled' })
      await audit(pool, { actor: userActor(user), action: 'session.login_refused', targetType: 'user', targetId: String(user.id), details: { reason: 'disabled' }, ...origin })
      throw new HttpError('account_disabled', 'this account is disabled: ask an administrator')
    }
    await throttle.succeeded(username)
    // A login over an older session of this browser replaces it rather than leaving it to time out.
    const previous = sessionToken(req)
    if (previous !== undefined) await sessions.remove(previous)
    const { token, session } = await sessions.create(user.id, ip, userAgent ?? undefined)
    metrics.logins.inc()
    await audit(pool, { actor: userActor(user), action: 'session.login', targetType: 'user', targetId: String(user.id), ...origin })
    reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', path: '/', secure: req.protocol === 'https' })
    return sessionBody(session, token)
  })

  app.get('/session', {
    schema: {
      tags: ['people'],
      summary: 'The logged-in user and the session\'s CSRF token (the same as at login)',
      response: { 200: SessionSchema, 401: errorSchema }
    }
  }, async (req, reply) => {
    const token = sessionToken(req)
    if (token === undefined) {
      metrics.refusals.inc({ code: 'unauthorized' })
      throw new HttpError('unauthorized', 'not logged in')
    }
    try {
      const caller = await sessionCaller(sessions, req, token)
      return sessionBody(caller.session!, token)
    } catch (err) {
      if (err instanceof HttpError) {
        metrics.refusals.inc({ code: err.code })
        reply.clearCookie(SESSION_COOKIE, { path: '/' })
      }
      throw err
    }
  })

  app.delete('/session', {
    schema: { tags: ['people'], summary: 'Log out: ends the session and clears the cookie', response: { 204: Type.Null(), 403: errorSchema } }
  }, async (req, reply) => {
    const token = sessionToken(req)
    if (token !== undefined) {
      const found = await sessions.find(token)
      // A live session is ended only with its CSRF token (another site must not log the user out);
      // a dead one has nothing left to protect.
      if (found.ok) {
        const sent = req.headers['x-csrf-token']
        if (typeof sent !== 'string' || !sameToken(sent, csrfTokenOf(token))) {
          metrics.refusals.inc({ code: 'csrf_invalid' })
          throw new HttpError('csrf_invalid', 'missing or wrong X-CSRF-Token header (the csrfToken of POST or GET /api/v1/session)')
        }
        await audit(pool, { actor: userActor(found.session.user), action: 'session.logout', targetType: 'user', targetId: String(found.session.user.id), ip: req.ip, userAgent: userAgentOf(req) })
      }
      await sessions.remove(token)
    }
    reply.clearCookie(SESSION_COOKIE, { path: '/' })
    reply.code(204)
  })
}
