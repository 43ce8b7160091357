import type { FastifyInstance } from 'fastify'
import helmet from '@fastify/helmet'
import fp from 'fastify-plugin'

/** Content-Security-Policy directives, as helmet takes them: name → sources. */
export type CspDirectives = Record<string, string[]>

/** A tile template's origin for the CSP; Leaflet's {s} stands for subdomains (a, b, c): a wildcard. */
export function tileOrigin (tileUrl: string): string | undefined {
  return /^(https?:\/\/[^/?#]+)/i.exec(tileUrl)?.[1].replace('{s}', '*').replace(/[{}]/g, '')
}

/**
 * The console's and the field app's pages load nothing from another origin (they must work on a
 * network without internet, and a compromised CDN must not run in a dispatcher's browser) and no
 * inline script; only map tiles, when an operator configured them, come from their server.
 * Leaflet positions its panes through element.style, which style-src does not govern.
 */
export function pageCsp (tileUrl?: string, extra: CspDirectives = {}): CspDirectives {
  const tiles = tileUrl === undefined ? undefined : tileOrigin(tileUrl)
  return {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'style-src': ["'self'"],
    'img-src': ["'self'", 'data:', ...(tiles === undefined ? [] : [tiles])],
    'connect-src': ["'self'"],
    'font-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'frame-ancestors': ["'none'"],
    'form-action': ["'self'"],
    ...extra
  }
}

/** Everything else (the API's JSON, /metrics, errors): nothing to load, nothing may frame it. */
const API_CSP: CspDirectives = {
  'default-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"]
}

/**
 * The CSP of the routes registered after this in the scope (the static-file plugins take no route
 * options, so the scope sets them); helmet's other headers stay as for every route.
 */
export function usePageCsp (app: FastifyInstance, directives: CspDirectives): void {
  app.addHook('onRoute', (route) => {
    route.config = { ...route.config, helmet: { contentSecurityPolicy: { useDefaults: false, directives } } } as typeof route.config
  })
}

/** A year; no includeSubDomains: Flare does not know what else runs under its domain. */
const HSTS = 'max-age=31536000'

/**
 * helmet's headers on every answer: the API's CSP (pages set theirs with usePageCsp), framing
 * refused (frame-ancestors and X-Frame-Options), nosniff, no Referer sent anywhere. HSTS only on a
 * request that came over HTTPS (through a proxy in HTTP_TRUST_PROXY, which says so): on plain
 * HTTP, on a LAN without TLS, it would tell browsers to try a port that does not answer HTTPS.
 */
export const securityHeadersPlugin = fp(async function securityHeaders (app: FastifyInstance) {
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: API_CSP },
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: false
  })
  app.addHook('onRequest', async (req, reply) => {
    if (req.protocol === 'https') reply.header('strict-transport-security', HSTS)
  })
}, { name: 'flare-security-headers' })
