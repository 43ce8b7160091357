import { TLSSocket } from 'node:tls'
import type { Client } from 'aedes'

/**
 * What a client's TLS certificate says, when it presented one on MQTTS (TLS_CA set): the principal
 * id it names (its subject CN) if it was signed by TLS_CA, else why it is not trusted. Undefined
 * when there is no certificate (TCP, WebSocket, or TLS without one).
 */
export type ClientCertificate = { id: string } | { untrusted: string }

export function clientCertificate (client: Client): ClientCertificate | undefined {
  const socket = client.conn
  if (!(socket instanceof TLSSocket)) return undefined
  const cert = socket.getPeerCertificate()
  // An empty object when the client sent none.
  if (cert === null || cert === undefined || Object.keys(cert).length === 0) return undefined
  if (!socket.authorized) return { untrusted: String(socket.authorizationError ?? 'not signed by TLS_CA') }
  const cn = cert.subject?.CN
  // A subject may repeat CN; Node then gives an array. One name or none.
  if (typeof cn !== 'string' || cn === '') return { untrusted: 'the certificate has no single subject CN' }
  return { id: cn }
}
