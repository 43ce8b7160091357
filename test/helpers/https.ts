/** HTTP(S) requests with a CA to trust (the global fetch cannot be given one on Node 20). */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http'
import { request as httpsRequest } from 'node:https'

export interface Response { status: number, headers: IncomingHttpHeaders, text: string }

export async function send (url: string, opts: { method?: string, headers?: Record<string, string>, body?: string, ca?: Buffer } = {}): Promise<Response> {
  const target = new URL(url)
  const request = target.protocol === 'https:' ? httpsRequest : httpRequest
  return await new Promise((resolve, reject) => {
    const req = request(target, { method: opts.method ?? 'GET', headers: opts.headers, ...(opts.ca === undefined ? {} : { ca: opts.ca }) }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (d: string) => { text += d })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(opts.body)
  })
}
