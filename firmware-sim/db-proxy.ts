// A TCP proxy in front of PostgreSQL that the simulator, the benchmark and the tests can cut and
// restore: the database outage as an operator would cause it (the server keeps running, the network
// path to it is gone), without stopping a PostgreSQL that others share.
import { createServer as createHttpServer } from 'node:http'
import { createServer, connect, type Server, type Socket } from 'node:net'

export interface DbProxy {
  port: number
  /** `databaseUrl` with its host and port replaced by the proxy's */
  through: (databaseUrl: string) => string
  /** destroys every open connection and refuses new ones (accepted, then closed at once) */
  cut: () => void
  /** accepts and forwards again */
  restore: () => void
  readonly isCut: boolean
  /** connections forwarded so far */
  readonly forwarded: number
  close: () => Promise<void>
}

export async function startDbProxy (target: { host: string, port: number } = { host: '127.0.0.1', port: 5432 }, listenPort = 0): Promise<DbProxy> {
  const open = new Set<Socket>()
  let refusing = false
  let forwarded = 0
  const server: Server = createServer((client) => {
    if (refusing) { client.destroy(); return }
    forwarded++
    const upstream = connect(target.port, target.host)
    open.add(client)
    open.add(upstream)
    const drop = (): void => {
      client.destroy()
      upstream.destroy()
      open.delete(client)
      open.delete(upstream)
    }
    client.on('error', drop).on('close', drop)
    upstream.on('error', drop).on('close', drop)
    client.pipe(upstream)
    upstream.pipe(client)
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(listenPort, '127.0.0.1', () => resolve())
  })
  const address = server.address()
  if (typeof address !== 'object' || address === null) throw new Error('proxy has no port')
  const port = address.port
  const cut = (): void => {
    refusing = true
    for (const s of open) s.destroy()
    open.clear()
  }
  return {
    port,
    through: (databaseUrl) => {
      const u = new URL(databaseUrl)
      u.hostname = '127.0.0.1'
      u.port = String(port)
      return u.toString()
    },
    cut,
    restore: () => { refusing = false },
    get isCut () { return refusing },
    get forwarded () { return forwarded },
    close: async () => {
      cut()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
}

/**
 * The proxy's control over HTTP, for a `firmware-sim run --db-outage` in another process:
 * `POST /cut`, `POST /restore`, `GET /` (`{"cut": false, "forwarded": 12}`).
 */
export async function serveControl (proxy: DbProxy, port: number, host = '127.0.0.1'): Promise<{ port: number, close: () => Promise<void> }> {
  const server = createHttpServer((req, res) => {
    const answer = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body) + '\n')
    }
    if (req.method === 'POST' && req.url === '/cut') { proxy.cut(); answer(200, { cut: true }); return }
    if (req.method === 'POST' && req.url === '/restore') { proxy.restore(); answer(200, { cut: false }); return }
    if (req.method === 'GET' && req.url === '/') { answer(200, { cut: proxy.isCut, forwarded: proxy.forwarded }); return }
    answer(404, { error: 'POST /cut, POST /restore or GET /' })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => resolve())
  })
  const address = server.address()
  return {
    port: typeof address === 'object' && address !== null ? address.port : port,
    close: async () => { await new Promise<void>((resolve) => server.close(() => resolve())) }
  }
}

/** A run's outage control over a `serveControl` URL. */
export function remoteControl (url: string): { cut: () => Promise<void>, restore: () => Promise<void> } {
  const post = async (path: string): Promise<void> => {
    const res = await fetch(new URL(path, url), { method: 'POST' })
    if (res.status !== 200) throw new Error(`db-proxy control ${path}: HTTP ${res.status}`)
  }
  return { cut: async () => { await post('/cut') }, restore: async () => { await post('/restore') } }
}
