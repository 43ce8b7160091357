import type { FastifyInstance, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import type { ApiRole } from '../identity/api-keys-repo.js'
import type { LoginThrottle } from '../identity/login-throttle.js'
import { hashPassword, PASSWORD_MAX, PASSWORD_MIN, verifyPassword } from '../identity/passwords.js'
import { LanguageSchema, RoleSchema, UserSchema, UsernameSchema, type Language, type UserChanges, type UsersRepo } from '../identity/users-repo.js'
import type { AuthMetrics } from './auth-metrics.js'
import type { Caller } from './auth.js'
import { errorSchema, HttpError } from './errors.js'
import { isUniqueViolation } from './schemas.js'

export interface UsersPluginOptions {
  users: UsersRepo
  throttle: LoginThrottle
  metrics: AuthMetrics
}

const PasswordSchema = Type.String({ minLength: PASSWORD_MIN, maxLength: PASSWORD_MAX, description: `${PASSWORD_MIN} to ${PASSWORD_MAX} characters` })
const NameSchema = Type.String({ minLength: 1, maxLength: 200 })
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) })

interface NewUserBody { username: string, password: string, role: ApiRole, name: string, language?: Language }
interface PatchBody { name?: string, role?: ApiRole, language?: Language, disabled?: boolean, password?: string, currentPassword?: string }

/** Fields a user may change on their own account; the rest is for admins. */
const SELF_FIELDS = new Set(['language', 'password', 'currentPassword'])

