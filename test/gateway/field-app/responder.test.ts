import t from 'tap'
import { randomUUID } from 'node:crypto'
import { startTestFlare } from '../../helpers/flare.js'
import { startBrowser } from '../../helpers/browser.js'
import { until } from '../../helpers/wait.js'
import { collect, subscribe } from '../../helpers/mqtt.js'
import { HERE, connected, enrol, enrolmentToken, openPhone } from './app.js'

t.test('an offer not yet answered comes back after the app is reopened (resp/{id}/sync); declined, it is gone', async (t) => {
  const f = await startTestFlare(t)
  const browser = await startBrowser(t)
  const { id: responderId } = await f.responder({ name: 'Sipho', roles: ['security'], lat: HERE.latitude + 0.002, lon: HERE.longitude })
  const p = await openPhone(t, browser, f, { geolocation: { latitude: HERE.latitude + 0.002, longitude: HERE.longitude } })
  await enrol(p, f, await enrolmentToken(f, `responders/${responderId}`), 'responder')
  await connected(p.page)

  const d = await f.device({ kind: 'phone' })
  const dev = await f.connect({ clientId: d.id, username: d.id, password: d.secret })
  await dev.publishAsync(`dev/${d.id}/alert`, JSON.stringify({ alertId: 'a1', kind: 'PANIC', location: { lat: HERE.latitude, lon: HERE.longitude } }), { qos: 1 })
  const card = p.page.locator('#resp-offers article.card')
  await card.waitFor({ timeout: 15_000 })
  t.match(await card.innerText(), /Panic: incident INC-.*\n.*security/s)

  await p.page.reload()
  await connected(p.page)
  await card.waitFor({ timeout: 15_000 })
  t.equal(await card.count(), 1, 'the pending offer again, once')

  await card.getByRole('button', { name: 'Decline' }).click()
  await p.page.getByText('No offers waiting.').waitFor()
  const pending = await until(async () => (await f.api('GET', `/api/v1/responders/${responderId}/offers`)).body.items, (items: any[]) => items.length === 0)
  t.same(pending, [], 'Flare has the decline')
  t.same(p.errors, [])
})

t.test('the availability switch sets the responder off duty and back in Flare; refused while busy, it goes back', async (t) => {
  const f = await startTestFlare(t)
  const browser = await startBrowser(t)
  const { id: responderId } = await f.responder({ name: 'Sipho', roles: ['security'], lat: HERE.latitude, lon: HERE.longitude })
  const p = await openPhone(t, browser, f, { geolocation: { latitude: HERE.latitude, longitude: HERE.longitude } })
  await enrol(p, f, await enrolmentToken(f, `responders/${responderId}`), 'responder')
  await connected(p.page)
  const status = async (): Promise<string> => (await f.api('GET', `/api/v1/responders/${responderId}`)).body.status
  const duty = p.page.getByRole('switch', { name: /On duty/ })
  t.equal(await duty.getAttribute('aria-checked'), 'true')

  await duty.press('Enter')
  t.equal(await until(status, (s) => s === 'off_duty'), 'off_duty', 'off duty in Flare')
  await duty.press('Enter')
  t.equal(await until(status, (s) => s === 'available'), 'available', 'available again')

  t.equal((await f.api('PATCH', `/api/v1/responders/${responderId}`, { status: 'busy' })).status, 200)
  await duty.press('Enter')
  // The refusal is the app's feedback line (the off-duty note, shown for a moment, also says "busy").
  await p.page.locator('#resp-feedback', { hasText: /did not take that: busy with an incident/ }).waitFor({ timeout: 10_000 })
  t.equal(await duty.getAttribute('aria-checked'), 'true', 'the switch went back')
  t.equal(await status(), 'busy')
  t.same(p.errors, [])
})

t.test('an offer another responder accepted disappears with the reason in the page\'s language (Afrikaans)', async (t) => {
  const f = await startTestFlare(t)
  const browser = await startBrowser(t)
  const { id: responderId } = await f.responder({ name: 'Annelie', roles: ['security'], lat: HERE.latitude + 0.002, lon: HERE.longitude })
  const p = await openPhone(t, browser, f, { geolocation: { latitude: HERE.latitude + 0.002, longitude: HERE.longitude } })
  await enrol(p, f, await enrolmentToken(f, `responders/${responderId}`), 'responder')
  await connected(p.page)
  await p.page.locator('#lang').press('Enter')
  await p.page.locator('html[lang="af"]').waitFor({ state: 'attached' })
  t.equal(await p.page.locator('html').getAttribute('lang'), 'af', 'the responder switched the page to Afrikaans')
  // The other responder is an MQTT client; DURESS is offered to two responders at once.
  const other = await f.responder({ name: 'Thabo', roles: ['security'], lat: HERE.latitude + 0.003, lon: HERE.longitude })
  const otherClient = await f.connect({ clientId: other.id, username: other.id, password: other.secret })
  const inbox = collect(otherClient, `dispatch/${other.id}`)
  await subscribe(otherClient, `dispatch/${other.id}`)

  const d = await f.device({ kind: 'phone' })
  const dev = await f.connect({ clientId: d.id, username: d.id, password: d.secret })
  await dev.publishAsync(`dev/${d.id}/alert`, JSON.stringify({ alertId: 'w1', kind: 'DURESS', location: { lat: HERE.latitude, lon: HERE.longitude } }), { qos: 1 })
  const card = p.page.locator('#resp-offers article.card')
  await card.waitFor({ timeout: 15_000 })
  let offer
  do offer = JSON.parse((await inbox.next()).toString()).offer; while (offer === undefined)
  await otherClient.publishAsync(`resp/${other.id}/reply`, JSON.stringify({ replyId: randomUUID(), action: 'ACCEPT', offerId: offer.offerId }), { qos: 1 })

  await card.waitFor({ state: 'detached', timeout: 15_000 })
  t.equal(await p.page.locator('#resp-feedback').innerText(), `Die aanbod vir voorval ${offer.incidentNumber as string} is teruggetrek: dit is aan 'n ander reageerder gegee.`, 'the reason, in Afrikaans')
  t.same(p.errors, [])
})
