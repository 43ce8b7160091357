// The console in a real browser over HTTPS: it logs in (the session cookie is Secure), and its live
// feed runs over WSS on the cookie, so a press on a device reaches the board.
import t from 'tap'
import { readFileSync } from 'node:fs'
import { startTestFlare } from '../helpers/flare.js'
import { checkAccessibility, login, makeUser, openConsole, startBrowser } from '../helpers/browser.js'
import { issue, makeCa, pki } from '../helpers/tls.js'
import { collect, subscribe } from '../helpers/mqtt.js'

const PASSWORD = 'correct horse battery staple'

t.test('console over HTTPS: Secure cookie, live board over WSS', async (t) => {
  const p = pki(t)
  const ca = makeCa(p, 'test-ca')
  const server = issue(p, ca, 'server', 'localhost', 'server')
  const f = await startTestFlare(t, { TLS_CERT: server.cert, TLS_KEY: server.key }, undefined, { ca: readFileSync(ca.cert) })
  const browser = await startBrowser(t)
  await makeUser(f, { username: 'dora', password: PASSWORD, role: 'dispatcher', name: 'Dora Dlamini', language: 'en' })
  const d = await f.device({ kind: 'phone', name: 'Phone' })
  const dev = await f.connect({ clientId: d.id, username: d.id, password: d.secret })
  const acks = collect(dev, `dev/${d.id}/ack`)
  await subscribe(dev, `dev/${d.id}/ack`)

  const { page, context, errors } = await openConsole(t, browser, f, { ignoreHTTPSErrors: true })
  t.match(page.url(), /^https:\/\/127\.0\.0\.1:\d+\/console\//)
  await login(page, 'dora', PASSWORD)
  const cookie = (await context.cookies()).find(c => c.name === 'flare_session')
  t.equal(cookie?.secure, true, 'the session cookie is Secure')
  t.equal(cookie?.httpOnly, true)
  await page.locator('#live-status[data-state=live]').waitFor()
  t.pass('the live feed is up over wss:// on the cookie')

  await dev.publishAsync(`dev/${d.id}/alert`, JSON.stringify({ alertId: 'tls-press', kind: 'PANIC', location: { lat: -33.92, lon: 18.42 } }), { qos: 1 })
  t.equal(JSON.parse((await acks.next()).toString()).status, 'ACCEPTED', 'the press is accepted')
  await page.locator('#board-rows tr').first().waitFor()
  t.equal(await page.locator('#board-rows tr').count(), 1, 'the press reached the board through the WSS feed')
  await checkAccessibility(t, page, 'the board over HTTPS')
  t.same(errors, [], 'no page errors')
})
