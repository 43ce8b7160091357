import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { apiActor } from '../audit/log.js'
import { IncidentEnded, UnknownCategory, UnknownPerson, type DispatcherIncidents } from '../dispatch/dispatcher-incidents.js'
import type { AlertsRepo } from '../incidents/alerts-repo.js'
import { IncidentSchema, type Incident } from '../incidents/incident.js'
import type { IncidentsRepo } from '../incidents/repo.js'
import { IncidentNotFound } from '../incidents/state-machine.js'
import { detailOf, IncidentDetailSchema } from './incidents.js'
import { errorSchema, HttpError } from './errors.js'

const Lat = Type.Number({ minimum: -90, maximum: 90 })
const Lon = Type.Number({ minimum: -180, maximum: 180 })
const Text = (maxLength: number): ReturnType<typeof Type.String> => Type.String({ minLength: 1, maxLength })
const NullableText = (maxLength: number): ReturnType<typeof Type.Unsafe<string | null>> =>
  Type.Unsafe<string | null>({ type: ['string', 'null'], minLength: 1, maxLength, description: 'null clears it' })
const Kind = Type.Unsafe<'PANIC' | 'DURESS' | 'FALL' | 'MEDICAL' | 'FIRE' | 'TAMPER'>({
  type: 'string',
  enum: ['PANIC', 'DURESS', 'FALL', 'MEDICAL', 'FIRE', 'TAMPER'],
  description: 'the alert kind the report amounts to; picks the rule among those of the category (default: the first)'
})

const CreateBodySchema = Type.Object({
  category: Type.String({ minLength: 1, maxLength: 64, description: 'a category of the rules in force; its first rule gives the dispatch policy' }),
  kind: Type.Optional(Kind),
  priority: Type.Optional(Type.Integer({ minimum: 1, maximum: 5, description: "default: the rule's" })),
  description: Type.Optional(Text(5000)),
  lat: Type.Optional(Lat),
  lon: Type.Optional(Lon),
  address: Type.Optional(Text(500)),
  source: Type.Unsafe<'phone' | 'walk_in' | 'radio' | 'other'>({ type: 'string', enum: ['phone', 'walk_in', 'radio', 'other'] }),
  personId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  callerName: Type.Optional(Text(200)),
  callerPhone: Type.Optional(Text(64))
}, { additionalProperties: false, dependencies: { lat: ['lon'], lon: ['lat'] } })

const PatchBodySchema = Type.Object({
  description: Type.Optional(NullableText(5000)),
  address: Type.Optional(NullableText(500)),
  category: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  priority: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
  lat: Type.Optional(Lat),
  lon: Type.Optional(Lon)
}, { additionalProperties: false, minProperties: 1, dependencies: { lat: ['lon'], lon: ['lat'] } })

/** Turns the refusals of dispatcher incidents into HTTP errors with their own codes. */
async function run<T> (fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (err) {
    if (err instanceof UnknownCategory) throw new HttpError('unknown_category', err.message, { known: err.known })
    if (err instanceof UnknownPerson) throw new HttpError('unknown_person', err.message)
    if (err instanceof IncidentEnded) throw new HttpError('incident_ended', err.message, { state: err.state })
    if (err instanceof IncidentNotFound) throw new HttpError('not_found', err.message)
    throw err
  }
}

/** The actor a dispatcher's change is recorded under (timeline and audit): the API key or the user. */
const actorOf = (req: FastifyRequest): string => apiActor(req.caller)

/** Incidents dispatchers open from a phone call or a walk-in, and their corrections to any incident. */
export async function incidentReportsPlugin (fastify: FastifyInstance, opts: { reports: DispatcherIncidents, incidents: IncidentsRepo, alerts: AlertsRepo }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()

  app.post('/incidents', {
    onRequest: app.requireRole('dispatcher'),
    schema: {
      tags: ['incidents'],
      summary: 'Open an incident from a phone call, a walk-in or the radio; it is dispatched like an alert\'s',
      body: CreateBodySchema,
      response: { 201: IncidentDetailSchema, 400: errorSchema }
    }
  }, async (req, reply) => {
    const id = await run(async () => await opts.reports.create(req.body, actorOf(req)))
    const incident = await opts.incidents.get(id) as Incident
    reply.code(201)
    return await detailOf(opts, incident)
  })

  app.patch('/incidents/:id', {
    onRequest: app.requireRole('dispatcher'),
    schema: {
      tags: ['incidents'],
      summary: 'Correct an incident: description, address, category, priority, location; a timeline entry per change',
      params: Type.Object({ id: Type.String() }),
      body: PatchBodySchema,
      response: { 200: IncidentSchema, 400: errorSchema, 404: errorSchema, 409: errorSchema }
    }
  }, async (req) => {
    const found = await opts.incidents.get(req.params.id)
    if (found === undefined) throw new HttpError('not_found', `no incident "${req.params.id}"`)
    await run(async () => { await opts.reports.update(found.id, req.body, actorOf(req)) })
    return await opts.incidents.get(found.id)
  })
}
