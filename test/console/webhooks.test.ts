// An admin subscribes a service to incident events in the console, copies the secret shown once,
// watches a delivery fail against a real receiver, sends it again from the log, and edits and
// deletes the subscription; in Afrikaans too; and only admins get the view.
import t from 'tap'
import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Test } from 'tap'
import { verify } from '../../gateway/webhooks/signature.js'
import { startTestFlare } from '../helpers/flare.js'
import { checkAccessibility, login, makeUser, openConsole, startBrowser } from '../helpers/browser.js'
import { until } from '../helpers/wait.js'
import { polygon } from '../gateway/zones/support.js'

const PASSWORD = 'correct horse battery staple'
// Deliveries looked for often; after a failure the next attempt is half an hour or more away, so
// only the page's "send again" sends it in this test.
const ENV = { WEBHOOK_INTERVAL_MS: '50', WEBHOOK_BACKOFF_BASE_MS: '3600000' }

/** A real HTTP receiver: 503 until `up`, then 200 with its own case number. */
async function receiver (t: Test): Promise<{ url: string, got: Array<{ headers: IncomingHttpHeaders, body: string }>, up: (v: boolean) => void }> {
  const got: Array<{ headers: IncomingHttpHeaders, body: string }> = []
  let up = false
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (c) => { body += c })
    req.on('end', () => {
      got.push({ headers: req.headers, body })
      if (up) res.writeHead(200, { 'content-type': 'application/json' }).end('{"externalReference":"CAD-9"}')
      else res.writeHead(503).end('busy')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, got, up: (v) => { up = v } }
}

