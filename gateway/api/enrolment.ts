import type { FastifyInstance, FastifyRequest } from 'fastify'
import { Counter, type Registry } from 'prom-client'
import type pg from 'pg'
import { apiActor, audit } from '../audit/log.js'
import type { EnrolmentRefusal, EnrolmentsRepo } from '../identity/enrolments-repo.js'
import type { PrincipalKind } from '../identity/principals-repo.js'
import { errorSchema, HttpError, type HttpErrorCode } from './errors.js'

export interface EnrolmentPluginOptions {
  enrolments: EnrolmentsRepo
  pool: pg.Pool
  /** how long a link stays valid */
  ttlMs: number
  /** the address people reach Flare at, for the link; unset: the address the admin's request came to */
  publicUrl?: string
  /** drops the principal's live session wherever it is: the old secret is no longer valid */
  disconnect: (id: string) => Promise<void>
  registry?: Registry
}

const REFUSALS: Record<EnrolmentRefusal, { code: HttpErrorCode, message: string }> = {
  unknown: { code: 'enrolment_unknown', message: 'this enrolment link is not known: ask for a new one' },
  used: { code: 'enrolment_used', message: 'this enrolment link has been used already: ask for a new one' },
  expired: { code: 'enrolment_expired', message: 'this enrolment link has expired: ask for a new one' },
  cancelled: { code: 'enrolment_cancelled', message: 'this enrolment link was replaced by a newer one' },
  revoked: { code: 'enrolment_revoked', message: 'the device, responder or contact of this link has been revoked' }
}

const PATHS: Array<{ kind: PrincipalKind, path: string }> = [
  { kind: 'device', path: '/devices/:id/enrolment' },
  { kind: 'responder', path: '/responders/:id/enrolment' },
  { kind: 'contact', path: '/contacts/:id/enrolment' }
]

const linkSchema = {
  type: 'object',
  properties: { token: { type: 'string' }, url: { type: 'string' }, expiresAt: { type: 'string' }, principalId: { type: 'string' }, kind: { type: 'string' } }
} as const

const credentialsSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    kind: { type: 'string', enum: ['device', 'responder', 'contact'] },
    secret: { type: 'string' },
    name: { type: ['string', 'null'] },
    language: { type: 'string', enum: ['en', 'af'] },
    codec: { type: 'string', enum: ['protobuf', 'json'] },
    mqtt: { type: 'object', properties: { path: { type: 'string' }, clientId: { type: 'string' }, username: { type: 'string' } } }
  }
} as const

/** The origin people open the link at: PUBLIC_URL, else the one this request came to. */
function originOf (req: FastifyRequest, publicUrl: string | undefined): string {
  if (publicUrl !== undefined) return publicUrl.replace(/\/+$/, '')
  return `${req.protocol}://${req.host}`
}

/**
 * One-time enrolment of the field app: an admin makes a link for a device, responder or contact;
 * the app exchanges its token once (POST /enrol) for the credentials. The token travels in the
 * link's fragment (`/app/#enrol=…`), which browsers never send to a server or write to its logs.
 */
export async function enrolmentPlugin (app: FastifyInstance, opts: EnrolmentPluginOptions): Promise<void> {
  const outcomes = new Counter({
    name: 'flare_enrolments_total',
    help: 'Enrolment links made and exchanges, by result (created, enrolled, or why refused)',
    labelNames: ['result'],
    registers: opts.registry === undefined ? [] : [opts.registry]
  })

  for (const { kind, path } of PATHS) {
    app.post<{ Params: { id: string } }>(path, {
      onRequest: app.requireRole('admin'),
      schema: {
        tags: ['enrolment'],
        summary: `A one-time enrolment link for this ${kind}'s field app; using it gives the ${kind} a new secret`,
        params: { type: 'object', properties: { id: { type: 'string' } } },
        response: { 201: linkSchema, 404: errorSchema }
      }
    }, async (req, reply) => {
      const made = await opts.enrolments.create(kind, req.params.id, opts.ttlMs, apiActor(req.apiKey))
      if (made === undefined) throw new HttpError('not_found', `no active ${kind} "${req.params.id}"`)
      await app.audit(req, { action: 'enrolment.create', targetType: kind, targetId: req.params.id, details: { enrolmentId: made.enrolment.id, expiresAt: made.enrolment.expiresAt } })
      outcomes.inc({ result: 'created' })
      reply.code(201)
      return {
        token: made.token,
        url: `${originOf(req, opts.publicUrl)}/app/#enrol=${made.token}`,
        expiresAt: made.enrolment.expiresAt,
        principalId: req.params.id,
        kind
      }
    })
  }

  app.post<{ Body: { token: string } }>('/enrol', {
    schema: {
      tags: ['enrolment'],
      summary: 'Exchange an enrolment token, once, for the credentials of its device, responder or contact',
      body: { type: 'object', required: ['token'], additionalProperties: false, properties: { token: { type: 'string', minLength: 1, maxLength: 200 } } },
      response: { 200: credentialsSchema, 404: errorSchema, 410: errorSchema }
    }
  }, async (req) => {
    const result = await opts.enrolments.redeem(req.body.token)
    if ('refused' in result) {
      outcomes.inc({ result: result.refused })
      const r = REFUSALS[result.refused]
      throw new HttpError(r.code, r.message)
    }
    const c = result.credentials
    await opts.disconnect(c.id)
    // The actor is the principal itself: nobody is logged in on a phone that opens its link.
    await audit(opts.pool, { actor: `${c.kind}:${c.id}`, action: 'enrolment.use', targetType: c.kind, targetId: c.id, details: { address: req.ip, userAgent: req.headers['user-agent'] ?? null } })
    outcomes.inc({ result: 'enrolled' })
    return { ...c, mqtt: { path: '/mqtt', clientId: c.id, username: c.id } }
  })
}
