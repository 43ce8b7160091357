import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type pg from 'pg'
import { audit, apiActor, type AuditEntry } from '../audit/log.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** Writes an audit row for a REST change, the actor being the request's caller (API key or user), with its address. */
    audit: (req: FastifyRequest, e: Omit<AuditEntry, 'actor'>) => Promise<void>
  }
}

interface AuditQuery { actor?: string, action?: string, targetType?: string, targetId?: string, since?: string, cursor?: string, limit: number }

const entrySchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    at: { type: 'string' },
    actor: { type: 'string' },
    action: { type: 'string' },
    targetType: { type: 'string' },
    targetId: { type: ['string', 'null'] },
    details: { type: ['object', 'null'], additionalProperties: true },
    ip: { type: ['string', 'null'], description: 'the address the request came from' },
    userAgent: { type: ['string', 'null'] }
  }
} as const

/**
 * The audit log: `app.audit(req, …)` for route plugins, and GET /audit for admins.
 * Wrapped with fastify-plugin so the decorator reaches the sibling route plugins; register it
 * before them.
 */
export const auditPlugin = fp(async function auditLog (app: FastifyInstance, opts: { pool: pg.Pool }) {
  app.decorate('audit', async (req: FastifyRequest, e: Omit<AuditEntry, 'actor'>) => {
    await audit(opts.pool, { ...e, actor: apiActor(req.caller) })
  })

  app.get<{ Querystring: AuditQuery }>('/audit', {
    onRequest: app.requireRole('admin'),
    schema: {
      tags: ['audit'],
      summary: 'Who changed or read what, newest first',
      querystring: {
        type: 'object',
        additionalProperties: false,
        properties: {
          actor: { type: 'string', description: 'exact, e.g. api:admin#1 or responder:r1' },
          action: { type: 'string', description: 'exact, or a prefix ending in .* (device.*)' },
          targetType: { type: 'string' },
          targetId: { type: 'string' },
          since: { type: 'string', format: 'date-time' },
          cursor: { type: 'string', pattern: '^[0-9]{1,19}$', description: 'the `next` value of the previous page' },
          limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 }
        }
      },
      response: { 200: { type: 'object', properties: { items: { type: 'array', items: entrySchema }, next: { type: ['string', 'null'] } } } }
    }
  }, async (req) => {
    const q = req.query
    const prefix = q.action?.endsWith('.*') === true ? q.action.slice(0, -1) : undefined
    // ids only grow, so id order is time order and a stable cursor
    const { rows } = await opts.pool.query(
      `SELECT id, at, actor, action, target_type, target_id, details, ip, user_agent FROM audit_log
        WHERE ($1::text IS NULL OR actor = $1)
          AND ($2::text IS NULL OR action = $2)
          AND ($3::text IS NULL OR starts_with(action, $3))
          AND ($4::text IS NULL OR target_type = $4)
          AND ($5::text IS NULL OR target_id = $5)
          AND ($6::timestamptz IS NULL OR at >= $6)
          AND ($7::bigint IS NULL OR id < $7)
        ORDER BY id DESC
        LIMIT $8`,
      [q.actor ?? null, prefix === undefined ? q.action ?? null : null, prefix ?? null, q.targetType ?? null, q.targetId ?? null, q.since ?? null, q.cursor ?? null, q.limit])
    const items = rows.map(r => ({
      id: String(r.id), at: r.at.toISOString(), actor: r.actor, action: r.action, targetType: r.target_type, targetId: r.target_id, details: r.details, ip: r.ip, userAgent: r.user_agent
    }))
    return { items, next: items.length === q.limit ? items[items.length - 1].id : null }
  })
}, { name: 'flare-audit', dependencies: ['flare-auth'] })
