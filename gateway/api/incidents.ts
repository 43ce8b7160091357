import type { FastifyInstance } from 'fastify'
import { cursorAfter, decodeCursor, type IncidentsRepo } from '../incidents/repo.js'
import { MAX_RADIUS_M, parseNear } from '../incidents/near.js'
import type { AlertsRepo } from '../incidents/alerts-repo.js'
import { IncidentListItemSchema } from '../incidents/incident.js'
import { INCIDENT_STATES, type IncidentState } from '../incidents/state-machine.js'
import { errorSchema, HttpError } from './errors.js'

interface ListQuery { state?: IncidentState[], priority?: number[], category?: string, device?: string, since?: string, cursor?: string, limit: number, near?: string, radius?: number }

/** Incidents for dispatchers and dashboards: filtered lists with cursor pagination, detail with alerts and timeline. */
export async function incidentsPlugin (app: FastifyInstance, opts: { incidents: IncidentsRepo, alerts: AlertsRepo }): Promise<void> {
  app.get<{ Querystring: ListQuery }>('/incidents', {
    onRequest: app.requireRole('viewer'),
    schema: {
      tags: ['incidents'],
      summary: 'Incidents, newest first',
      querystring: {
        type: 'object',
        additionalProperties: false,
        properties: {
          state: { type: 'array', items: { type: 'string', enum: INCIDENT_STATES }, description: 'repeat or comma-separate' },
          priority: { type: 'array', items: { type: 'integer', minimum: 1, maximum: 5 } },
          category: { type: 'string' },
          device: { type: 'string' },
          since: { type: 'string', format: 'date-time' },
          cursor: { type: 'string' },
          limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
          near: { type: 'string', description: 'lat,lon in decimal degrees: only incidents within `radius` of it' },
          radius: { type: 'number', description: `metres around \`near\`; default 1000, at most ${MAX_RADIUS_M}` }
        }
      },
      response: { 200: { type: 'object', properties: { items: { type: 'array', items: IncidentListItemSchema }, next: { type: ['string', 'null'] } } }, 400: errorSchema }
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

  app.get<{ Params: { id: string } }>('/incidents/:id', {
    onRequest: app.requireRole('viewer'),
    schema: {
      tags: ['incidents'],
      summary: 'One incident (by id or number) with its alerts, offers and timeline',
      params: { type: 'object', properties: { id: { type: 'string' } } },
      response: { 404: errorSchema }
    }
  }, async (req) => {
    const incident = await opts.incidents.get(req.params.id)
    if (incident === undefined) throw new HttpError('not_found', `no incident "${req.params.id}"`)
    const [alerts, timeline, offers] = await Promise.all([
      opts.alerts.list({ incidentId: incident.id, limit: 1000 }),
      opts.incidents.timeline(incident.id),
      opts.incidents.offers(incident.id)
    ])
    return { ...incident, alerts, offers, timeline }
  })
}
