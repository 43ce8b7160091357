import type { FastifyInstance } from 'fastify'
import { apiActor } from '../audit/log.js'
import type { MedicalProfileMessage } from '../codec/wire.js'
import { MedicalError, type MedicalVault } from '../persons/medical.js'
import { errorSchema, HttpError } from './errors.js'

export interface MedicalPluginOptions {
  vault: MedicalVault
}

const list = { type: 'array', maxItems: 50, items: { type: 'string', minLength: 1, maxLength: 200 } } as const

const profileSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    conditions: list,
    medication: list,
    allergies: list,
    bloodType: { type: 'string', enum: ['A+', 'A-', 'B+', 'B-', 'AB+', 'AB-', 'O+', 'O-'] },
    notes: { type: 'string', maxLength: 2000 }
  }
} as const

const idParams = { type: 'object', properties: { id: { type: 'string' } } } as const
const errors = { 403: errorSchema, 404: errorSchema, 500: errorSchema, 503: errorSchema }

/**
 * The medical profile over REST. Reads are for admin and dispatcher keys only (a viewer's dashboard
 * has no need for anyone's diagnoses) and every read is audited; writes and rotation are admin-only.
 */
export async function medicalPlugin (app: FastifyInstance, opts: MedicalPluginOptions): Promise<void> {
  const { vault } = opts

  // Without a key nothing here can work; say so plainly instead of failing deeper down.
  const needKey = async (): Promise<void> => {
    if (!vault.available()) throw new HttpError('medical_key_missing', 'MEDICAL_KEY is not set on this node: medical profiles are unavailable')
  }
  const mapped = <T>(fn: () => Promise<T>): Promise<T> => fn().catch((err) => {
    if (err instanceof MedicalError) throw new HttpError(err.code, err.message)
    throw err
  })

  app.put<{ Params: { id: string }, Body: MedicalProfileMessage }>('/persons/:id/medical', {
    onRequest: app.requireRole('admin'),
    preHandler: needKey,
    schema: {
      tags: ['persons'],
      summary: 'Store (replace) the medical profile, encrypted with MEDICAL_KEY',
      params: idParams,
      body: profileSchema,
      response: { 200: { type: 'object', properties: { personId: { type: 'string' }, keyId: { type: 'string' } } }, ...errors }
    }
  }, async (req) => {
    const stored = await mapped(() => vault.store(req.params.id, req.body, apiActor(req.apiKey)))
    if (stored === undefined) throw new HttpError('not_found', `no person "${req.params.id}"`)
    return { personId: req.params.id, keyId: stored.keyId }
  })

  app.get<{ Params: { id: string } }>('/persons/:id/medical', {
    onRequest: app.requireRole('dispatcher'),
    preHandler: needKey,
    schema: {
      tags: ['persons'],
      summary: 'The decrypted medical profile (admin and dispatcher keys; every read is audited)',
      params: idParams,
      response: { 200: { type: 'object', properties: { personId: { type: 'string' }, profile: profileSchema } }, ...errors }
    }
  }, async (req) => {
    const profile = await mapped(() => vault.readForApi(req.params.id, apiActor(req.apiKey)))
    if (profile === undefined) throw new HttpError('not_found', `person "${req.params.id}" does not exist or has no medical profile`)
    return { personId: req.params.id, profile }
  })

  app.delete<{ Params: { id: string } }>('/persons/:id/medical', {
    onRequest: app.requireRole('admin'),
    schema: { tags: ['persons'], summary: 'Erase the medical profile', params: idParams, response: { 204: { type: 'null' }, 404: errorSchema } }
  }, async (req, reply) => {
    if (!await vault.remove(req.params.id, apiActor(req.apiKey))) throw new HttpError('not_found', `person "${req.params.id}" does not exist or has no medical profile`)
    reply.code(204)
  })

  app.post('/admin/medical/reencrypt', {
    onRequest: app.requireRole('admin'),
    preHandler: needKey,
    schema: {
      tags: ['admin'],
      summary: 'Key rotation: re-encrypt every medical profile under the current MEDICAL_KEY (see docs/medical-key-rotation.md)',
      response: {
        200: { type: 'object', properties: { keyId: { type: 'string' }, reencrypted: { type: 'integer' }, fromKeyIds: { type: 'object', additionalProperties: { type: 'integer' } } } },
        ...errors
      }
    }
  }, async (req) => await mapped(() => vault.reencryptAll(apiActor(req.apiKey))))
}
