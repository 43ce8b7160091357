import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type, type Static } from 'typebox'
import { cursorAfter, decodeCursor, type IncidentsRepo } from '../incidents/repo.js'
import { MAX_RADIUS_M, parseNear } from '../incidents/near.js'
import type { AlertRecord, AlertsRepo } from '../incidents/alerts-repo.js'
import type { IncidentOffer } from '../incidents/offer.js'
import type { TimelineEntry } from '../incidents/timeline.js'
import { type Incident, IncidentListItemSchema, IncidentLocationSchema, IncidentSchema, IncidentStateSchema } from '../incidents/incident.js'
import { errorSchema, HttpError } from './errors.js'
import { allowedNext } from '../incidents/state-machine.js'

/** The list's filters: the query string's schema, and (through the type provider) the handler's type. */
const ListQuerySchema = Type.Object({
  state: Type.Optional(Type.Array(IncidentStateSchema, { description: 'repeat or comma-separate' })),
  priority: Type.Optional(Type.Array(Type.Integer({ minimum: 1, maximum: 5 }))),
  category: Type.Optional(Type.String()),
  device: Type.Optional(Type.String()),
  since: Type.Optional(Type.String({ format: 'date-time' })),
  cursor: Type.Optional(Type.String()),
  // Filled in by validation (useDefaults) when absent, so the handler always has it.
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
  near: Type.Optional(Type.String({ description: 'lat,lon in decimal degrees: only incidents within `radius` of it' })),
  radius: Type.Optional(Type.Number({ description: `metres around \`near\`; default 1000, at most ${MAX_RADIUS_M}` }))
}, { additionalProperties: false })

/**
 * The detail: the incident and its alerts, offers and timeline. Those three are typed for the handler
 * but left open in the schema (`{}`): they are serialised as they are, with every field they carry.
 */
const DetailSchema = Type.Object({
  ...IncidentSchema.properties,
  alerts: Type.Array(Type.Unsafe<AlertRecord>({})),
  offers: Type.Array(Type.Unsafe<IncidentOffer>({})),
  timeline: Type.Array(Type.Unsafe<TimelineEntry>({})),
  locations: Type.Array(IncidentLocationSchema, { description: 'where the incident has been, oldest first' }),
  allowedNext: Type.Array(IncidentStateSchema, { description: 'the states it may move to now (the lifecycle, defined once in gateway/incidents/state-machine.ts)' })
})

export type IncidentDetail = Static<typeof DetailSchema>
export { DetailSchema as IncidentDetailSchema }

/** The incident with its alerts, offers, timeline and location history. */
export async function detailOf (opts: { incidents: IncidentsRepo, alerts: AlertsRepo }, incident: Incident): Promise<IncidentDetail> {
  const [alerts, timeline, offers, locations] = await Promise.all([
    opts.alerts.list({ incidentId: incident.id, limit: 1000 }),
    opts.incidents.timeline(incident.id),
    opts.incidents.offers(incident.id),
    opts.incidents.locations(incident.id)
  ])
  return { ...incident, alerts, offers, timeline, locations, allowedNext: allowedNext(incident.state) }
}

const ListResponseSchema = Type.Object({ items: Type.Array(IncidentListItemSchema), next: Type.Unsafe<string | null>({ type: ['string', 'null'] }) })

/** Incidents for dispatchers and dashboards: filtered lists with cursor pagination, detail with alerts and timeline. */
export async function incidentsPlugin (fastify: FastifyInstance, opts: { incidents: IncidentsRepo, alerts: AlertsRepo }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  app.get('/incidents', {
    onRequest: app.requireRole('viewer'),
    schema: {
      tags: ['incidents'],
      summary: 'Incidents, newest first',
      querystring: ListQuerySchema,
      response: { 200: ListResponseSchema, 400: errorSchema }
    },
    // `state=NEW,ASSIGNED` as well as `state=NEW&state=ASSIGNED`
    preValidation: async (req) => {
      const q = req.query as unknown as Record<string, unknown>
      for (const k of ['state', 'priority']) {
        if (typeof q[k] === 'string') q[k] = (q[k] as string).split(',')
        else if (Array.isArray(q[k])) q[k] = (q[k] as string[]).flatMap(v => String(v).split(','))
      }
    }
  }, async (req) => {
    let after: [string, string] | undefined
    if (req.query.cursor !== undefined) {
      after = decodeCursor(req.query.cursor)
      if (after === undefined) throw new HttpError('bad_request', 'cursor is not one this API returned')
    }
    const { near: nearText, radius, ...filter } = req.query
    if (nearText === undefined && radius !== undefined) throw new HttpError('bad_request', 'radius needs near=lat,lon')
    const near = nearText === undefined ? undefined : parseNear(nearText, radius)
    if (typeof near === 'string') throw new HttpError('bad_request', near)
    const items = await opts.incidents.list({ ...filter, near }, after)
    const last = items[items.length - 1]
    return { items, next: items.length === req.query.limit ? cursorAfter(last) : null }
  })

  app.get('/incidents/:id', {
    onRequest: app.requireRole('viewer'),
    schema: {
      tags: ['incidents'],
      summary: 'One incident (by id or number) with its alerts, offers, timeline and location history',
      params: Type.Object({ id: Type.String() }),
      response: { 200: DetailSchema, 404: errorSchema }
    }
  }, async (req) => {
    const incident = await opts.incidents.get(req.params.id)
    if (incident === undefined) throw new HttpError('not_found', `no incident "${req.params.id}"`)
    return await detailOf(opts, incident)
  })
}
