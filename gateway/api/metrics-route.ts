import type { FastifyInstance } from 'fastify'
import type { Registry } from 'prom-client'

/** Prometheus text exposition of the app's registry. */
export async function metricsPlugin (app: FastifyInstance, opts: { registry: Registry }): Promise<void> {
  app.get('/metrics', { schema: { tags: ['ops'], hide: true } }, async (_req, reply) => {
    reply.header('content-type', opts.registry.contentType)
    return await opts.registry.metrics()
  })
}
