import type { FastifyInstance } from 'fastify'
import { randomBytes } from 'node:crypto'
import { apiActor, audit } from '../audit/log.js'
import { generateSecret } from '../identity/secrets.js'
import type { SecretDigest } from '../identity/secret-digest.js'
import { LANGUAGES, PersonsRepo, type Language } from '../persons/repo.js'
import type { Database } from '../storage/database.js'
import { errorSchema, HttpError } from './errors.js'
import { isUniqueViolation, pageOf, principalIdSchema } from './schemas.js'

export interface PersonsPluginOptions {
  db: Database
  /** disconnects a revoked contact's live MQTT session wherever it is */
  /** stores the generated secrets as digests */
  secrets: SecretDigest
  revokeSession: (id: string) => Promise<void>
}

const personSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    language: { type: 'string', enum: LANGUAGES },
    phone: { type: ['string', 'null'] },
    hasMedicalProfile: { type: 'boolean' },
    medicalKeyId: { type: ['string', 'null'] },
    createdAt: { type: 'string' },
    updatedAt: { type: 'string' },
    devices: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, kind: { type: 'string' }, name: { type: ['string', 'null'] }, revokedAt: { type: ['string', 'null'] } } } }
  }
} as const

const contactSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    personId: { type: 'string' },
    name: { type: 'string' },
    language: { type: 'string', enum: LANGUAGES },
    relation: { type: ['string', 'null'] },
    createdAt: { type: 'string' },
    revokedAt: { type: ['string', 'null'] }
  }
} as const

const personFields = {
  name: { type: 'string', minLength: 1, maxLength: 200 },
  language: { type: 'string', enum: LANGUAGES, default: 'en', description: 'language of texts about this person' },
  phone: { type: ['string', 'null'], pattern: '^\\+?[0-9][0-9 ()-]{2,31}$' }
} as const

const idParams = { type: 'object', properties: { id: { type: 'string' } } } as const

interface PersonBody { id?: string, name: string, language: Language, phone?: string | null }

