import type { FastifyInstance } from 'fastify'
import type pg from 'pg'
import { Gauge, type Registry } from 'prom-client'
import { LiveHub, type LiveHubTuning } from '../live/hub.js'
import { LiveSession, DEFAULT_LIMITS, type SessionLimits } from '../live/session.js'
import { openIncidents, type LiveFilter } from '../live/snapshot.js'
import { HttpError } from './errors.js'
import type { LocalEvents } from '../events/local.js'
import type { BoardSnapshot } from '../live/board.js'
import { isDatabaseUnavailable } from '../storage/availability.js'
import type { SessionsRepo } from '../identity/sessions-repo.js'
import { sessionToken } from './auth.js'
import type { ApiKeysRepo } from '../identity/api-keys-repo.js'
import type { AuthMetrics } from './auth-metrics.js'
import { awaitsCredential, credentialFromFirstMessage, liveCredentialHook } from './live-auth.js'

export interface LivePluginOptions {
  pool: pg.Pool
  registry?: Registry
  hub?: LiveHubTuning
  limits?: Partial<SessionLimits>
  /** events emitted in process while PostgreSQL is away (degraded mode) */
  local?: LocalEvents
  /** the node is degraded: snapshots come from the hub's board, without waiting on PostgreSQL */
  databaseAway?: () => boolean
  /** a feed opened with a browser session is checked against it this often, and closed when it has ended */
  sessions?: SessionsRepo
  sessionCheckMs?: number
  /** checks an API key sent as the first message (a browser cannot set Authorization on a WebSocket) */
  keys: ApiKeysRepo
  metrics?: AuthMetrics
  /** how long a feed opened without a credential has to send it */
  authTimeoutMs?: number
}

/** The close code of a feed whose browser session ended (logged out, expired, account disabled): log in again. */
export const CLOSE_SESSION_ENDED = 4401

interface LiveQuery { zone?: string[], priority?: number, token?: string }

const AUTH_TIMEOUT_MS = 10_000

/**
 * WebSocket /live: the dashboards' feed, for viewers or higher. A credential in the request (an API
 * key as Bearer header, or the console's session cookie from a same-origin page) is checked, and
 * the query validated, before the upgrade, so a refused client gets a plain HTTP 401/403/400
 * instead of an open socket. A client with neither (a browser holding an API key) sends the key as
 * its first message (live-auth.ts). The hub's LISTEN session lives as long as this server.
 */
export async function livePlugin (app: FastifyInstance, opts: LivePluginOptions): Promise<void> {
  const hub = new LiveHub(opts.pool, app.log, opts.hub, opts.local)
  await hub.start()
  app.addHook('onClose', async () => { await hub.stop() })
  const limits = { ...DEFAULT_LIMITS, ...opts.limits }
  // PostgreSQL's open incidents; while it is away, the board (marked degraded) so a dashboard that
  // connects during an outage still sees what is going on.
  const snapshotOf = async (f: LiveFilter): Promise<BoardSnapshot> => {
    if (opts.databaseAway?.() === true) return hub.board.snapshot(f)
    try {
      return await openIncidents(opts.pool, f)
    } catch (err) {
      if (isDatabaseUnavailable(err)) return hub.board.snapshot(f)
      throw err
    }
  }
  if (opts.registry !== undefined) {
    // eslint-disable-next-line no-new -- registered with the registry, read on scrape
    new Gauge({
      name: 'flare_live_clients',
      help: 'Dashboards connected to the live feed on this node',
      registers: [opts.registry],
      collect () { this.set(hub.subscriberCount) }
    })
  }

  app.route<{ Querystring: LiveQuery }>({
    method: 'GET',
    url: '/live',
    // One long-lived socket per dashboard: a refused reconnect would leave a board blank mid-incident.
    config: { rateLimit: false },
    onRequest: liveCredentialHook(app.requireRole('viewer')),
    schema: {
      tags: ['ops'],
      summary: 'The live feed: a WebSocket (a plain GET is answered 426); browsers may pass the API key as ?token=',
      querystring: {
        type: 'object',
        additionalProperties: false,
        properties: {
          zone: { type: 'array', items: { type: 'string', minLength: 1, maxLength: 64 }, maxItems: 256, description: 'zone ids; repeat or comma-separate' },
          priority: { type: 'integer', minimum: 1, maximum: 5, description: 'least urgent priority wanted: 2 → priorities 1 and 2' },
          token: { type: 'string', description: 'refused: the API key goes in the Authorization header or the first message, never in the URL' }
        }
      }
    },
    // `zone=a,b` as well as `zone=a&zone=b`
    preValidation: async (req) => {
      const q = req.query as Record<string, unknown>
      if (typeof q.zone === 'string') q.zone = q.zone.split(',')
      else if (Array.isArray(q.zone)) q.zone = q.zone.flatMap(v => String(v).split(','))
      if (Array.isArray(q.zone)) q.zone = (q.zone as string[]).filter(z => z !== '')
    },
    handler: async () => {
      throw new HttpError('upgrade_required', 'the live feed is a WebSocket: connect with ws:// or wss://')
    },
    wsHandler: (socket, req) => {
      const filter: LiveFilter = {}
      if (req.query.zone !== undefined && req.query.zone.length > 0) filter.zones = req.query.zone
      if (req.query.priority !== undefined) filter.maxPriority = req.query.priority
      const open = (): void => {
        // eslint-disable-next-line no-new -- the session lives on the socket's events
        new LiveSession(socket, hub, filter, async (f) => await snapshotOf(f), req.log, limits)
      }
      if (awaitsCredential(req)) {
        credentialFromFirstMessage(socket, req, { keys: opts.keys, role: 'viewer', timeoutMs: opts.authTimeoutMs ?? AUTH_TIMEOUT_MS, metrics: opts.metrics }, open)
        return
      }
      open()
      const token = req.caller?.kind === 'user' ? sessionToken(req) : undefined
      const sessions = opts.sessions
      if (token === undefined || sessions === undefined) return
      // A board left open on a wall is in use: each check counts as activity (up to the absolute
      // timeout). A session that has ended closes the feed, so a disabled user stops seeing it.
      const check = setInterval(() => {
        sessions.find(token).then((found) => {
          if (!found.ok) socket.close(CLOSE_SESSION_ENDED, found.reason === 'expired' ? 'session expired' : 'session ended')
        }).catch((err) => req.log.warn({ err }, 'live feed: session check failed; the feed stays open'))
      }, opts.sessionCheckMs ?? 30_000)
      socket.once('close', () => clearInterval(check))
    }
  })
}
