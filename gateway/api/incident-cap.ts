import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { CAP_CONTENT_TYPE, capXml } from '../cap/message.js'
import { capOfIncident } from '../cap/subject.js'
import type { IncidentsRepo } from '../incidents/repo.js'
import { errorSchema, HttpError } from './errors.js'

/** An incident as a CAP 1.2 document (docs/cap.md), for public-safety systems that read CAP. */
export async function incidentCapPlugin (fastify: FastifyInstance, opts: { incidents: IncidentsRepo, sender: string, publicUrl?: string }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  app.get('/incidents/:id/cap', {
    onRequest: app.requireRole('viewer'),
    schema: {
      tags: ['incidents'],
      summary: 'The incident as a CAP 1.2 <alert> (application/cap+xml): Alert while unanswered, Update after a change, Cancel when cancelled',
      params: Type.Object({ id: Type.String() }),
      produces: [CAP_CONTENT_TYPE],
      response: { 200: Type.String({ description: 'the CAP 1.2 XML document' }), 404: errorSchema }
    }
  }, async (req, reply) => {
    const incident = await opts.incidents.get(req.params.id)
    if (incident === undefined) throw new HttpError('not_found', `no incident "${req.params.id}"`)
    const timeline = await opts.incidents.timeline(incident.id)
    reply.type(`${CAP_CONTENT_TYPE}; charset=utf-8`)
    return capXml(capOfIncident(incident, timeline, opts))
  })
}
