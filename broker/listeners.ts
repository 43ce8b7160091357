import { createServer, type Server } from 'node:net'
import { createServer as createTlsServer } from 'node:tls'
import { readFileSync } from 'node:fs'
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

export function tlsServer (handle: (socket: Socket) => void, certFile: string, keyFile: string): Server {
  const opts = { cert: readFileSync(certFile), key: readFileSync(keyFile) }
  return createTlsServer(opts, handle)
}

export function closeServer (server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve()
    server.close(() => resolve())
  })
}
