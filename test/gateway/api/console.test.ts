// The console is served by Flare itself: its files, Leaflet from node_modules, nothing from elsewhere.
import t from 'tap'
import { startTestFlare } from '../../helpers/flare.js'
import { checkAccessibility, openConsole, startBrowser } from '../../helpers/browser.js'
import { pageCsp } from '../../../gateway/api/security-headers.js'

t.test('/console serves the page, its modules and Leaflet, with a CSP that allows no other origin', async (t) => {
  const f = await startTestFlare(t)
  const redirect = await fetch(`${f.httpUrl}/console`, { redirect: 'manual' })
  t.equal(redirect.status, 302)
  t.equal(redirect.headers.get('location'), '/console/')
  const page = await fetch(`${f.httpUrl}/console/`)
  t.equal(page.status, 200)
  t.match(page.headers.get('content-type'), /text\/html/)
  const csp = page.headers.get('content-security-policy') ?? ''
  t.match(csp, /default-src 'self'/)
  t.match(csp, /script-src 'self'(;|$)/, 'scripts from this origin only, none inline')
  t.notMatch(csp, /https?:/, 'no remote origin allowed')
  const html = await page.text()
  t.notMatch(html, /https?:\/\//, 'the page references no other origin')
  for (const path of ['/console/js/main.js', '/console/js/board.js', '/console/console.css', '/console/i18n/af.json', '/console/vendor/leaflet/leaflet-src.esm.js', '/console/vendor/leaflet/leaflet.css']) {
    const res = await fetch(f.httpUrl + path)
    t.equal(res.status, 200, path)
    await res.arrayBuffer()
  }
  t.match((await fetch(`${f.httpUrl}/console/js/main.js`)).headers.get('content-type'), /javascript/)
  t.equal((await fetch(`${f.httpUrl}/console/nope.js`)).status, 404)
  t.equal((await fetch(`${f.httpUrl}/console/%2e%2e/package.json`)).status, 404, 'nothing outside the console directory')
  t.same(await (await fetch(`${f.httpUrl}/console/config.json`)).json(), { tileUrl: null })
  const api = await f.api('GET', '/api/v1/incidents')
  t.equal(api.status, 200)
})

t.test('CONSOLE_TILE_URL reaches the page and its origin the CSP (images only)', async (t) => {
  const f = await startTestFlare(t, { CONSOLE_TILE_URL: 'https://tiles.example.org/{z}/{x}/{y}.png' })
  const res = await fetch(`${f.httpUrl}/console/config.json`)
  t.same(await res.json(), { tileUrl: 'https://tiles.example.org/{z}/{x}/{y}.png' })
  const csp = res.headers.get('content-security-policy') ?? ''
  t.match(csp, /img-src 'self' data: https:\/\/tiles\.example\.org(;|$)/)
  t.match(csp, /script-src 'self'(;|$)/)
  t.same(pageCsp('https://{s}.tiles.example.org/{z}/{x}/{y}.png')['img-src'], ["'self'", 'data:', 'https://*.tiles.example.org'], 'subdomains as a wildcard')
})

t.test('the login page in a real browser: no script errors, no serious accessibility violations', async (t) => {
  const f = await startTestFlare(t)
  const browser = await startBrowser(t)
  const { page, errors } = await openConsole(t, browser, f)
  await page.getByLabel('Username').waitFor()
  t.equal(await page.locator('#app').isHidden(), true, 'nothing of the console before login')
  await checkAccessibility(t, page, 'login page')
  t.same(errors, [])
})
