import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { randomBytes } from 'node:crypto'
import { Type, type Static } from 'typebox'
import type { AccountBook } from '../dc09/account-book.js'
import { AlarmAccountSchema, type AlarmAccountsRepo } from '../dc09/accounts-repo.js'
import { parseKey } from '../dc09/cipher.js'
import { DEFAULT_EVENT_MAP, EVENT_KEY, EVENT_TARGETS, type EventTarget } from '../dc09/event-map.js'
import { generateSecret } from '../identity/secrets.js'
import type { SecretDigest } from '../identity/secret-digest.js'
import { errorSchema, HttpError } from './errors.js'
import { isUniqueViolation, Nullable, pageOf, pageQuerySchema } from './schemas.js'

/** The fields an admin sets; the same schema for create (with the required ones) and PATCH (all optional). */
const Fields = {
  account: Type.String({ pattern: '^[0-9A-Fa-f]{3,16}$', description: 'the account number the panel sends (3-16 hex digits)' }),
  receiver: Nullable('string', { pattern: '^[0-9A-Fa-f]{1,6}$', description: 'only messages to this receiver number (R…)' }),
  line: Nullable('string', { pattern: '^[0-9A-Fa-f]{1,6}$', description: 'only messages on this line (L…)' }),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  key: Nullable('string', { description: 'AES key: 16/24/32 characters or 32/48/64 hex digits; set, the panel must encrypt', writeOnly: true }),
  personId: Nullable('string', { minLength: 1, maxLength: 64 }),
  lat: Nullable('number', { minimum: -90, maximum: 90 }),
  lon: Nullable('number', { minimum: -180, maximum: 180 }),
  address: Nullable('string', { minLength: 1, maxLength: 500 }),
  eventMap: Type.Unsafe<Record<string, EventTarget>>({
    type: 'object',
    propertyNames: { pattern: EVENT_KEY.source },
    additionalProperties: { type: 'string', enum: [...EVENT_TARGETS] },
    description: 'event code (cid:130, cid:130-139, sia:BA) → alert kind or ignore, over the defaults'
  }),
  quirks: Type.Object({
    crcIncludesCr: Type.Optional(Type.Boolean({ description: 'the panel computes the CRC over the body and the CR (some ELDES)' })),
    binaryCrc: Type.Optional(Type.Boolean({ description: 'the panel sends the CRC as two binary bytes (some Lupusec)' }))
  }, { additionalProperties: false }),
  supervisionS: Nullable('integer', { minimum: 0, maximum: 31 * 86400, description: 'silent longer than this raises DEVICE_OFFLINE; 0 never; null the rules\' default for panels' }),
  aheadS: Type.Integer({ minimum: 0, maximum: 86400 }),
  behindS: Type.Integer({ minimum: 0, maximum: 86400 })
}
const { account, name, ...optional } = Fields
const CreateBody = Type.Object({
  id: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' })),
  account,
  name,
  ...Object.fromEntries(Object.entries(optional).map(([k, v]) => [k, Type.Optional(v)])) as { [K in keyof typeof optional]: ReturnType<typeof Type.Optional<typeof optional[K]>> }
}, { additionalProperties: false })
const PatchBody = Type.Partial(Type.Object(Fields), { additionalProperties: false, minProperties: 1 })
type Create = Static<typeof CreateBody>
type Patch = Static<typeof PatchBody>
const Params = Type.Object({ id: Type.String() })

function check (b: Partial<Create>): void {
  if (b.key != null && parseKey(b.key) === undefined) throw new HttpError('bad_request', 'key: an AES key is 16, 24 or 32 characters, or 32, 48 or 64 hex digits')
  if ((b.lat === undefined) !== (b.lon === undefined) || (b.lat === null) !== (b.lon === null)) throw new HttpError('bad_request', 'lat and lon go together')
}