t.test('an admin subscribes a receiver, gets its secret once, re-sends a failed delivery from the log, edits and deletes the subscription', async (t) => {
  const r = await receiver(t)
  const f = await startTestFlare(t, ENV)
  const browser = await startBrowser(t)
  await makeUser(f, { username: 'ada', password: PASSWORD, role: 'admin', name: 'Ada Admin' })
  t.equal((await f.api('POST', '/api/v1/zones', { id: 'north', name: 'North', geometry: polygon(18.40, -33.90, 18.50, -33.80) })).status, 201)
  const { page, errors } = await openConsole(t, browser, f)
  await login(page, 'ada', PASSWORD)
  await page.getByRole('link', { name: 'Webhooks' }).click()
  await page.locator('#webhooks-empty').waitFor({ state: 'visible' })

  await page.getByRole('button', { name: 'New webhook' }).click()
  const form = page.locator('#webhook-form')
  await form.waitFor()
  t.equal(await page.evaluate(() => document.activeElement?.id), 'wh-name', 'focus on the first field')
  await form.getByLabel('Name').fill('City CAD')
  await form.getByLabel('URL').fill(r.url)
  await form.getByLabel('opened').uncheck()
  await form.getByRole('button', { name: 'Subscribe' }).click()
  t.equal(await page.locator('#webhook-form-message').innerText(), 'Tick at least one event.', 'no events: said before anything is sent')
  await form.getByLabel('opened').check()
  await form.getByLabel('resolved').check()
  await form.getByLabel('Categories').fill('security, fire')
  await form.getByLabel('North').check()
  await form.getByLabel('Priority').selectOption({ label: 'priority 1 to 2' })
  await checkAccessibility(t, page, 'the new webhook form')
  await form.getByRole('button', { name: 'Subscribe' }).click()

  const secretBox = page.getByLabel('Secret', { exact: true })
  await secretBox.waitFor()
  const secret = await secretBox.inputValue()
  t.match(secret, /^whsec_/, 'the secret the server made')
  t.equal(await page.evaluate(() => document.activeElement?.id), 'webhook-secret', 'focused, to copy')
  t.same(await secretBox.evaluate((i: HTMLInputElement) => [i.selectionStart, i.selectionEnd]), [0, secret.length], 'and selected')
  t.match(await page.locator('#webhook-secret-note').innerText(), /shown only this once/)
  await checkAccessibility(t, page, 'the webhook secret')
  const [hook] = (await f.api('GET', '/api/v1/webhooks')).body.items
  t.match(hook, { name: 'City CAD', url: r.url, events: ['incident.opened', 'incident.resolved'], categories: ['security', 'fire'], zones: ['north'], maxPriority: 2, format: 'json' })
  const row = page.locator(`#webhook-rows tr[data-id="${hook.id as string}"]`)
  t.match(await row.innerText(), /City CAD\s+http:\/\/127\.0\.0\.1:\d+\/hook\s+opened, resolved\s+categories security, fire; zones north; priority 1 to 2/)
  await page.getByRole('button', { name: 'I have copied it' }).click()
  t.equal(await page.locator('#webhook-secret-panel').isHidden(), true, 'gone from the page')
  t.equal(await page.evaluate(() => document.activeElement?.id), 'webhooks-new')

  // An incident it wants: the receiver is down, the delivery fails and waits.
  t.equal((await f.api('POST', '/api/v1/incidents', { category: 'security', priority: 1, source: 'phone', lat: -33.85, lon: 18.45 })).status, 201)
  await until(async () => (await f.api('GET', `/api/v1/webhooks/${hook.id as string}/deliveries`)).body.items[0]?.lastError, (e) => e != null)
  t.equal(r.got.length, 1, 'one attempt, refused')
  t.ok(verify(secret, r.got[0].body, r.got[0].headers['flare-signature'] as string, Math.floor(Date.now() / 1000)), 'signed with the secret the page showed')

  await row.getByRole('button', { name: 'Deliveries City CAD' }).click()
  const log = page.locator('#webhook-deliveries-rows tr').first()
  await log.waitFor()
  t.equal(await page.evaluate(() => document.activeElement?.id), 'webhook-deliveries-h', 'focus on the log')
  t.match(await log.innerText(), /incident\.opened\s+Open\s+(◔ Waiting|✕ Failed)\s+1\s+503\s+HTTP 503: busy\s+—/)
  await checkAccessibility(t, page, 'the delivery log')

  r.up(true)
  await log.getByRole('button', { name: 'Send again now' }).click()
  await page.locator('#webhook-deliveries-message.ok').waitFor()
  t.equal(await page.locator('#webhook-deliveries-message').innerText(), 'The incident.opened delivery is sent again.')
  await until(async () => r.got.length, (n) => n >= 2)
  t.equal(r.got.length, 2, 'the receiver got it again')
  t.equal(r.got[1].headers['flare-delivery'], r.got[0].headers['flare-delivery'], 'with the same delivery id')
  const delivered = await until(async () => {
    await page.getByRole('button', { name: 'Refresh' }).click()
    await page.locator('#webhook-deliveries-message', { hasText: 'Up to date.' }).waitFor()
    return await log.innerText()
  }, (text) => /Delivered/.test(text))
  t.match(delivered, /✓ Delivered\s+1\s+200\s+—\s+CAD-9/, 'delivered, with the receiver\'s reference')
  t.equal(await log.getByRole('button').count(), 0, 'nothing to send again')

  await row.getByRole('button', { name: 'Edit City CAD' }).click()
  await form.waitFor()
  t.equal(await form.getByLabel('URL').inputValue(), r.url, 'the form holds the subscription')
  t.equal(await form.getByLabel('North').isChecked(), true)
  await form.getByLabel('Name').fill('City CAD (test)')
  await form.getByLabel('resolved').uncheck()
  await form.getByLabel('escalated').check()
  await form.getByLabel('Categories').fill('')
  await form.getByLabel('North').uncheck()
  await form.getByLabel('Priority').selectOption({ label: 'Any priority' })
  await form.getByLabel('Body').selectOption({ label: 'CAP 1.2 (XML)' })
  await form.getByRole('button', { name: 'Save the changes' }).click()
  await page.locator('#webhooks-message.ok').waitFor()
  t.equal(await page.evaluate(() => document.activeElement?.id), 'webhooks-message', 'focus on what happened')
  t.match((await f.api('GET', `/api/v1/webhooks/${hook.id as string}`)).body, { name: 'City CAD (test)', events: ['incident.opened', 'incident.escalated'], categories: null, zones: null, maxPriority: null, format: 'cap' })
  t.match(await row.innerText(), /City CAD \(test\)\s+\S+\s+opened, escalated\s+All/)

  page.once('dialog', (d) => { t.match(d.message(), /Delete the webhook City CAD \(test\)/); void d.accept() })
  await row.getByRole('button', { name: 'Delete City CAD (test)' }).click()
  await page.locator('#webhooks-empty').waitFor({ state: 'visible' })
  t.equal(await page.locator('#webhook-deliveries-panel').isHidden(), true, 'its log closed with it')
  t.not((await f.api('GET', `/api/v1/webhooks/${hook.id as string}`)).body.revokedAt, null, 'revoked over REST')
  t.same(errors, [])
})