/** Users: admins manage them; a user reads their own and changes their own language and password. */
export async function usersPlugin (app: FastifyInstance, opts: UsersPluginOptions): Promise<void> {
  const { users, metrics, throttle } = opts

  const forbid = (message: string): never => {
    metrics.refusals.inc({ code: 'forbidden' })
    throw new HttpError('forbidden', message)
  }
  const isSelf = (c: Caller | undefined, id: number): boolean => c?.kind === 'user' && c.id === id

  app.post<{ Body: NewUserBody }>('/users', {
    onRequest: app.requireRole('admin'),
    schema: {
      tags: ['people'],
      summary: 'Create a user who logs in to the console',
      body: Type.Object({ username: UsernameSchema, password: PasswordSchema, role: RoleSchema, name: NameSchema, language: Type.Optional(LanguageSchema) }, { additionalProperties: false }),
      response: { 201: UserSchema, 409: errorSchema }
    }
  }, async (req, reply) => {
    const b = req.body
    let user
    try {
      user = await users.create({ username: b.username, name: b.name, role: b.role, language: b.language }, await hashPassword(b.password))
    } catch (err) {
      if (isUniqueViolation(err)) throw new HttpError('conflict', `the username "${b.username}" is taken (usernames are the same whatever their case)`)
      throw err
    }
    await app.audit(req, { action: 'user.create', targetType: 'user', targetId: String(user.id), details: { username: user.username, name: user.name, role: user.role, language: user.language } })
    reply.code(201)
    return user
  })

  app.get<{ Querystring: { after?: number, limit: number } }>('/users', {
    onRequest: app.requireRole('admin'),
    schema: {
      tags: ['people'],
      querystring: Type.Object({
        after: Type.Optional(Type.Integer({ minimum: 0, description: 'cursor: the `next` value of the previous page' })),
        limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 })
      }, { additionalProperties: false }),
      response: { 200: Type.Object({ items: Type.Array(UserSchema), next: Type.Union([Type.Integer(), Type.Null()]) }) }
    }
  }, async (req) => {
    const items = await users.list(req.query)
    return { items, next: items.length === req.query.limit ? items[items.length - 1].id : null }
  })

  app.get<{ Params: { id: number } }>('/users/:id', {
    onRequest: app.requireRole('admin', { orSelf: 'id' }),
    schema: { tags: ['people'], summary: 'A user (admins: anyone; others: themselves)', params: IdParams, response: { 200: UserSchema, 403: errorSchema, 404: errorSchema } }
  }, async (req) => {
    if (req.caller?.role !== 'admin' && !isSelf(req.caller, req.params.id)) forbid('only an admin may read another user')
    const user = await users.get(req.params.id)
    if (user === undefined) throw new HttpError('not_found', `no user ${req.params.id}`)
    return user
  })

  app.patch<{ Params: { id: number }, Body: PatchBody }>('/users/:id', {
    onRequest: app.requireRole('admin', { orSelf: 'id' }),
    schema: {
      tags: ['people'],
      summary: 'Change a user (admins: anything; a user: their own language and password, the latter with currentPassword)',
      params: IdParams,
      body: Type.Object({
        name: Type.Optional(NameSchema),
        role: Type.Optional(RoleSchema),
        language: Type.Optional(LanguageSchema),
        disabled: Type.Optional(Type.Boolean({ description: 'true ends every session of the user at once' })),
        password: Type.Optional(PasswordSchema),
        currentPassword: Type.Optional(Type.String({ maxLength: 1024, description: 'needed to change your own password' }))
      }, { additionalProperties: false, minProperties: 1 }),
      response: { 200: UserSchema, 403: errorSchema, 404: errorSchema }
    }
  }, async (req) => {
    const { id } = req.params
    const b = req.body
    const caller = req.caller
    const self = isSelf(caller, id)
    if (caller?.role !== 'admin') {
      if (!self) forbid('only an admin may change another user')
      const other = Object.keys(b).find(k => !SELF_FIELDS.has(k))
      if (other !== undefined) forbid(`only an admin may change "${other}"; you may change your own language and password`)
    }
    if (b.password !== undefined && self) await checkCurrentPassword(req, id, b.currentPassword)
    const changes: UserChanges = { name: b.name, role: b.role, language: b.language, disabled: b.disabled }
    if (b.password !== undefined) changes.passwordHash = await hashPassword(b.password)
    // Changing your own password keeps you logged in here and logs you out everywhere else.
    const user = await users.update(id, changes, self ? caller?.session?.digest : undefined)
    if (user === undefined) throw new HttpError('not_found', `no user ${id}`)
    const { password, currentPassword, ...rest } = b
    await app.audit(req, { action: 'user.update', targetType: 'user', targetId: String(id), details: { ...rest, ...(password !== undefined ? { password: 'changed' } : {}) } })
    return user
  })

  app.delete<{ Params: { id: number } }>('/users/:id', {
    onRequest: app.requireRole('admin'),
    schema: { tags: ['people'], summary: 'Delete a user; their sessions end at once', params: IdParams, response: { 204: Type.Null(), 404: errorSchema } }
  }, async (req, reply) => {
    const user = await users.remove(req.params.id)
    if (user === undefined) throw new HttpError('not_found', `no user ${req.params.id}`)
    await app.audit(req, { action: 'user.delete', targetType: 'user', targetId: String(user.id), details: { username: user.username } })
    reply.code(204)
  })

  /** A stolen session must not be enough to take the account: your own new password needs the old one. */
  async function checkCurrentPassword (req: FastifyRequest, id: number, current: string | undefined): Promise<void> {
    const username = req.caller?.username ?? ''
    const lock = await throttle.locked(username, req.ip)
    if (lock !== undefined) {
      metrics.loginFailures.inc({ reason: 'locked' })
      throw new HttpError('too_many_attempts', `too many wrong passwords: try again in ${Math.ceil(lock.retryAfterMs / 1000)} s`)
    }
    if (current === undefined) throw new HttpError('bad_request', 'changing your own password needs currentPassword')
    const hash = await users.passwordHash(id)
    if (hash === undefined || !await verifyPassword(current, hash)) {
      metrics.loginFailures.inc({ reason: 'wrong_password' })
      await throttle.failed(username, req.ip)
      throw new HttpError('wrong_password', 'currentPassword is not your password')
    }
  }
}
