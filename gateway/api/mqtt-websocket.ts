import type { FastifyInstance } from 'fastify'
import { createWebSocketStream } from 'ws'
import type { FlareBroker } from '../../broker/broker.js'

/** MQTT over WebSocket at /mqtt, on the same HTTP port as the REST API. */
export async function mqttWebSocketPlugin (app: FastifyInstance, opts: { broker: FlareBroker }): Promise<void> {
  app.get('/mqtt', { websocket: true, schema: { hide: true } }, (socket, req) => {
    const stream = createWebSocketStream(socket as any)
    stream.on('error', () => socket.terminate())
    const client = opts.broker.handle(stream, 'ws', req.raw)
    // A frame over maxPayload (= MQTT_MAX_PACKET_BYTES) is refused by ws itself (close 1009): count it too.
    socket.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') opts.broker.packetSize.refused('ws', client, undefined)
    })
  })
}