/** Persons (who own devices) and their emergency contacts. The medical profile is in medical.ts. */
export async function personsPlugin (app: FastifyInstance, opts: PersonsPluginOptions): Promise<void> {
  const persons = new PersonsRepo(opts.db.pool)
  const { pool } = opts.db

  app.post<{ Body: PersonBody }>('/persons', {
    onRequest: app.requireRole('admin'),
    schema: {
      tags: ['persons'],
      summary: 'Create a person; devices refer to it by personId',
      body: { type: 'object', required: ['name'], additionalProperties: false, properties: { id: principalIdSchema, ...personFields } },
      response: { 201: personSchema, 409: errorSchema }
    }
  }, async (req, reply) => {
    const id = req.body.id ?? `person-${randomBytes(6).toString('hex')}`
    try {
      const person = await persons.create({ ...req.body, id })
      await audit(pool, { actor: apiActor(req.apiKey), action: 'person.create', targetType: 'person', targetId: id })
      reply.code(201)
      return person
    } catch (err) {
      if (isUniqueViolation(err)) throw new HttpError('conflict', `a person with id "${id}" exists already`)
      throw err
    }
  })

  app.get<{ Querystring: { after?: string, limit: number } }>('/persons', {
    onRequest: app.requireRole('dispatcher'),
    schema: {
      tags: ['persons'],
      querystring: { type: 'object', additionalProperties: false, properties: { after: { type: 'string' }, limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } } },
      response: { 200: { type: 'object', properties: { items: { type: 'array', items: personSchema }, next: { type: ['string', 'null'] } } } }
    }
  }, async (req) => {
    const items = await persons.list(req.query)
    return pageOf(items, req.query.limit)
  })

  app.get<{ Params: { id: string } }>('/persons/:id', {
    onRequest: app.requireRole('dispatcher'),
    schema: { tags: ['persons'], summary: 'A person with the devices that name it', params: idParams, response: { 200: personSchema, 404: errorSchema } }
  }, async (req) => {
    const person = await persons.get(req.params.id)
    if (person === undefined) throw new HttpError('not_found', `no person "${req.params.id}"`)
    return { ...person, devices: await persons.devices(person.id) }
  })

  app.put<{ Params: { id: string }, Body: PersonBody }>('/persons/:id', {
    onRequest: app.requireRole('admin'),
    schema: {
      tags: ['persons'],
      summary: 'Replace a person\'s name, language and phone (an omitted phone is cleared)',
      params: idParams,
      body: { type: 'object', required: ['name'], additionalProperties: false, properties: personFields },
      response: { 200: personSchema, 404: errorSchema }
    }
  }, async (req) => {
    const person = await persons.update(req.params.id, req.body)
    if (person === undefined) throw new HttpError('not_found', `no person "${req.params.id}"`)
    await audit(pool, { actor: apiActor(req.apiKey), action: 'person.update', targetType: 'person', targetId: person.id })
    return person
  })

  app.post<{ Params: { id: string }, Body: { id?: string, name: string, language: Language, relation?: string } }>('/persons/:id/contacts', {
    onRequest: app.requireRole('admin'),
    schema: {
      tags: ['contacts'],
      summary: 'Add an emergency contact; the response carries its MQTT secret (subscribe to notify/{id}), shown only this once',
      params: idParams,
      body: {
        type: 'object',
        required: ['name'],
        additionalProperties: false,
        properties: {
          id: principalIdSchema,
          name: { type: 'string', minLength: 1, maxLength: 200 },
          language: { type: 'string', enum: LANGUAGES, default: 'en', description: 'language of the notices this contact receives' },
          relation: { type: 'string', maxLength: 100 }
        }
      },
      response: { 201: { type: 'object', properties: { contact: contactSchema, secret: { type: 'string' } } }, 404: errorSchema, 409: errorSchema }
    }
  }, async (req, reply) => {
    const id = req.body.id ?? `contact-${randomBytes(6).toString('hex')}`
    const secret = generateSecret()
    let contact
    try {
      contact = await persons.createContact({ ...req.body, id, personId: req.params.id }, opts.secrets.digest(secret))
    } catch (err) {
      if (isUniqueViolation(err)) throw new HttpError('conflict', `a device, responder or contact with id "${id}" exists already`)
      throw err
    }
    if (contact === undefined) throw new HttpError('not_found', `no person "${req.params.id}"`)
    await audit(pool, { actor: apiActor(req.apiKey), action: 'contact.create', targetType: 'contact', targetId: id, details: { personId: req.params.id } })
    reply.code(201)
    return { contact, secret }
  })

  app.get<{ Params: { id: string }, Querystring: { includeRevoked: boolean } }>('/persons/:id/contacts', {
    onRequest: app.requireRole('dispatcher'),
    schema: {
      tags: ['contacts'],
      params: idParams,
      querystring: { type: 'object', additionalProperties: false, properties: { includeRevoked: { type: 'boolean', default: false } } },
      response: { 200: { type: 'object', properties: { items: { type: 'array', items: contactSchema } } }, 404: errorSchema }
    }
  }, async (req) => {
    if (await persons.get(req.params.id) === undefined) throw new HttpError('not_found', `no person "${req.params.id}"`)
    return { items: await persons.contacts(req.params.id, req.query.includeRevoked) }
  })

  app.get<{ Params: { id: string } }>('/contacts/:id', {
    onRequest: app.requireRole('dispatcher'),
    schema: { tags: ['contacts'], params: idParams, response: { 200: contactSchema, 404: errorSchema } }
  }, async (req) => {
    const contact = await persons.contact(req.params.id)
    if (contact === undefined) throw new HttpError('not_found', `no contact "${req.params.id}"`)
    return contact
  })

  app.delete<{ Params: { id: string } }>('/contacts/:id', {
    onRequest: app.requireRole('admin'),
    schema: { tags: ['contacts'], summary: 'Revoke a contact: no more notices, refuses new connections and drops its live session', params: idParams, response: { 204: { type: 'null' }, 404: errorSchema } }
  }, async (req, reply) => {
    if (!await persons.revokeContact(req.params.id)) throw new HttpError('not_found', `no active contact "${req.params.id}"`)
    await audit(pool, { actor: apiActor(req.apiKey), action: 'contact.revoke', targetType: 'contact', targetId: req.params.id })
    await opts.revokeSession(req.params.id)
    reply.code(204)
  })
}
