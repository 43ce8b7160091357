// firmware-sim's REST client when Flare says "not now": a real HTTP server on port 0 answers 429
// (or 503) with Retry-After, as Flare's rate limit and degraded mode do, before it serves.
import t from 'tap'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { RestClient } from '../../firmware-sim/rest.js'

type Answer = { status: number, retryAfter?: string, body: unknown }

async function server (t: Parameters<Parameters<typeof t.test>[1]>[0], answers: Answer[]): Promise<{ url: string, requests: Array<{ method: string, url: string, body: string }> }> {
  const requests: Array<{ method: string, url: string, body: string }> = []
  const s = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = ''
    req.on('data', (c) => { body += String(c) })
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', body })
      const a = answers[Math.min(requests.length - 1, answers.length - 1)]
      res.writeHead(a.status, { 'content-type': 'application/json', ...(a.retryAfter === undefined ? {} : { 'retry-after': a.retryAfter }) })
      res.end(JSON.stringify(a.body))
    })
  })
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve))
  t.teardown(() => { s.close() })
  return { url: `http://127.0.0.1:${(s.address() as AddressInfo).port}`, requests }
}

const limited = (s: string): Answer => ({ status: 429, retryAfter: s, body: { error: { code: 'rate_limited', message: `retry in ${s} s` } } })

t.test('429 and 503 with Retry-After: told, waited for, sent again with the same body; then the answer', async (t) => {
  const { url, requests } = await server(t, [limited('1'), { status: 503, retryAfter: '1', body: { error: { code: 'database_unavailable' } } }, { status: 201, body: { device: { id: 'd1' } } }])
  const waits: unknown[] = []
  const started = Date.now()
  const res = await new RestClient(url, 'key', { onWait: (w) => waits.push(w) }).post('/api/v1/devices', { id: 'd1' })
  t.same(res, { device: { id: 'd1' } }, 'the answer once Flare served it')
  t.same(waits, [{ seconds: 1, status: 429, method: 'POST', path: '/api/v1/devices' }, { seconds: 1, status: 503, method: 'POST', path: '/api/v1/devices' }], 'each wait told, with why')
  t.equal(requests.length, 3)
  t.ok(requests.every(r => r.body === '{"id":"d1"}'), 'the same body each time')
  t.ok(Date.now() - started >= 2000, 'the waits were kept')
})

t.test('no Retry-After, another status, or more waiting than allowed: the error at once, saying what Flare answered', async (t) => {
  const bare = await server(t, [{ status: 429, body: { error: { message: 'slow down' } } }])
  await t.rejects(new RestClient(bare.url, 'key').get('/x'), /GET \/x: HTTP 429 — slow down/, 'a 429 without Retry-After is not retried')
  t.equal(bare.requests.length, 1)

  const other = await server(t, [{ status: 400, retryAfter: '1', body: { error: { message: 'bad' } } }])
  await t.rejects(new RestClient(other.url, 'key').get('/x'), /GET \/x: HTTP 400 — bad/, 'only 429 and 503 are retried')
  t.equal(other.requests.length, 1)

  const long = await server(t, [limited('30')])
  const started = Date.now()
  const err = await new RestClient(long.url, 'key', { maxWaitS: 10 }).get('/x').catch((e: unknown) => e)
  t.match(err, { status: 429, retryAfterS: 30 }, 'a wait past maxWaitS is not started: the 429 is the error')
  t.ok(Date.now() - started < 5000, 'at once')

  const none = await server(t, [limited('1')])
  t.match(await new RestClient(none.url, 'key', { maxWaitS: 0 }).get('/x').catch((e: unknown) => e), { status: 429 }, 'maxWaitS 0: no retries')
  t.equal(none.requests.length, 1)
})
