/** The HTTP routes Flare registers, the roles they declare, and docs/api.md's tables (not a test file). */
import { readFileSync } from 'node:fs'
import type { FastifyInstance } from 'fastify'
import type { TestFlare } from '../../helpers/flare.js'

export const ROLES = ['viewer', 'dispatcher', 'admin'] as const
export type Role = typeof ROLES[number]
export const RANK: Record<Role, number> = { viewer: 1, dispatcher: 2, admin: 3 }

/** `GET /api/v1/devices/{id}`: one method and path, with path parameters written as in OpenAPI. */
export type RouteKey = string

export const routeKey = (method: string, path: string): RouteKey => `${method.toUpperCase()} ${path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`

/**
 * The routes that take no role, each with why. Anything else that declares no role fails the tests:
 * opening a door without a role means adding it here. Paths ending in `*` are the static file routes.
 */
export const PUBLIC_ROUTES: Record<RouteKey, string> = {
  'GET /healthz': 'liveness probe',
  'GET /readyz': 'readiness probe',
  'GET /metrics': 'the Prometheus scrape, which carries no credential',
  'GET /mqtt': 'MQTT over WebSocket: the CONNECT carries the credentials',
  'GET /console': 'the console\'s page: it logs in with POST /api/v1/session',
  'GET /console/config.json': 'the console\'s map settings',
  'GET /console/*': 'the console\'s static files',
  'GET /console/vendor/leaflet/*': 'the console\'s map library',
  'GET /console/vendor/qrcode/*': 'the console\'s QR code library (enrolment links)',
  'GET /app': 'the field app\'s page',
  'GET /app/*': 'the field app\'s static files',
  'GET /app/vendor/mqtt/*': 'the field app\'s MQTT library',
  'HEAD /docs': 'the OpenAPI UI (its GET is GET /docs/)',
  'GET /docs/': 'the OpenAPI UI',
  'GET /docs/static/index.html': 'the OpenAPI UI',
  'GET /docs/static/swagger-initializer.js': 'the OpenAPI UI',
  'GET /docs/static/*': 'the OpenAPI UI\'s files',
  'GET /docs/json': 'the OpenAPI document',
  'GET /docs/yaml': 'the OpenAPI document',
  'POST /api/v1/session': 'login',
  'GET /api/v1/session': 'the session cookie is its credential',
  'DELETE /api/v1/session': 'logout: the session cookie is its credential',
  'POST /api/v1/enrol': 'the enrolment token is its credential',
  'POST /api/v1/integrations/{id}/callback': 'signed with the webhook subscription\'s secret (Flare-Signature)'
}

/** The public entry for a route, HEAD standing for the GET it was made from. */
export function publicReason (key: RouteKey): string | undefined {
  return PUBLIC_ROUTES[key] ?? PUBLIC_ROUTES[key.replace(/^HEAD /, 'GET ')]
}

export interface Route { method: string, path: string, key: RouteKey, role: string, hidden: boolean }

/** Every method and path Fastify registered, with the role it asks for ('none' for no role). */
export function registeredRoutes (app: FastifyInstance): Route[] {
  const routes = app.registeredRoutes().map((r) => ({ method: r.method, path: r.url, key: routeKey(r.method, r.url), role: r.role ?? 'none', hidden: r.hidden }))
  if (routes.length === 0) throw new Error('no routes registered')
  return routes
}

export interface OpenApiOperation { 'x-flare-role'?: string, 'x-flare-or-self'?: string, summary?: string }

/** The OpenAPI document's operations by route key. */
export async function openApiOperations (f: TestFlare): Promise<Map<RouteKey, OpenApiOperation>> {
  const res = await fetch(f.httpUrl + '/docs/json')
  if (res.status !== 200) throw new Error(`GET /docs/json: ${res.status}`)
  const doc = await res.json() as { paths: Record<string, Record<string, OpenApiOperation>> }
  const ops = new Map<RouteKey, OpenApiOperation>()
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) ops.set(routeKey(method, path), op)
  }
  return ops
}

/** docs/api.md's rows `| \`METHOD /path\`[, \`METHOD /path\`] | role | … |`, by route key. */
export function documentedRoles (): Map<RouteKey, string> {
  const text = readFileSync(new URL('../../../docs/api.md', import.meta.url), 'utf8')
  const roles = new Map<RouteKey, string>()
  for (const line of text.split('\n')) {
    const cells = line.split(' | ')
    if (!line.startsWith('| `') || cells.length < 3) continue
    for (const m of cells[0].matchAll(/`(GET|POST|PUT|PATCH|DELETE) (\/[^`\s]*)`/g)) {
      const key = routeKey(m[1], m[2])
      if (roles.has(key)) throw new Error(`docs/api.md lists ${key} twice`)
      roles.set(key, cells[1].trim())
    }
  }
  return roles
}
