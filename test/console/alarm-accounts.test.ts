// An admin provisions an alarm panel's DC-09 account in the console, changes its event codes, quirks
// and key, watches it report and fall silent, and deletes it; others only look; Afrikaans throughout.
import t from 'tap'
import { readFileSync } from 'node:fs'
import { startTestFlare } from '../helpers/flare.js'
import { checkAccessibility, login, makeUser, openConsole, startBrowser } from '../helpers/browser.js'
import { panelMessage, udpSend } from '../helpers/dc09.js'
import { until } from '../helpers/wait.js'

const PASSWORD = 'correct horse battery staple'
const AES_KEY = 'sixteen-chr-key!'

t.test('an admin adds an alarm account through the page, sees it report and fall silent, edits it and deletes it; each step is what REST then holds', async (t) => {
  const f = await startTestFlare(t, { DC09_PORT: '0' })
  const browser = await startBrowser(t)
  await makeUser(f, { username: 'ada', password: PASSWORD, role: 'admin', name: 'Ada Admin' })
  t.equal((await f.api('POST', '/api/v1/persons', { id: 'shop', name: 'Corner Shop' })).status, 201)
  const { page, errors } = await openConsole(t, browser, f)
  await login(page, 'ada', PASSWORD)
  await page.getByRole('link', { name: 'Alarm panels' }).click()
  await page.locator('#alarms-empty').waitFor({ state: 'visible' })

  await page.getByRole('button', { name: 'New alarm account' }).click()
  const form = page.locator('#alarm-form')
  await form.waitFor()
  t.equal(await page.evaluate(() => document.activeElement?.id), 'aa-name', 'focus on the form\'s first field')
  await form.getByLabel('Name', { exact: true }).fill('Corner shop panel')
  await form.getByLabel('Account number').fill('12ab')
  await form.getByLabel('Receiver number').fill('1')
  await form.getByLabel('AES key').fill(AES_KEY)
  await form.getByLabel('Person or site').selectOption({ label: 'Corner Shop' })
  await form.getByLabel('Latitude').fill('-33.92')
  await form.getByLabel('Longitude').fill('18.42')
  await form.getByLabel('Address').fill('1 Long Street')
  await form.getByLabel('Supervision period (seconds)').fill('3600')
  await form.getByLabel('The CRC covers the body and the CR (some ELDES panels)').check()
  await page.getByRole('button', { name: 'Add an event code' }).click()
  t.match(await page.evaluate(() => document.activeElement?.id), /^aa-code-/, 'focus on the new code')
  await page.keyboard.type('cid:99')
  await page.locator('#aa-codes select').selectOption('PANIC')
  await page.getByRole('button', { name: 'Add the account' }).click()
  t.match(await page.locator('#alarm-form-message').innerText(), /"cid:99" is no event code/, 'a bad code is named before anything is sent')
  t.match(await page.evaluate(() => document.activeElement?.id), /^aa-code-/, 'and focus is on it')
  t.same((await f.api('GET', '/api/v1/alarm-accounts')).body.items, [], 'nothing made')
  await page.locator('#aa-codes input').fill('cid:150')
  await page.locator('#aa-defaults').evaluate((table) => { (table.closest('details') as HTMLDetailsElement).open = true })
  t.match(await page.locator('#aa-defaults').innerText(), /cid:130-139\s+BURGLARY/, 'the defaults are shown as the server has them')
  await checkAccessibility(t, page, 'the new alarm account form')
  await page.getByRole('button', { name: 'Add the account' }).click()
  await page.locator('#alarms-message.ok').waitFor()
  t.match(await page.locator('#alarms-message').innerText(), /Corner shop panel \(12AB\) is added/)
  t.equal(await page.evaluate(() => document.activeElement?.id), 'alarms-message', 'focus on what happened')

  const [made] = (await f.api('GET', '/api/v1/alarm-accounts')).body.items
  t.match(made, {
    account: '12AB',
    receiver: '1',
    line: null,
    name: 'Corner shop panel',
    encrypted: true,
    personId: 'shop',
    lat: -33.92,
    lon: 18.42,
    address: '1 Long Street',
    eventMap: { 'cid:150': 'PANIC' },
    quirks: { crcIncludesCr: true },
    supervisionS: 3600,
    aheadS: 20,
    behindS: 40
  })
  t.notOk('key' in made, 'the key is never shown')
  const row = page.locator(`#alarm-rows tr[data-id="${made.id as string}"]`)
  t.match(await row.innerText(), /Corner shop panel\s+12AB R1\s+Encrypted \(AES\)\s+Corner Shop\s+1 h\s+—\s+○ Not heard from yet/)

  // The receiver holds the account as the page made it: a standard CRC is refused (the account
  // expects the ELDES one).
  const udp = f.app.ports.dc09?.udp as number
  t.match(await udpSend(udp, panelMessage({ id: 'NULL', seq: 1, account: '12AB', receiver: '1', data: '' })), /"NAK"/, 'the CRC quirk is in force')

  await row.getByRole('button', { name: 'Edit Corner shop panel' }).click()
  await form.waitFor()
  t.equal(await form.getByLabel('Account number').inputValue(), '12AB', 'the form holds the account')
  t.equal(await form.getByLabel('Person or site').inputValue(), 'shop')
  t.equal(await page.locator('#aa-codes input').inputValue(), 'cid:150')
  await form.getByLabel('Name', { exact: true }).fill('Corner shop, back door')
  await form.getByLabel('Supervision period (seconds)').fill('')
  await form.getByLabel('The CRC covers the body and the CR (some ELDES panels)').uncheck()
  await form.getByLabel('Remove the key: the panel sends in clear').check()
  await page.locator('#aa-codes button.remove-code').click()
  t.equal(await page.evaluate(() => document.activeElement?.className), 'add-code', 'focus moves to the add button, not the page')
  await page.keyboard.press('Enter')
  await page.keyboard.type('sia:ba')
  await page.locator('#aa-codes select').selectOption('ignore')
  await page.getByRole('button', { name: 'Save the changes' }).click()
  await page.locator('#alarms-message.ok').waitFor()
  t.match(await page.locator('#alarms-message').innerText(), /Corner shop, back door \(12AB\) is saved/)
  t.match((await f.api('GET', `/api/v1/alarm-accounts/${made.id as string}`)).body, {
    name: 'Corner shop, back door', encrypted: false, eventMap: { 'sia:BA': 'ignore' }, quirks: {}, supervisionS: null, personId: 'shop', lat: -33.92
  })
  t.match(await row.innerText(), /In clear\s+Corner Shop\s+25 h \(the rules' default\)/)

  // A plain link test now: ACKed, a sign of life, so the account is reporting.
  const linkTest = panelMessage({ id: 'NULL', seq: 2, account: '12AB', receiver: '1', data: '' })
  t.match(await udpSend(udp, linkTest), /"ACK"0002R1L0#12AB\[\]/, 'the panel is ACKed')
  await until(async () => (await f.api('GET', `/api/v1/devices/${made.id as string}`)).body.lastSeenAt, (at) => at != null)
  await page.reload()
  await row.waitFor()
  t.match(await row.innerText(), /● Reporting/)
  await checkAccessibility(t, page, 'the alarm accounts list')

  // Silent past a one-second period: the list says so (as the receiver raises DEVICE_OFFLINE).
  t.equal((await f.api('PATCH', `/api/v1/alarm-accounts/${made.id as string}`, { supervisionS: 1 })).status, 200)
  const silent = await until(async () => { await page.reload(); await row.waitFor(); return await row.innerText() }, (text) => /Silent past its supervision period/.test(text))
  t.match(silent, /1 s\s+\S.*\s+⚠ Silent past its supervision period/)

  page.once('dialog', (d) => { t.match(d.message(), /Delete the alarm account Corner shop, back door \(12AB\)\?/); void d.accept() })
  await row.getByRole('button', { name: 'Delete Corner shop, back door' }).click()
  await page.locator('#alarms-empty').waitFor({ state: 'visible' })
  t.match(await page.locator('#alarms-message').innerText(), /is deleted/)
  t.not((await f.api('GET', `/api/v1/alarm-accounts/${made.id as string}`)).body.revokedAt, null, 'revoked over REST')
  t.same((await f.api('GET', '/api/v1/alarm-accounts')).body.items, [])
  t.same(errors, [])
})

t.test('a dispatcher sees the accounts but cannot change them; an Afrikaans admin gets the view and its form in Afrikaans', async (t) => {
  const f = await startTestFlare(t)
  const browser = await startBrowser(t)
  await makeUser(f, { username: 'dora', password: PASSWORD, role: 'dispatcher', name: 'Dora Dlamini' })
  await makeUser(f, { username: 'anna', password: PASSWORD, role: 'admin', name: 'Anna Admin', language: 'af' })
  // 0 is "never" and stays 0 (type coercion once made it null, the rules' default).
  const farm = await f.api('POST', '/api/v1/alarm-accounts', { account: '5678', name: 'Farm gate', supervisionS: 0, lat: 0, lon: 0 })
  t.equal(farm.status, 201)
  t.match(farm.body, { supervisionS: 0, lat: 0, lon: 0 })
  t.match((await f.api('PATCH', `/api/v1/alarm-accounts/${farm.body.id as string}`, { supervisionS: 0, address: 'Farm 12' })).body, { supervisionS: 0, lat: 0, address: 'Farm 12' })
  t.equal((await f.api('PATCH', `/api/v1/alarm-accounts/${farm.body.id as string}`, { address: '' })).status, 400, 'an empty address is refused, not stored')
  const defaults = await f.api('GET', '/api/v1/dc09/event-map', undefined, null)
  t.equal(defaults.status, 401, 'the default mapping is for signed-in users')

  const dispatcher = await openConsole(t, browser, f)
  await login(dispatcher.page, 'dora', PASSWORD)
  await dispatcher.page.getByRole('link', { name: 'Alarm panels' }).click()
  const row = dispatcher.page.locator('#alarm-rows tr').first()
  await row.waitFor()
  t.match(await row.innerText(), /Farm gate\s+5678\s+In clear\s+—\s+Not supervised/)
  t.equal(await dispatcher.page.locator('#alarms-new').isHidden(), true, 'no "New alarm account"')
  t.equal(await dispatcher.page.locator('#alarm-rows button').count(), 0, 'no edit or delete')
  t.equal(await dispatcher.page.locator('#alarms-actions-h').isHidden(), true)
  t.equal(await dispatcher.page.locator('nav a[href="#/webhooks"]').isHidden(), true, 'webhooks are for admins')
  await checkAccessibility(t, dispatcher.page, 'alarm accounts for a dispatcher')
  t.same(dispatcher.errors, [])

  const admin = await openConsole(t, browser, f)
  await login(admin.page, 'anna', PASSWORD)
  await admin.page.getByRole('link', { name: 'Alarmpanele' }).click()
  await admin.page.locator('#alarm-rows tr').first().waitFor()
  t.equal(await admin.page.locator('#alarms-h').innerText(), 'Alarmpanele (SIA DC-09-rekeninge)')
  t.match(await admin.page.locator('#alarm-rows tr').first().innerText(), /Onversleuteld\s+—\s+Geen toesig nie/)
  await admin.page.getByRole('button', { name: 'Wysig Farm gate' }).click()
  await admin.page.locator('#alarm-form').waitFor()
  t.equal(await admin.page.locator('#alarm-form-h').innerText(), 'Wysig die alarmrekening Farm gate')
  for (const label of ['Rekeningnommer', 'AES-sleutel', 'Toesigtydperk (sekondes)', 'Die CRC dek die inhoud en die CR (sommige ELDES-panele)']) {
    t.equal(await admin.page.getByLabel(label).count(), 1, `labelled "${label}"`)
  }
  await checkAccessibility(t, admin.page, 'the alarm account form in Afrikaans')
  t.same(admin.errors, [])

  // Every English string has its Afrikaans one.
  const en = JSON.parse(readFileSync(new URL('../../gateway/console/public/i18n/en.json', import.meta.url), 'utf8'))
  const af = JSON.parse(readFileSync(new URL('../../gateway/console/public/i18n/af.json', import.meta.url), 'utf8'))
  t.same(Object.keys(af).sort(), Object.keys(en).sort(), 'the same keys in both languages')
})
