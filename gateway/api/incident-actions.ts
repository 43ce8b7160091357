import type { FastifyInstance } from 'fastify'
import { apiActor } from '../audit/log.js'
import { ResponderUnavailable, type DispatcherActions } from '../dispatch/actions.js'
import type { IncidentsRepo } from '../incidents/repo.js'
import { IncidentSchema, type Incident } from '../incidents/incident.js'
import { INCIDENT_STATES, IncidentNotFound, InvalidTransition, type IncidentState } from '../incidents/state-machine.js'
import { errorSchema, HttpError } from './errors.js'
const params = { type: 'object', properties: { id: { type: 'string' } } } as const

/** Turns domain refusals into HTTP: 404 unknown, 409 invalid transition (with the allowed next states). */
async function run<T> (fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (err) {
    if (err instanceof IncidentNotFound) throw new HttpError('not_found', err.message)
    if (err instanceof InvalidTransition) throw new HttpError('invalid_transition', err.message, { from: err.from, to: err.to, allowedNext: err.allowed })
    if (err instanceof ResponderUnavailable) throw new HttpError('conflict', err.message)
    throw err
  }
}

/** What dispatchers do to incidents: transitions, (re)assignment, escalation, cancel, notes. */
export async function incidentActionsPlugin (app: FastifyInstance, opts: { actions: DispatcherActions, incidents: IncidentsRepo }): Promise<void> {
  const { actions } = opts
  const resolve = async (idOrNumber: string): Promise<string> => {
    const inc = await opts.incidents.get(idOrNumber)
    if (inc === undefined) throw new HttpError('not_found', `no incident "${idOrNumber}"`)
    return inc.id
  }
  const reply = async (id: string): Promise<Incident | undefined> => await opts.incidents.get(id)
  const conflict = { 409: errorSchema, 404: errorSchema, 200: IncidentSchema }

  app.post<{ Params: { id: string }, Body: { to: IncidentState, reason?: string, responderId?: string } }>('/incidents/:id/transition', {
    onRequest: app.requireRole('dispatcher'),
    schema: {
      tags: ['incidents'],
      summary: 'Move an incident to another state; 409 lists the allowed next states',
      params,
      body: {
        type: 'object',
        required: ['to'],
        additionalProperties: false,
        properties: { to: { type: 'string', enum: INCIDENT_STATES }, reason: { type: 'string', maxLength: 2000 }, responderId: { type: 'string' } }
      },
      response: conflict
    }
  }, async (req) => {
    const id = await resolve(req.params.id)
    await run(() => actions.transition(id, req.body.to, apiActor(req.apiKey), req.body.reason ?? null, req.body.responderId))
    return await reply(id)
  })

  app.post<{ Params: { id: string }, Body: { responderId: string, reason?: string } }>('/incidents/:id/assign', {
    onRequest: app.requireRole('dispatcher'),
    schema: {
      tags: ['incidents'],
      summary: 'Assign or reassign a responder (the previous one is released)',
      params,
      body: { type: 'object', required: ['responderId'], additionalProperties: false, properties: { responderId: { type: 'string' }, reason: { type: 'string', maxLength: 2000 } } },
      response: conflict
    }
  }, async (req) => {
    const id = await resolve(req.params.id)
    await run(() => actions.assign(id, req.body.responderId, apiActor(req.apiKey), req.body.reason ?? null))
    return await reply(id)
  })

  app.post<{ Params: { id: string }, Body: { reason: string } }>('/incidents/:id/escalate', {
    onRequest: app.requireRole('dispatcher'),
    schema: {
      tags: ['incidents'],
      summary: "Escalate to the zone's supervisors and raise the priority",
      params,
      body: { type: 'object', required: ['reason'], additionalProperties: false, properties: { reason: { type: 'string', minLength: 1, maxLength: 2000 } } },
      response: conflict
    }
  }, async (req) => {
    const id = await resolve(req.params.id)
    await run(() => actions.escalate(id, apiActor(req.apiKey), req.body.reason))
    return await reply(id)
  })

  app.post<{ Params: { id: string }, Body: { reason?: string } }>('/incidents/:id/cancel', {
    onRequest: app.requireRole('dispatcher'),
    schema: {
      tags: ['incidents'],
      summary: 'Cancel (false alarm, duplicate report); withdraws offers and frees the responder',
      params,
      body: { type: 'object', additionalProperties: false, properties: { reason: { type: 'string', maxLength: 2000 } } },
      response: conflict
    }
  }, async (req) => {
    const id = await resolve(req.params.id)
    await run(() => actions.transition(id, 'CANCELLED', apiActor(req.apiKey), req.body?.reason ?? null))
    return await reply(id)
  })

  app.post<{ Params: { id: string }, Body: { text: string } }>('/incidents/:id/notes', {
    onRequest: app.requireRole('dispatcher'),
    schema: {
      tags: ['incidents'],
      summary: "Add a note to the incident's timeline",
      params,
      body: { type: 'object', required: ['text'], additionalProperties: false, properties: { text: { type: 'string', minLength: 1, maxLength: 5000 } } },
      response: { 201: { type: 'object', properties: { ok: { type: 'boolean' } } }, 404: errorSchema }
    }
  }, async (req, res) => {
    const id = await resolve(req.params.id)
    await run(() => actions.note(id, apiActor(req.apiKey), req.body.text))
    res.code(201)
    return { ok: true }
  })
}
