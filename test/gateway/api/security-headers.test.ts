// Security headers (helmet): a CSP for the console, the field app, /docs and the API; framing
// refused; nosniff; no Referer; HSTS only over HTTPS. In a browser, the pages run under their CSP
// and a violation is seen by the tests' error collection.
import t, { type Test } from 'tap'
import { ADMIN_KEY, startTestFlare } from '../../helpers/flare.js'
import { openConsole, startBrowser } from '../../helpers/browser.js'
import { until } from '../../helpers/wait.js'
import { pageCsp } from '../../../gateway/api/security-headers.js'

/** A CSP header as directive → sources. */
function directives (csp: string | null): Record<string, string> {
  const out: Record<string, string> = {}
  for (const part of (csp ?? '').split(';').map(s => s.trim()).filter(s => s !== '')) {
    const [name, ...sources] = part.split(/\s+/)
    out[name] = sources.join(' ')
  }
  return out
}

function commonHeaders (t: Test, res: Response, what: string): void {
  t.equal(res.headers.get('x-frame-options'), 'DENY', `${what}: X-Frame-Options`)
  t.equal(res.headers.get('x-content-type-options'), 'nosniff', `${what}: nosniff`)
  t.equal(res.headers.get('referrer-policy'), 'no-referrer', `${what}: Referrer-Policy`)
  t.equal(directives(res.headers.get('content-security-policy'))['frame-ancestors'], "'none'", `${what}: frame-ancestors`)
  t.equal(res.headers.get('strict-transport-security'), null, `${what}: no HSTS over plain HTTP`)
}

t.test('the console page, the field app, an API answer and /docs each carry their headers', async (t) => {
  const f = await startTestFlare(t, { CONSOLE_TILE_URL: 'https://{s}.tiles.example.org/{z}/{x}/{y}.png' })

  const console = await fetch(`${f.httpUrl}/console/`)
  commonHeaders(t, console, 'console')
  const c = directives(console.headers.get('content-security-policy'))
  t.match(c, { 'default-src': "'self'", 'script-src': "'self'", 'style-src': "'self'", 'connect-src': "'self'", 'object-src': "'none'", 'base-uri': "'none'" })
  t.equal(c['img-src'], "'self' data: https://*.tiles.example.org", 'the configured tiles\' origin, its subdomains as a wildcard')
  t.equal(c['worker-src'], undefined, 'no blob: workers on the console')
  await console.arrayBuffer()
  const leaflet = await fetch(`${f.httpUrl}/console/vendor/leaflet/leaflet.css`)
  t.equal(directives(leaflet.headers.get('content-security-policy'))['script-src'], "'self'", 'the console\'s files too')
  await leaflet.arrayBuffer()

  const app = await fetch(`${f.httpUrl}/app/`)
  commonHeaders(t, app, 'field app')
  const a = directives(app.headers.get('content-security-policy'))
  t.match(a, { 'default-src': "'self'", 'script-src': "'self'", 'connect-src': "'self'", 'worker-src': "'self' blob:" })
  t.equal(a['img-src'], "'self' data: https://*.tiles.example.org")
  await app.arrayBuffer()
  const sw = await fetch(`${f.httpUrl}/app/sw.js`)
  t.equal(directives(sw.headers.get('content-security-policy'))['worker-src'], "'self' blob:", 'the service worker runs under the field app\'s CSP')
  await sw.arrayBuffer()

  const api = await fetch(`${f.httpUrl}/api/v1/incidents`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } })
  t.equal(api.status, 200)
  commonHeaders(t, api, 'API')
  t.same(directives(api.headers.get('content-security-policy')), { 'default-src': "'none'", 'base-uri': "'none'", 'form-action': "'none'", 'frame-ancestors': "'none'" }, 'an API answer may load nothing')
  await api.arrayBuffer()
  const refused = await fetch(`${f.httpUrl}/api/v1/incidents`)
  t.equal(refused.status, 401)
  commonHeaders(t, refused, 'an API error')
  await refused.arrayBuffer()

  const docs = await fetch(`${f.httpUrl}/docs/static/index.html`)
  commonHeaders(t, docs, '/docs')
  t.equal(directives(docs.headers.get('content-security-policy'))['script-src'], "'self'", '/docs: no inline scripts either')
  await docs.arrayBuffer()
})

t.test('HSTS only on a request that came over HTTPS through a trusted proxy', async (t) => {
  const f = await startTestFlare(t, { HTTP_TRUST_PROXY: '127.0.0.1' })
  const https = await fetch(`${f.httpUrl}/console/`, { headers: { 'x-forwarded-proto': 'https' } })
  t.equal(https.headers.get('strict-transport-security'), 'max-age=31536000')
  await https.arrayBuffer()
  const http = await fetch(`${f.httpUrl}/console/`, { headers: { 'x-forwarded-proto': 'http' } })
  t.equal(http.headers.get('strict-transport-security'), null)
  await http.arrayBuffer()

  const untrusted = await startTestFlare(t)
  const spoofed = await fetch(`${untrusted.httpUrl}/api/v1/incidents`, { headers: { 'x-forwarded-proto': 'https' } })
  t.equal(spoofed.headers.get('strict-transport-security'), null, 'X-Forwarded-Proto from an untrusted peer is ignored')
  await spoofed.arrayBuffer()
})

t.test('in a browser: the console and /docs run under their CSP, and a violation is caught as an error', async (t) => {
  const f = await startTestFlare(t)
  const browser = await startBrowser(t)
  const p = await openConsole(t, browser, f)
  await p.page.getByLabel('Username').waitFor()
  t.same(p.errors, [], 'the login page loads without a violation')
  // An inline script, as an injected one would be: refused by script-src 'self'.
  await p.page.evaluate(() => {
    const s = document.createElement('script')
    s.textContent = 'window.injected = true'
    document.head.appendChild(s)
  })
  await until(async () => p.errors.length, (n) => n > 0, 5000)
  t.equal(await p.page.evaluate(() => (window as any).injected), undefined, 'the inline script did not run')
  t.match(p.errors.join('\n'), /Content Security Policy/, 'the violation is in the errors the browser tests check')

  const docs = await browser.newPage()
  t.teardown(async () => { await docs.close() })
  const errors: string[] = []
  docs.on('pageerror', (err) => errors.push(err.message))
  docs.on('console', (m) => { if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) errors.push(m.text()) })
  await docs.goto(`${f.httpUrl}/docs`)
  await docs.getByText('Flare API').first().waitFor()
  t.same(errors, [], 'Swagger UI renders the API without a violation')
})

t.test('pageCsp: no tiles, no remote origin', async (t) => {
  t.same(pageCsp()['img-src'], ["'self'", 'data:'])
  t.notMatch(JSON.stringify(pageCsp()), /https?:/)
})
