import type { FastifyInstance } from 'fastify'
import type pg from 'pg'
import { generateSecret } from '../identity/secrets.js'
import type { SecretDigest } from '../identity/secret-digest.js'
import { type PrincipalKind, rotateSecret } from '../identity/principals-repo.js'
import { errorSchema, HttpError } from './errors.js'

export interface SecretRotationOptions {
  pool: pg.Pool
  secrets: SecretDigest
  /** SECRET_ROTATION_GRACE_MINUTES: how long the old secret stays valid unless the request says */
  defaultGraceMinutes: number
  /** reads the principal again on this node at once (the others follow the change's notification) */
  reload?: (ids: string[]) => Promise<void>
}

const ROUTES: ReadonlyArray<{ path: string, kind: PrincipalKind }> = [
  { path: '/devices/:id/secret', kind: 'device' },
  { path: '/responders/:id/secret', kind: 'responder' },
  { path: '/contacts/:id/secret', kind: 'contact' }
]

/**
 * Secret rotation for MQTT principals: a new secret (shown once), the old one still accepted for a
 * grace period so a device in the field can be given the new one without a gap; a session that is
 * connected now stays connected. A leaked secret is rotated with grace 0.
 */
export async function secretRotationPlugin (app: FastifyInstance, opts: SecretRotationOptions): Promise<void> {
  for (const { path, kind } of ROUTES) {
    app.post<{ Params: { id: string }, Body: { graceMinutes?: number } | undefined }>(path, {
      onRequest: app.requireRole('admin'),
      schema: {
        tags: [`${kind}s`],
        summary: `A new MQTT secret for the ${kind}, shown only this once; the old one stays valid for graceMinutes (default SECRET_ROTATION_GRACE_MINUTES; 0 ends it now), and a connected session stays connected`,
        params: { type: 'object', properties: { id: { type: 'string' } } },
        body: { type: 'object', additionalProperties: false, properties: { graceMinutes: { type: 'integer', minimum: 0, maximum: 30 * 24 * 60 } } },
        response: {
          200: { type: 'object', properties: { id: { type: 'string' }, secret: { type: 'string' }, previousValidUntil: { type: ['string', 'null'], description: 'when the old secret stops being accepted; null: it already has' } } },
          404: errorSchema
        }
      }
    }, async (req) => {
      const graceMinutes = req.body?.graceMinutes ?? opts.defaultGraceMinutes
      const secret = generateSecret()
      const done = await rotateSecret(opts.pool, req.params.id, kind, opts.secrets.digest(secret), graceMinutes * 60)
      if (done === undefined) throw new HttpError('not_found', `no active ${kind} "${req.params.id}"`)
      await opts.reload?.([req.params.id])
      await app.audit(req, { action: `${kind}.rotate_secret`, targetType: kind, targetId: req.params.id, details: { graceMinutes } })
      return { id: req.params.id, secret, previousValidUntil: done.previousValidUntil?.toISOString() ?? null }
    })
  }
}
