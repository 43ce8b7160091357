import t from 'tap'
import { ADMIN_KEY, startTestFlare } from '../helpers/flare.js'
import { startBrowser } from '../helpers/browser.js'
import { HERE, responderAt } from '../gateway/dispatch/responders.js'

t.test('scratch', async (t) => {
  const f = await startTestFlare(t)
  const browser = await startBrowser(t)
  await f.api('POST', '/api/v1/zones', { id: 'campus', name: 'Campus', geometry: { type: 'Polygon', coordinates: [[[18.41, -33.93], [18.44, -33.93], [18.44, -33.915], [18.41, -33.915], [18.41, -33.93]]] } })
  await responderAt(f, t, 'Near', 0.001)
  const d = await f.device({ kind: 'phone', name: 'Lobby phone' })
  const dev = await f.connect({ clientId: d.id, username: d.id, password: d.secret })
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, extraHTTPHeaders: { authorization: `Bearer ${ADMIN_KEY}` } })
  const page = await context.newPage()
  page.on('pageerror', (e) => console.log('PAGEERROR', e.message))
  page.on('console', (m) => console.log('CONSOLE', m.type(), m.text()))
  await page.route('**/api/v1/session', (r) => r.fulfill({ json: { user: { id: 'u1', username: 'admin', name: 'Ada Admin', role: 'admin', language: 'en' }, csrfToken: 'x' } }))
  await page.goto(`${f.httpUrl}/console/`)
  await page.locator('#board-view').waitFor()
  await dev.publishAsync(`dev/${d.id}/alert`, JSON.stringify({ alertId: 'p1', kind: 'PANIC', location: HERE }), { qos: 1 })
  await page.locator('#board-rows tr').first().waitFor({ timeout: 5000 })
  await page.waitForTimeout(1500)
  await page.screenshot({ path: '/tmp/board.png' })
  await page.locator('#board-rows a').first().click()
  await page.locator('#detail-body .timeline').waitFor()
  await page.waitForTimeout(500)
  await page.screenshot({ path: '/tmp/detail.png' })
  console.log(await page.locator('#detail-body').innerText())
})
