import type { FastifyInstance } from 'fastify'

export interface HealthPluginOptions {
  /** each check answers true when that part is up */
  checks: Record<string, () => Promise<boolean> | boolean>
  /**
   * Checks this node can do without for a while (the database: degraded mode keeps the alert path
   * on the local journal). Told when one fails, so degraded mode starts even before an alert comes.
   */
  degradable?: { names: string[], failed: (name: string) => void, degraded: () => boolean }
}

/**
 * /healthz: the process answers. /readyz: 200 while the node can take devices' alerts: every check
 * up (`ready`), or only degradable ones down (`degraded`, so a load balancer does not cut every
 * device at once during a database outage); 503 (`not_ready`) otherwise.
 */
export async function healthPlugin (app: FastifyInstance, opts: HealthPluginOptions): Promise<void> {
  app.get('/healthz', { schema: { tags: ['ops'], response: { 200: { type: 'object', properties: { status: { type: 'string' } } } } } }, async () => ({ status: 'ok' }))

  app.get('/readyz', {
    schema: {
      tags: ['ops'],
      response: {
        200: { type: 'object', properties: { status: { type: 'string' }, checks: { type: 'object', additionalProperties: { type: 'boolean' } }, degraded: { type: 'boolean' } } },
        503: { type: 'object', properties: { status: { type: 'string' }, checks: { type: 'object', additionalProperties: { type: 'boolean' } }, degraded: { type: 'boolean' } } }
      }
    }
  }, async (_req, reply) => {
    const checks: Record<string, boolean> = {}
    await Promise.all(Object.entries(opts.checks).map(async ([name, check]) => {
      try { checks[name] = await check() } catch { checks[name] = false }
    }))
    const d = opts.degradable
    const down = Object.entries(checks).filter(([, up]) => !up).map(([name]) => name)
    for (const name of down) if (d?.names.includes(name) === true) d.failed(name)
    const degraded = d?.degraded() ?? false
    // Degraded lasts until the journal is replayed, not only while a check fails: `ready` tells
    // whoever waits for the replay (the simulator, an operator) that it is done.
    const status = down.length === 0 && !degraded ? 'ready' : down.every(name => d?.names.includes(name) === true) ? 'degraded' : 'not_ready'
    reply.code(status === 'not_ready' ? 503 : 200)
    return { status, checks, degraded }
  })
}
