import type { FastifyInstance } from 'fastify'
import type { NodeRegistry } from '../cluster/nodes.js'

/** GET /api/v1/cluster: the nodes sharing this database, alive ones first. */
export async function clusterPlugin (app: FastifyInstance, opts: { nodes: NodeRegistry }): Promise<void> {
  app.get<{ Querystring: { all?: boolean } }>('/cluster', {
    onRequest: app.requireRole('viewer'),
    schema: {
      tags: ['ops'],
      summary: 'Nodes of this cluster (alive: heartbeat within 15 s); ?all=true includes stopped and dead ones',
      querystring: { type: 'object', additionalProperties: false, properties: { all: { type: 'boolean', default: false } } }
    }
  }, async (req) => {
    const nodes = await opts.nodes.list()
    return { self: opts.nodes.id, nodes: req.query.all === true ? nodes : nodes.filter(n => n.alive) }
  })
}