t.test('an Afrikaans admin gets the view, its form and the log in Afrikaans; a dispatcher does not get the view', async (t) => {
  const f = await startTestFlare(t)
  const browser = await startBrowser(t)
  await makeUser(f, { username: 'anna', password: PASSWORD, role: 'admin', name: 'Anna Admin', language: 'af' })
  await makeUser(f, { username: 'dora', password: PASSWORD, role: 'dispatcher', name: 'Dora Dlamini' })
  t.equal((await f.api('POST', '/api/v1/webhooks', { name: 'Munisipaliteit', url: 'http://127.0.0.1:9/hook', events: ['incident.closed'] })).status, 201)

  const { page, errors } = await openConsole(t, browser, f)
  await login(page, 'anna', PASSWORD)
  await page.getByRole('link', { name: 'Webhooks' }).click()
  const row = page.locator('#webhook-rows tr').first()
  await row.waitFor()
  t.match(await row.innerText(), /Munisipaliteit\s+\S+\s+gesluit\s+Almal/)
  await row.getByRole('button', { name: 'Aflewerings Munisipaliteit' }).click()
  await page.locator('#webhook-deliveries-empty').waitFor({ state: 'visible' })
  t.equal(await page.locator('#webhook-deliveries-h').innerText(), 'Aflewerings van Munisipaliteit')
  t.equal(await page.locator('#webhook-deliveries-empty').innerText(), 'Nog niks gestuur nie.')
  t.equal(await page.getByRole('columnheader', { name: 'Pogings' }).count(), 1)
  await page.getByRole('button', { name: 'Nuwe webhook' }).click()
  const form = page.locator('#webhook-form')
  await form.waitFor()
  for (const label of ['Naam', 'Kategorieë', 'Prioriteit', 'geopen', 'opgeskaal']) t.equal(await form.getByLabel(label, { exact: true }).count(), 1, `labelled "${label}"`)
  t.match(await form.innerText(), /Geen sones is gedefinieer nie\./)
  await checkAccessibility(t, page, 'webhooks in Afrikaans')
  t.same(errors, [])

  const dispatcher = await openConsole(t, browser, f)
  await login(dispatcher.page, 'dora', PASSWORD)
  t.equal(await dispatcher.page.locator('nav a[href="#/webhooks"]').isHidden(), true, 'no link')
  await dispatcher.page.keyboard.press('d')
  await dispatcher.page.locator('#devices-view').waitFor()
  await dispatcher.page.goto(`${f.httpUrl}/console/#/webhooks`)
  await dispatcher.page.locator('#devices-view').waitFor({ state: 'hidden' })
  t.equal(await dispatcher.page.locator('#board-view').isVisible(), true, 'the board instead')
  t.equal(await dispatcher.page.locator('#webhooks-view').isHidden(), true, 'the address alone does not open it')
  t.same(dispatcher.errors, [])
})
