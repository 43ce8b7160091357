import type { FastifyInstance } from 'fastify'
import fastifyStatic from '@fastify/static'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { pageCsp, usePageCsp } from './security-headers.js'

export interface ConsolePluginOptions {
  /** a slippy-map tile template ({z}/{x}/{y}); unset: no tiles, the map is a plain background */
  tileUrl?: string
}

/** The console's files: beside this module's directory in the source tree and, copied by the build, in dist. */
export const CONSOLE_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', 'console', 'public')
const LEAFLET_DIST = join(dirname(createRequire(import.meta.url).resolve('leaflet/package.json')), 'dist')
// Its package exports no package.json: the directory of its main file is dist/.
const QRCODE_DIST = dirname(createRequire(import.meta.url).resolve('qrcode-generator'))

/** GET /console: the dispatcher console (static files), Leaflet under /console/vendor/leaflet/, and its config. */
export async function consolePlugin (app: FastifyInstance, opts: ConsolePluginOptions): Promise<void> {
  usePageCsp(app, pageCsp(opts.tileUrl))
  app.addHook('onSend', async (_req, reply) => {
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-cache')
  })
  // No trailing slash: /console → /console/ so relative module paths resolve.
  app.get('/console', { schema: { hide: true } }, async (_req, reply) => await reply.redirect('/console/'))
  app.get('/console/config.json', { schema: { hide: true } }, async () => ({ tileUrl: opts.tileUrl ?? null }))
  await app.register(fastifyStatic, { root: LEAFLET_DIST, prefix: '/console/vendor/leaflet/', decorateReply: false, index: false, schemaHide: true })
  // Only the ES module: the QR code of an enrolment link, drawn in the page (no service sees the link).
  await app.register(fastifyStatic, { root: QRCODE_DIST, prefix: '/console/vendor/qrcode/', decorateReply: false, index: false, schemaHide: true, allowedPath: (path) => path === '/qrcode.mjs' })
  // The console's own files change with every release: no-cache (revalidate) rather than stale modules.
  await app.register(fastifyStatic, { root: CONSOLE_ROOT, prefix: '/console/', decorateReply: false, cacheControl: false, schemaHide: true })
}
