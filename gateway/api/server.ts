import { createServer as createHttpsServer } from 'node:https'
import { createServer as createPlainServer, type IncomingMessage, type Server as HttpServer } from 'node:http'
import type { Server as TlsServer } from 'node:tls'
import Fastify, { type FastifyInstance, type FastifyError, type FastifyBaseLogger, type FastifyRequest, type RouteOptions } from 'fastify'
import websocket from '@fastify/websocket'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { Logger } from 'pino'
import { HTTP_ERRORS, HttpError } from './errors.js'
import { isDatabaseUnavailable } from '../storage/availability.js'
import { registerCors } from './cors.js'
import { securityHeadersPlugin } from './security-headers.js'
import type { TlsCredentials } from '../../broker/listeners.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** every route registered on this server, HEAD ones too, with the options as they ended up (config.role, see auth.ts) */
    registeredRoutes: () => Array<{ method: string, url: string, role: string | null | undefined, hidden: boolean }>
  }
}

/** What a client is told to wait before retrying a request the database could not serve. */
const RETRY_AFTER_S = 5

/** Query parameters whose values are credentials: never written to a log. */
const SECRET_PARAMS = /^(token|access_token|key|api_key|secret|password)$/i

/** The URL with the values of credential-like query parameters replaced by [redacted]. */
export function redactUrl (url: string): string {
  const q = url.indexOf('?')
  if (q < 0) return url
  const params = url.slice(q + 1).split('&').map((part) => {
    const eq = part.indexOf('=')
    let name = eq < 0 ? part : part.slice(0, eq)
    try { name = decodeURIComponent(name.replace(/\+/g, ' ')) } catch {}
    return SECRET_PARAMS.test(name) ? `${eq < 0 ? part : part.slice(0, eq)}=[redacted]` : part
  })
  return `${url.slice(0, q)}?${params.join('&')}`
}

/** Fastify's request serializer, with credentials taken out of the query string. */
function requestLine (req: FastifyRequest): Record<string, unknown> {
  return { method: req.method, url: redactUrl(req.url), host: req.host, remoteAddress: req.ip, remotePort: req.socket?.remotePort }
}

export interface HttpServerOptions {
  wsMaxPayload?: number
  trustProxy?: string[]
  /** set: HTTPS and WSS only (a plain port, if any, is plainHttpServer's) */
  tls?: TlsCredentials
  /** CORS_ORIGINS: the only origins whose pages may call the API (none when empty) */
  corsOrigins?: string[]
}

/**
 * The Fastify instance with what every plugin relies on: JSON errors {error: {code, message}},
 * security headers, CORS (only for CORS_ORIGINS), OpenAPI at /docs and WebSocket support. Route
 * plugins are registered by the app.
 */
export async function createHttpServer (log: Logger, opts: HttpServerOptions = {}): Promise<FastifyInstance> {
  const tls = opts.tls
  const app = Fastify({
    // request lines are info-level; the http child logs warnings and errors only unless LOG_LEVEL asks
    // for debug, and never more than the parent (a child's level is its own: 'warn' would unsilence it)
    loggerInstance: log.child({ component: 'http' }, {
      level: log.isLevelEnabled('debug') ? 'debug' : log.isLevelEnabled('warn') ? 'warn' : log.level,
      serializers: { req: requestLine }
    }) as unknown as FastifyBaseLogger,
    // HTTPS: the certificate is swapped in place when its files change (gateway/tls/credentials.ts).
    ...(tls === undefined
      ? {}
      : {
          serverFactory: (handler: (req: IncomingMessage, res: any) => void) => {
            const server = createHttpsServer(tls.contextOptions(false), handler)
            tls.keepCurrent(server as TlsServer, false)
            return server as unknown as HttpServer
          }
        }),
    // Behind a proxy (HTTP_TRUST_PROXY) req.ip and req.protocol are the client's, not the proxy's.
    ...(opts.trustProxy !== undefined && opts.trustProxy.length > 0 ? { trustProxy: opts.trustProxy } : {}),
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false } }
  })

  // First, so that the plugins' own routes (the OpenAPI UI) are seen too; read when asked, after every onRoute hook ran.
  const routes: RouteOptions[] = []
  app.addHook('onRoute', (route) => { routes.push(route) })
  app.decorate('registeredRoutes', () => routes.flatMap((r) => (Array.isArray(r.method) ? r.method : [r.method]).map((method) => ({
    method, url: r.url, role: r.config?.role, hidden: r.schema?.hide === true
  }))))

  app.setErrorHandler((err: FastifyError | HttpError, req, reply) => {
    if (err instanceof HttpError) {
      return reply.code(err.statusCode).send({ error: { code: err.code, message: err.message, ...err.details } })
    }
    if ((err as FastifyError).validation !== undefined) {
      return reply.code(HTTP_ERRORS.bad_request).send({ error: { code: 'bad_request', message: err.message } })
    }
    if (isDatabaseUnavailable(err)) {
      // Not the client's fault, and not a bug: the database is away (this node may be degraded).
      req.log.warn({ err }, 'request failed: database unavailable')
      return reply.code(HTTP_ERRORS.database_unavailable).header('retry-after', String(RETRY_AFTER_S))
        .send({ error: { code: 'database_unavailable', message: `the database is unavailable; retry in ${RETRY_AFTER_S} s` } })
    }
    const status = (err as FastifyError).statusCode ?? 500
    if (status >= 500) req.log.error({ err }, 'request failed')
    return reply.code(status).send({ error: { code: status >= 500 ? 'internal' : (err as FastifyError).code ?? 'error', message: status >= 500 ? 'internal error' : err.message } })
  })
  app.setNotFoundHandler((req, reply) => {
    reply.code(HTTP_ERRORS.not_found).send({ error: { code: 'not_found', message: `no route ${req.method} ${req.url.split('?')[0]}` } })
  })

  await app.register(securityHeadersPlugin)
  await registerCors(app, opts.corsOrigins ?? [])
  await app.register(swagger, {
    openapi: {
      info: { title: 'Flare API', version: '1', description: 'Emergency alert broker: devices, responders, incidents' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, session: { type: 'apiKey', in: 'cookie', name: 'flare_session' } } },
      security: [{ bearer: [] }, { session: [] }]
    }
  })
  // Swagger UI's scripts are files, but it styles elements through style attributes.
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    staticCSP: "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
  })
  // One WebSocket frame carries at most one MQTT packet's worth (MQTT_MAX_PACKET_BYTES); live-feed clients send far less.
  await app.register(websocket, { options: { maxPayload: opts.wsMaxPayload ?? 1024 * 1024 } })
  return app
}

/**
 * Plain HTTP beside HTTPS (HTTP_PLAIN_PORT), for a TLS-terminating proxy in front: the same routes,
 * WebSockets included. Requests on it are `http` to Fastify, so cookies lose `Secure` unless a
 * trusted proxy (HTTP_TRUST_PROXY) says X-Forwarded-Proto: https.
 */
export function plainHttpServer (app: FastifyInstance): HttpServer {
  const server = createPlainServer((req, res) => { app.routing(req, res) })
  // @fastify/websocket listens for upgrades on app.server: hand them over.
  server.on('upgrade', (req, socket, head) => { app.server.emit('upgrade', req, socket, head) })
  return server
}
