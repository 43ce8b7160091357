import type { FastifyInstance } from 'fastify'

export interface HealthPluginOptions {
  /** each check answers true when that part is up */
  checks: Record<string, () => Promise<boolean> | boolean>
}

/** /healthz: the process answers. /readyz: the database and broker are up (200) or not (503). */
export async function healthPlugin (app: FastifyInstance, opts: HealthPluginOptions): Promise<void> {
  app.get('/healthz', { schema: { tags: ['ops'], response: { 200: { type: 'object', properties: { status: { type: 'string' } } } } } }, async () => ({ status: 'ok' }))

  app.get('/readyz', {
    schema: {
      tags: ['ops'],
      response: {
        200: { type: 'object', properties: { status: { type: 'string' }, checks: { type: 'object', additionalProperties: { type: 'boolean' } } } },
        503: { type: 'object', properties: { status: { type: 'string' }, checks: { type: 'object', additionalProperties: { type: 'boolean' } } } }
      }
    }
  }, async (_req, reply) => {
    const checks: Record<string, boolean> = {}
    await Promise.all(Object.entries(opts.checks).map(async ([name, check]) => {
      try { checks[name] = await check() } catch { checks[name] = false }
    }))
    const ready = Object.values(checks).every(Boolean)
    reply.code(ready ? 200 : 503)
    return { status: ready ? 'ready' : 'not_ready', checks }
  })
}
