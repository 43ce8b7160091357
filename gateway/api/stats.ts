import type { FastifyInstance } from 'fastify'
import type pg from 'pg'
import { OPEN_STATES, openStateSql } from '../incidents/state-machine.js'

const PRIORITIES = ['1', '2', '3', '4', '5']

const medianSchema = {
  type: 'object',
  properties: { medianS: { type: ['number', 'null'] }, samples: { type: 'integer' } }
} as const

const countsSchema = (keys: readonly string[]): object => ({
  type: 'object', properties: Object.fromEntries(keys.map(k => [k, { type: 'integer' }]))
})

/** The window's figures as the statement returns them (medians are float8, null without samples). */
type WindowRow = {
  since: Date
  opened: number
  resolved: number
  cancelled: number
  accept_median: number | null
  accept_n: number
  on_scene_median: number | null
  on_scene_n: number
}

/**
 * Figures for the dispatch room: what is open now, and how fast help arrived for incidents opened
 * within the window. Medians come from PostgreSQL (percentile_cont), not from a sample in memory.
 */
export async function statsPlugin (app: FastifyInstance, opts: { pool: pg.Pool }): Promise<void> {
  app.get<{ Querystring: { windowH: number } }>('/stats', {
    onRequest: app.requireRole('viewer'),
    schema: {
      tags: ['stats'],
      summary: 'Open incidents by state and priority; opened/resolved counts and response-time medians over a window',
      querystring: {
        type: 'object',
        additionalProperties: false,
        properties: { windowH: { type: 'number', exclusiveMinimum: 0, maximum: 8784, default: 24, description: 'window in hours (up to a year)' } }
      },
      response: {
        200: {
          type: 'object',
          properties: {
            windowH: { type: 'number' },
            since: { type: 'string' },
            open: { type: 'object', properties: { total: { type: 'integer' }, byState: countsSchema(OPEN_STATES), byPriority: countsSchema(PRIORITIES) } },
            window: {
              type: 'object',
              properties: {
                opened: { type: 'integer' },
                resolved: { type: 'integer' },
                cancelled: { type: 'integer' },
                pressToAccept: medianSchema,
                pressToOnScene: medianSchema
              }
            }
          }
        }
      }
    }
  }, async (req) => {
    const windowH = req.query.windowH
    const open = await opts.pool.query<{ state: string, priority: number, n: number }>(
      `SELECT state, priority, count(*)::int AS n FROM incidents
        WHERE ${openStateSql()} GROUP BY state, priority`)
    const byState: Record<string, number> = Object.fromEntries(OPEN_STATES.map(s => [s, 0]))
    const byPriority: Record<string, number> = Object.fromEntries(PRIORITIES.map(p => [p, 0]))
    let total = 0
    for (const r of open.rows) {
      byState[r.state] = (byState[r.state] ?? 0) + r.n
      byPriority[String(r.priority)] = (byPriority[String(r.priority)] ?? 0) + r.n
      total += r.n
    }

    // Accept = the first transition to ASSIGNED (a reassignment later moves assigned_at, not the
    // first answer); assigned_at/on_scene_at cover incidents whose timeline lacks the event.
    // Durations are clamped at 0: first_triggered_at comes from the device clock, which can run ahead.
    const { rows: [w] } = await opts.pool.query<WindowRow>(
      `WITH bounds AS (SELECT now() - make_interval(secs => $1::float8 * 3600) AS since),
       windowed AS (
         SELECT i.first_triggered_at,
                coalesce((SELECT min(e.at) FROM incident_events e
                           WHERE e.incident_id = i.id AND e.type = 'transition' AND e.to_state = 'ASSIGNED'), i.assigned_at) AS accepted_at,
                coalesce((SELECT min(e.at) FROM incident_events e
                           WHERE e.incident_id = i.id AND e.type = 'transition' AND e.to_state = 'ON_SCENE'), i.on_scene_at) AS on_scene_at
           FROM incidents i, bounds WHERE i.opened_at >= bounds.since
       )
       SELECT (SELECT since FROM bounds) AS since,
              (SELECT count(*)::int FROM windowed) AS opened,
              (SELECT count(*)::int FROM incidents, bounds WHERE resolved_at >= bounds.since) AS resolved,
              (SELECT count(*)::int FROM incidents, bounds WHERE state = 'CANCELLED' AND closed_at >= bounds.since) AS cancelled,
              (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY greatest(0, extract(epoch FROM accepted_at - first_triggered_at)))
                 FROM windowed WHERE accepted_at IS NOT NULL) AS accept_median,
              (SELECT count(*)::int FROM windowed WHERE accepted_at IS NOT NULL) AS accept_n,
              (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY greatest(0, extract(epoch FROM on_scene_at - first_triggered_at)))
                 FROM windowed WHERE on_scene_at IS NOT NULL) AS on_scene_median,
              (SELECT count(*)::int FROM windowed WHERE on_scene_at IS NOT NULL) AS on_scene_n`,
      [windowH])
    return {
      windowH,
      since: w.since.toISOString(),
      open: { total, byState, byPriority },
      window: {
        opened: w.opened,
        resolved: w.resolved,
        cancelled: w.cancelled,
        pressToAccept: { medianS: w.accept_median === null ? null : Number(w.accept_median), samples: w.accept_n },
        pressToOnScene: { medianS: w.on_scene_median === null ? null : Number(w.on_scene_median), samples: w.on_scene_n }
      }
    }
  })
}
