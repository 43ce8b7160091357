import type { FastifyInstance } from 'fastify'
import type pg from 'pg'
import { apiActor } from '../audit/log.js'
import type { MedicalVault } from '../persons/medical.js'
import { MedicalError } from '../persons/medical.js'
import { erasePerson } from '../persons/erasure.js'
import { exportPerson } from '../persons/export.js'
import { errorSchema, HttpError } from './errors.js'

export interface PersonRightsOptions {
  pool: pg.Pool
  vault: MedicalVault
  /** closes an erased contact's live MQTT session wherever it is */
  revokeSession: (id: string) => Promise<void>
}

const idParams = { type: 'object', properties: { id: { type: 'string' } } } as const
const counts = { type: 'object', additionalProperties: { type: 'integer' } } as const

/**
 * A person's rights over their data (docs/privacy.md): the export of everything Flare holds about
 * them, and the erasure. Admins only; both audited.
 */
export async function personRightsPlugin (app: FastifyInstance, opts: PersonRightsOptions): Promise<void> {
  app.get<{ Params: { id: string } }>('/persons/:id/export', {
    onRequest: app.requireRole('admin'),
    schema: {
      tags: ['persons'],
      summary: 'Everything Flare holds about the person, their contacts, devices, alarm accounts, incidents, alerts, pending notices and audit entries, as one JSON document; the medical profile decrypted (the read audited)',
      params: idParams,
      // The document is serialised as it is: every field it carries.
      response: { 200: { type: 'object', additionalProperties: true }, 404: errorSchema }
    }
  }, async (req, reply) => {
    const data = await exportPerson(opts.pool, req.params.id)
    if (data === undefined) throw new HttpError('not_found', `no person "${req.params.id}"`)
    let medicalProfile: unknown = null
    let medicalError: string | null = null
    if (data.person.medicalKeyId !== null) {
      try {
        medicalProfile = await opts.vault.readForApi(req.params.id, apiActor(req.caller)) ?? null
      } catch (err) {
        // The rest of the export is still theirs: say why the profile is missing rather than fail it.
        if (!(err instanceof MedicalError)) throw err
        medicalError = `${err.code}: ${err.message}`
      }
    }
    await app.audit(req, { action: 'person.export', targetType: 'person', targetId: req.params.id })
    reply.header('content-disposition', `attachment; filename="flare-person-${req.params.id}.json"`)
    return { exportedAt: new Date().toISOString(), ...data, medicalProfile, medicalError }
  })

  app.delete<{ Params: { id: string } }>('/persons/:id', {
    onRequest: app.requireRole('admin'),
    schema: {
      tags: ['persons'],
      summary: 'Erase the person: their row, medical profile and contacts go; their devices and incidents stay without anything that names or places them; one transaction, audited (person.erase); refused while an incident of theirs is open',
      params: idParams,
      response: { 200: { type: 'object', properties: { erased: { type: 'string' }, removed: counts } }, 404: errorSchema, 409: errorSchema }
    }
  }, async (req) => {
    const result = await erasePerson(opts.pool, req.params.id, apiActor(req.caller))
    if (result.outcome === 'not_found') throw new HttpError('not_found', `no person "${req.params.id}"`)
    if (result.outcome === 'open_incidents') {
      throw new HttpError('person_has_open_incidents', `person "${req.params.id}" has open incidents (${result.numbers.join(', ')}): erase once they are resolved or cancelled`)
    }
    for (const id of result.contactIds) await opts.revokeSession(id)
    return { erased: req.params.id, removed: result.report }
  })
}
