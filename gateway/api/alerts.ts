import type { FastifyInstance } from 'fastify'
import type { AlertsRepo } from '../incidents/alerts-repo.js'
import { pageOf } from './schemas.js'

const pageQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    device: { type: 'string' },
    before: { type: 'integer', minimum: 1, description: 'cursor: the `next` value of the previous page' },
    limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 }
  }
} as const

/** Raw alerts and the dead letters (rejected payloads kept for forensics). */
export async function alertsPlugin (app: FastifyInstance, opts: { alerts: AlertsRepo }): Promise<void> {
  app.get<{ Querystring: { device?: string, before?: number, limit: number } }>('/alerts', {
    onRequest: app.requireRole('viewer'),
    schema: { tags: ['alerts'], summary: 'Accepted alerts, newest first', querystring: pageQuery }
  }, async (req) => {
    const items = await opts.alerts.list(req.query)
    return pageOf(items, req.query.limit)
  })

  app.get<{ Querystring: { device?: string, before?: number, limit: number } }>('/dead-letters', {
    onRequest: app.requireRole('viewer'),
    schema: { tags: ['alerts'], summary: 'Rejected payloads with their reason, newest first', querystring: pageQuery }
  }, async (req) => {
    const items = await opts.alerts.deadLetters(req.query)
    return pageOf(items, req.query.limit)
  })
}
