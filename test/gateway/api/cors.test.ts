// CORS: closed unless CORS_ORIGINS lists an origin; a listed one may call with an API key (no credentials).
import t from 'tap'
import { ADMIN_KEY, startTestFlare, type TestFlare } from '../../helpers/flare.js'

async function preflight (f: TestFlare, origin: string): Promise<Response> {
  return await fetch(`${f.httpUrl}/api/v1/incidents`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' }
  })
}

async function call (f: TestFlare, origin: string): Promise<Response> {
  return await fetch(`${f.httpUrl}/api/v1/incidents`, { headers: { origin, authorization: `Bearer ${ADMIN_KEY}` } })
}

t.test('by default no origin is allowed: no Access-Control-Allow-Origin on a preflight or a request', async (t) => {
  const f = await startTestFlare(t)
  const pre = await preflight(f, 'https://dispatch.example.org')
  t.not(pre.status, 204, 'no preflight answered')
  t.equal(pre.headers.get('access-control-allow-origin'), null)
  await pre.arrayBuffer()
  const res = await call(f, 'https://dispatch.example.org')
  t.equal(res.status, 200, 'the request itself is served (a browser would keep its answer from the page)')
  t.equal(res.headers.get('access-control-allow-origin'), null)
  await res.arrayBuffer()
})

t.test('CORS_ORIGINS: a listed origin gets the headers on a preflight and a real request; another origin does not', async (t) => {
  const f = await startTestFlare(t, { CORS_ORIGINS: 'https://dispatch.example.org, http://localhost:3000' })
  const pre = await preflight(f, 'https://dispatch.example.org')
  t.equal(pre.status, 204)
  t.equal(pre.headers.get('access-control-allow-origin'), 'https://dispatch.example.org')
  t.match(pre.headers.get('access-control-allow-methods'), /POST/)
  t.match(pre.headers.get('access-control-allow-headers'), /authorization/)
  t.match(pre.headers.get('access-control-allow-headers'), /content-type/)
  t.equal(pre.headers.get('access-control-allow-credentials'), null, 'no credentials: an API key, never the console\'s cookie')
  t.match(pre.headers.get('vary'), /origin/i)

  const res = await call(f, 'http://localhost:3000')
  t.equal(res.status, 200)
  t.equal(res.headers.get('access-control-allow-origin'), 'http://localhost:3000')
  t.match(res.headers.get('access-control-expose-headers'), /retry-after/, 'a limited client can read how long to wait')
  t.match(res.headers.get('vary'), /origin/i, 'caches keep answers to different origins apart')
  await res.arrayBuffer()

  for (const other of ['https://evil.example.org', 'https://dispatch.example.org.evil.example', 'http://dispatch.example.org']) {
    const p = await preflight(f, other)
    t.equal(p.headers.get('access-control-allow-origin'), null, `preflight from ${other}`)
    await p.arrayBuffer()
    const r = await call(f, other)
    t.equal(r.headers.get('access-control-allow-origin'), null, `request from ${other}`)
    await r.arrayBuffer()
  }
})
