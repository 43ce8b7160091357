import type { FastifyInstance } from 'fastify'
import cors from '@fastify/cors'

/**
 * CORS for the origins in CORS_ORIGINS, and nothing at all without them (no
 * Access-Control-Allow-Origin: browsers keep other sites' pages away from the API). Allowed pages
 * call with an API key (Authorization), never with a dispatcher's session cookie: no credentials,
 * so a listed site cannot act as whoever is logged in to the console in the same browser.
 */
export async function registerCors (app: FastifyInstance, origins: string[]): Promise<void> {
  if (origins.length === 0) return
  await app.register(cors, {
    origin: origins,
    credentials: false,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['authorization', 'content-type'],
    // A refused client waits as long as it is told.
    exposedHeaders: ['retry-after'],
    maxAge: 600
  })
}
