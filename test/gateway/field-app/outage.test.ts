// The responder's app through a database outage (PostgreSQL cut through a TCP proxy): the offer made
// while the database is away shows the provisional number; after the replay the same card shows
// the final one, and accepting it and reporting "on my way" reach PostgreSQL's incident.
import t from 'tap'
import { startTestFlare } from '../../helpers/flare.js'
import { startBrowser } from '../../helpers/browser.js'
import { cutDatabase, databaseBehindProxy } from '../../helpers/outage.js'
import { until } from '../../helpers/wait.js'
import { HERE, connected, enrol, enrolmentToken, openPhone } from './app.js'

t.test('an offer made while the database was away keeps its card and takes the final incident number after the replay', async (t) => {
  const { db, proxy, url, direct } = await databaseBehindProxy(t)
  const f = await startTestFlare(t, { DATABASE_URL: url }, db)
  const browser = await startBrowser(t)
  const { id: responderId } = await f.responder({ name: 'Lindiwe', roles: ['security'], lat: HERE.latitude + 0.002, lon: HERE.longitude })
  const p = await openPhone(t, browser, f, { geolocation: { latitude: HERE.latitude + 0.002, longitude: HERE.longitude } })
  await enrol(p, f, await enrolmentToken(f, `responders/${responderId}`), 'responder')
  await connected(p.page)
  const d = await f.device({ kind: 'phone' })
  const dev = await f.connect({ clientId: d.id, username: d.id, password: d.secret })
  await until(async () => f.app.gateway.degraded.roster.size, (n) => n >= 1)

  await cutDatabase(proxy, f)
  await dev.publishAsync(`dev/${d.id}/alert`, JSON.stringify({ alertId: 'away-1', kind: 'PANIC', location: { lat: HERE.latitude, lon: HERE.longitude } }), { qos: 1 })
  const card = p.page.locator('#resp-offers article.card')
  await card.waitFor({ timeout: 15_000 })
  t.match(await card.innerText(), /Panic: incident P-/, 'the offer names the provisional incident')

  proxy.restore()
  await p.page.locator('#resp-offers article.card h4', { hasText: /incident INC-/ }).waitFor({ timeout: 30_000 })
  const { rows: [incident] } = await direct.query('SELECT id, number FROM incidents')
  t.equal(await card.count(), 1, 'one card still')
  t.match(await card.locator('h4').innerText(), `Panic: incident ${incident.number as string}`, 'now with the final number')

  await card.getByRole('button', { name: 'Accept' }).focus()
  await p.page.keyboard.press('Enter')
  await p.page.locator('#resp-current', { hasText: incident.number }).waitFor({ timeout: 15_000 })
  const assigned = await until(async () => (await direct.query('SELECT state, assigned_responder_id FROM incidents')).rows[0], (r) => r.state === 'ASSIGNED')
  t.equal(assigned.assigned_responder_id, responderId, 'PostgreSQL has the accept of the outage\'s offer')

  await p.page.locator('#resp-current').getByRole('button', { name: 'On my way' }).click()
  const enRoute = await until(async () => (await direct.query('SELECT state FROM incidents')).rows[0].state, (s) => s === 'EN_ROUTE')
  t.equal(enRoute, 'EN_ROUTE', 'and the trip\'s step names the final incident')
  t.same(p.errors, [])
})
