import type { FastifyInstance } from 'fastify'
import fastifyStatic from '@fastify/static'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { pageCsp, usePageCsp } from './security-headers.js'

export interface FieldAppPluginOptions {
  /** the console's tile template: the responder's map uses the same tiles, so the CSP names them too */
  tileUrl?: string
}

/** The field app's files: beside this module's directory in the source tree and, copied by the build, in dist. */
export const FIELD_APP_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', 'field-app', 'public')
const MQTT_DIST = join(dirname(createRequire(import.meta.url).resolve('mqtt/package.json')), 'dist')

/**
 * GET /app: the field app (SOS, responder, family pages; one PWA), mqtt.js' browser build under
 * /app/vendor/. Leaflet and the i18n module are the console's, loaded from /console/ by URL.
 * The same CSP as the console (nothing from another origin but configured map tiles), and workers
 * from blob: URLs: mqtt.js runs its keepalive timers in one, which a phone does not throttle in the
 * background as it does the page's own timers.
 */
export async function fieldAppPlugin (app: FastifyInstance, opts: FieldAppPluginOptions): Promise<void> {
  usePageCsp(app, pageCsp(opts.tileUrl, { 'worker-src': ["'self'", 'blob:'] }))
  app.addHook('onSend', async (req, reply) => {
    // The service worker must be fetched fresh so a new release replaces the cached shell.
    if (!reply.hasHeader('cache-control') || req.url.startsWith('/app/sw.js')) reply.header('cache-control', 'no-cache')
  })
  app.get('/app', { schema: { hide: true } }, async (_req, reply) => await reply.redirect('/app/'))
  await app.register(fastifyStatic, { root: MQTT_DIST, prefix: '/app/vendor/mqtt/', decorateReply: false, index: false, schemaHide: true, allowedPath: (p) => p === '/mqtt.min.js' })
  await app.register(fastifyStatic, { root: FIELD_APP_ROOT, prefix: '/app/', decorateReply: false, cacheControl: false, schemaHide: true })
}
