import { createServer, type Server } from 'node:net'
import { createServer as createTlsServer, type SecureContextOptions, type Server as TlsServer } from 'node:tls'
import type { Socket } from 'node:net'
import { ConfigError } from '../config/env.js'

/**
 * Connections the kernel may hold before Flare accepts them. When a node is lost its devices all
 * reconnect to the others at once; with Node's default (511) the reconnect-storm benchmark saw the
 * accept queue overflow and connections reset. The kernel caps it at net.core.somaxconn.
 */
const LISTEN_BACKLOG = 4096

/** Listens, turning a busy or forbidden port into a ConfigError that names the variable. */
export function listen (server: Server, port: number, host: string, variable: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException): void => {
      reject(new ConfigError(variable, err.code === 'EADDRINUSE'
        ? `port ${port} is already in use`
        : `cannot listen on ${host}:${port}: ${err.code ?? err.message}`))
    }
    server.once('error', onError)
    server.listen({ port, host, backlog: LISTEN_BACKLOG }, () => {
      server.off('error', onError)
      const addr = server.address()
      resolve(typeof addr === 'object' && addr !== null ? addr.port : port)
    })
  })
}

export function tcpServer (handle: (socket: Socket) => void): Server {
  return createServer(handle)
}

/**
 * A TLS listener's certificate, key and protocol settings, kept current by their owner (the gateway
 * reloads them when the files change): a server handed to keepCurrent gets each new certificate for
 * its new connections.
 */
export interface TlsCredentials {
  /** cert, key, minVersion, ciphers; and the client CA when asked for and configured */
  contextOptions: (withClientCa: boolean) => SecureContextOptions
  keepCurrent: (server: TlsServer, withClientCa: boolean) => void
}

/**
 * MQTT over TLS. With a client CA (TLS_CA) a client certificate is asked for; `required` refuses a
 * client without a valid one at the handshake, otherwise authenticate decides (client-cert.ts).
 */
export function tlsServer (handle: (socket: Socket) => void, credentials: TlsCredentials, clientCert: { ca: boolean, required: boolean }): TlsServer {
  const server = createTlsServer({
    ...credentials.contextOptions(clientCert.ca),
    requestCert: clientCert.ca,
    rejectUnauthorized: clientCert.ca && clientCert.required
  }, handle)
  credentials.keepCurrent(server, clientCert.ca)
  return server
}

export function closeServer (server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve()
    server.close(() => resolve())
  })
}
