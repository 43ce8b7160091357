import type { FastifyInstance } from 'fastify'
import { createWebSocketStream } from 'ws'
import type { Aedes } from 'aedes'

/** MQTT over WebSocket at /mqtt, on the same HTTP port as the REST API. */
export async function mqttWebSocketPlugin (app: FastifyInstance, opts: { aedes: Aedes }): Promise<void> {
  app.get('/mqtt', { websocket: true, schema: { hide: true } }, (socket, req) => {
    const stream = createWebSocketStream(socket as any)
    stream.on('error', () => socket.terminate())
    opts.aedes.handle(stream, req.raw)
  })
}
