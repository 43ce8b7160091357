// The field app is served by Flare itself: its shell, mqtt.js' browser build, nothing from elsewhere.
import t from 'tap'
import { readFileSync } from 'node:fs'
import { startTestFlare } from '../../helpers/flare.js'

t.test('/app serves the shell, the manifest, the service worker and mqtt.js, with the console\'s CSP', async (t) => {
  const f = await startTestFlare(t)
  const redirect = await fetch(`${f.httpUrl}/app`, { redirect: 'manual' })
  t.equal(redirect.status, 302)
  t.equal(redirect.headers.get('location'), '/app/')
  const page = await fetch(`${f.httpUrl}/app/`)
  t.equal(page.status, 200)
  t.match(page.headers.get('content-type'), /text\/html/)
  const csp = page.headers.get('content-security-policy') ?? ''
  t.match(csp, /default-src 'self'/)
  t.match(csp, /script-src 'self'(;|$)/, 'scripts from this origin only, none inline')
  t.match(csp, /worker-src 'self' blob:(;|$)/, 'mqtt.js\' timer worker')
  t.match(csp, /connect-src 'self'(;|$)/, 'the REST API and the MQTT WebSocket of this origin only')
  t.notMatch(csp, /https?:/, 'no remote origin allowed')
  t.notMatch(await page.text(), /https?:\/\//, 'the page references no other origin')

  const manifest = await (await fetch(`${f.httpUrl}/app/manifest.webmanifest`)).json()
  t.match(manifest, { start_url: '/app/', scope: '/app/', display: 'standalone' })
  for (const icon of manifest.icons) {
    const res = await fetch(new URL(icon.src, `${f.httpUrl}/app/`))
    t.equal(res.status, 200, icon.src)
    t.match(res.headers.get('content-type'), icon.type)
  }

  const sw = await fetch(`${f.httpUrl}/app/sw.js`)
  t.equal(sw.status, 200)
  t.equal(sw.headers.get('cache-control'), 'no-cache', 'a new release replaces the cached shell')
  const shell = /const SHELL = \[([^\]]+)\]/.exec(await sw.text())?.[1] ?? ''
  const paths = [...shell.matchAll(/'([^']+)'/g)].map(m => m[1])
  t.ok(paths.length > 10, 'the service worker lists the shell')
  for (const path of paths) {
    const res = await fetch(new URL(path, `${f.httpUrl}/app/`))
    t.equal(res.status, 200, `cached at install, so it must exist: ${path}`)
    await res.arrayBuffer()
  }

  const mqtt = await fetch(`${f.httpUrl}/app/vendor/mqtt/mqtt.min.js`)
  t.equal(mqtt.status, 200)
  t.equal(await mqtt.text(), readFileSync('node_modules/mqtt/dist/mqtt.min.js', 'utf8'), 'mqtt.js from node_modules, as it is')
  t.equal((await fetch(`${f.httpUrl}/app/vendor/mqtt/mqtt.js`)).status, 404, 'only the minified build')
  t.equal((await fetch(`${f.httpUrl}/app/%2e%2e/package.json`)).status, 404, 'nothing outside the app directory')
  t.equal((await fetch(`${f.httpUrl}/app/nope.js`)).status, 404)
})

t.test('CONSOLE_TILE_URL: the responder map uses the console\'s tiles, so their origin is in the CSP (images only)', async (t) => {
  const f = await startTestFlare(t, { CONSOLE_TILE_URL: 'https://tiles.example.org/{z}/{x}/{y}.png' })
  const csp = (await fetch(`${f.httpUrl}/app/`)).headers.get('content-security-policy') ?? ''
  t.match(csp, /img-src 'self' data: https:\/\/tiles\.example\.org;/)
  t.match(csp, /script-src 'self';/)
})