/** Alarm accounts: the panels that report over SIA DC-09 (gateway/dc09), each one a device of kind panel. */
export async function alarmAccountsPlugin (fastify: FastifyInstance, opts: { repo: AlarmAccountsRepo, book: AccountBook, secrets: SecretDigest }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const changed = async (): Promise<void> => { await opts.book.reload() }

  app.post('/alarm-accounts', {
    onRequest: app.requireRole('admin'),
    schema: { tags: ['alarm accounts'], summary: 'Provision an alarm panel\'s DC-09 account', body: CreateBody, response: { 201: AlarmAccountSchema, 400: errorSchema, 409: errorSchema } }
  }, async (req, reply) => {
    check(req.body)
    const id = req.body.id ?? `panel-${req.body.account.toLowerCase()}-${randomBytes(3).toString('hex')}`
    try {
      // A panel never connects over MQTT: its principal's secret is one nobody is given.
      const created = await opts.repo.create(id, req.body, opts.secrets.digest(generateSecret()))
      await app.audit(req, { action: 'alarm_account.create', targetType: 'alarm_account', targetId: id, details: { account: created.account, encrypted: created.encrypted } })
      await changed()
      reply.code(201)
      return created
    } catch (err) {
      if (isUniqueViolation(err)) throw new HttpError('conflict', `an active alarm account with number ${req.body.account.toUpperCase()} (and this receiver and line), or a principal "${id}", exists already`)
      throw err
    }
  })

  // Not under /alarm-accounts/: a static path there would hide an account of that id.
  app.get('/dc09/event-map', {
    onRequest: app.requireRole('viewer'),
    schema: {
      tags: ['alarm accounts'],
      summary: 'What an account\'s eventMap is laid over: the default mapping, and the alert kinds an event may become',
      response: { 200: Type.Object({ targets: Type.Array(Type.String()), defaults: Type.Record(Type.String(), Type.String()) }) }
    }
  }, async () => ({ targets: [...EVENT_TARGETS], defaults: DEFAULT_EVENT_MAP }))

  app.get('/alarm-accounts', {
    onRequest: app.requireRole('viewer'),
    schema: { tags: ['alarm accounts'], querystring: pageQuerySchema as any, response: { 200: Type.Object({ items: Type.Array(AlarmAccountSchema), next: Type.Union([Type.String(), Type.Null()]) }) } }
  }, async (req) => {
    const q = req.query as { after?: string, limit: number, includeRevoked: boolean }
    return pageOf(await opts.repo.list(q), q.limit)
  })

  app.get('/alarm-accounts/:id', {
    onRequest: app.requireRole('viewer'),
    schema: { tags: ['alarm accounts'], params: Params, response: { 200: AlarmAccountSchema, 404: errorSchema } }
  }, async (req) => {
    const a = await opts.repo.get(req.params.id)
    if (a === undefined) throw new HttpError('not_found', `no alarm account "${req.params.id}"`)
    return a
  })

  app.patch('/alarm-accounts/:id', {
    onRequest: app.requireRole('admin'),
    schema: { tags: ['alarm accounts'], params: Params, body: PatchBody, response: { 200: AlarmAccountSchema, 400: errorSchema, 404: errorSchema, 409: errorSchema } }
  }, async (req) => {
    const body: Patch = req.body
    check(body)
    let updated
    try {
      updated = await opts.repo.update(req.params.id, body)
    } catch (err) {
      if (isUniqueViolation(err)) throw new HttpError('conflict', 'another active alarm account has this number, receiver and line')
      throw err
    }
    if (updated === undefined) throw new HttpError('not_found', `no active alarm account "${req.params.id}"`)
    await app.audit(req, { action: 'alarm_account.update', targetType: 'alarm_account', targetId: req.params.id, details: { fields: Object.keys(body) } })
    await changed()
    return updated
  })

  app.delete('/alarm-accounts/:id', {
    onRequest: app.requireRole('admin'),
    schema: { tags: ['alarm accounts'], summary: 'Revoke: the receiver answers its messages DUH from now on', params: Params, response: { 204: Type.Null(), 404: errorSchema } }
  }, async (req, reply) => {
    if (!await opts.repo.revoke(req.params.id)) throw new HttpError('not_found', `no active alarm account "${req.params.id}"`)
    await app.audit(req, { action: 'alarm_account.revoke', targetType: 'alarm_account', targetId: req.params.id })
    await changed()
    reply.code(204)
  })
}
