/** A TCP proxy in front of PostgreSQL that a test can cut and restore (not a test file: tap only runs *.test.ts). */
import { createServer, connect, type Server, type Socket } from 'node:net'

export interface PgProxy {
  port: number
  /** DATABASE_URL for `database` through the proxy */
  url: (database: string) => string
  /** destroys every open connection and refuses new ones (accepted, then closed at once) */
  cut: () => void
  /** accepts and forwards again */
  restore: () => void
  /** connections forwarded so far */
  readonly forwarded: number
  close: () => Promise<void>
}

export async function startPgProxy (target = { host: '127.0.0.1', port: 5432 }): Promise<PgProxy> {
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
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const address = server.address()
  if (typeof address !== 'object' || address === null) throw new Error('proxy has no port')
  const port = address.port
  return {
    port,
    url: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    cut: () => {
      refusing = true
      for (const s of open) s.destroy()
      open.clear()
    },
    restore: () => { refusing = false },
    get forwarded () { return forwarded },
    close: async () => {
      refusing = true
      for (const s of open) s.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
}
