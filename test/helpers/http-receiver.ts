import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface Received { headers: IncomingHttpHeaders, body: string }

/** A real HTTP receiver: answers each request with what `answer` says for that request number (1, 2, …). */
export async function receiver (t: any, answer: (n: number) => { status: number, body?: string }): Promise<{ url: string, got: Received[] }> {
  const got: Received[] = []
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (c) => { body += c })
    req.on('end', () => {
      got.push({ headers: req.headers, body })
      const a = answer(got.length)
      res.writeHead(a.status, { 'content-type': 'application/json' }).end(a.body ?? '')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, got }
}
