// An admin exports a person's data from the People view as a file, and erases the person through a
// confirmation that is refused while an incident of theirs is open; others see neither; Afrikaans.
import t from 'tap'
import { readFile } from 'node:fs/promises'
import { startTestFlare } from '../helpers/flare.js'
import { checkAccessibility, login, makeUser, openConsole, startBrowser } from '../helpers/browser.js'
import { until } from '../helpers/wait.js'

const PASSWORD = 'correct horse battery staple'

t.test('an admin saves a person\'s export as a file, is told why the erasure waits for an open incident, and erases them once it is cancelled', async (t) => {
  const f = await startTestFlare(t)
  const browser = await startBrowser(t)
  await makeUser(f, { username: 'ada', password: PASSWORD, role: 'admin', name: 'Ada Admin' })
  t.equal((await f.api('POST', '/api/v1/persons', { id: 'p-1042', name: 'Lindiwe Zungu', phone: '+27 82 555 0199' })).status, 201)
  const contact = (await f.api('POST', '/api/v1/persons/p-1042/contacts', { name: 'Sipho Zungu', relation: 'son' })).body.contact
  const d = await f.device({ kind: 'phone', personId: 'p-1042', name: 'Lindiwe phone' })
  t.equal((await f.api('POST', '/api/v1/persons', { id: 'alone', name: 'Piet Alleen' })).status, 201)

  const { page, context, errors } = await openConsole(t, browser, f)
  await login(page, 'ada', PASSWORD)
  await page.getByRole('link', { name: 'People' }).click()
  const rows = page.locator('#people-rows tr[data-person="p-1042"]')
  await rows.first().waitFor()
  t.equal(await page.locator('#people-rights-h').isVisible(), true, 'the column for the person\'s data')

  // The export: a file saved, no window opened.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export data of Lindiwe Zungu' }).click()
  ])
  t.equal(download.suggestedFilename(), 'flare-person-p-1042.json')
  const saved = JSON.parse(await readFile(await download.path(), 'utf8'))
  t.match(saved, {
    person: { id: 'p-1042', name: 'Lindiwe Zungu', phone: '+27 82 555 0199' },
    contacts: [{ id: contact.id, name: 'Sipho Zungu', relation: 'son' }],
    devices: [{ id: d.id, name: 'Lindiwe phone' }],
    medicalProfile: null
  }, 'the file is the person\'s export')
  t.notOk(JSON.stringify(saved).includes('Piet Alleen'), 'and nobody else\'s')
  await page.locator('#people-message.ok').waitFor()
  t.equal(await page.locator('#people-message').innerText(), 'The data of Lindiwe Zungu is exported as flare-person-p-1042.json.')
  t.equal(context.pages().length, 1, 'no other window')

  // An incident of hers is open: the erasure is refused, and the page says why.
  const dev = await f.connect({ clientId: d.id, username: d.id, password: d.secret })
  await dev.publishAsync(`dev/${d.id}/alert`, JSON.stringify({ alertId: 'a-1', kind: 'PANIC', location: { lat: -25.7461, lon: 28.1881 } }), { qos: 1 })
  const inc = await until(async () => (await f.api('GET', '/api/v1/incidents')).body.items[0], (i: any) => i !== undefined)

  const eraseButton = page.getByRole('button', { name: 'Erase Lindiwe Zungu' })
  await eraseButton.click()
  const dialog = page.getByRole('dialog', { name: 'Erase Lindiwe Zungu (p-1042)?' })
  await dialog.waitFor()
  t.equal(await page.evaluate(() => document.activeElement?.id), 'erase-confirm', 'focus on the confirmation field')
  const what = await dialog.innerText()
  t.match(what, /family contacts, whose family page stops working/, 'what goes')
  t.match(what, /their incidents, as numbers/, 'what stays')
  t.match(what, /This cannot be undone/)
  await checkAccessibility(t, page, 'the erasure dialog')

  await dialog.getByLabel('To confirm, type the person\'s id: p-1042').fill('Lindiwe')
  await dialog.getByRole('button', { name: 'Erase for good' }).click()
  t.equal(await page.locator('#erase-error').innerText(), 'That is not the id. Type p-1042 exactly to erase the person, or cancel.')
  t.equal(await page.locator('#erase-confirm').getAttribute('aria-invalid'), 'true')
  t.equal(await page.evaluate(() => document.activeElement?.id), 'erase-confirm', 'focus back on the field')
  t.equal((await f.api('GET', '/api/v1/persons/p-1042')).status, 200, 'nothing sent')

  await page.locator('#erase-confirm').fill('p-1042')
  await page.keyboard.press('Enter')
  await page.locator('#people-message.error').waitFor()
  t.equal(await dialog.count(), 0, 'the dialog is gone')
  const refused = await page.locator('#people-message').innerText()
  t.match(refused, /^Lindiwe Zungu is not erased: an incident of theirs is still open/)
  t.ok(refused.includes(inc.number as string), 'the open incident\'s number is named')
  t.equal(await page.evaluate(() => document.activeElement?.id), 'people-message', 'focus on what happened')
  t.equal(await rows.count(), 1, 'she is still listed')
  t.equal((await f.api('GET', '/api/v1/persons/p-1042')).status, 200, 'and still held')

  // Escape cancels, focus goes back to the button, and the view stays: in the dialog, away from its
  // field, Escape is the dialog's, not the console's "back to the board".
  await eraseButton.click()
  await dialog.waitFor()
  await page.keyboard.press('Tab')
  t.equal(await page.evaluate(() => document.activeElement?.textContent), 'Erase for good', 'the dialog\'s button next')
  await page.keyboard.press('Escape')
  await dialog.waitFor({ state: 'detached' })
  t.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Erase Lindiwe Zungu', 'focus back on the button')
  t.equal(await page.locator('#people-view').isVisible(), true, 'still the People view')

  t.equal((await f.api('POST', `/api/v1/incidents/${inc.id as string}/cancel`, { reason: 'She is fine' })).status, 200)
  await eraseButton.click()
  await dialog.waitFor()
  await page.keyboard.type('p-1042')
  await dialog.getByRole('button', { name: 'Erase for good' }).click()
  await page.locator('#people-message.ok').waitFor()
  // The counts are the erasure's own, as its audit entry records them.
  const [{ details: n }] = (await f.app.db.pool.query("SELECT details FROM audit_log WHERE action = 'person.erase' AND target_id = 'p-1042'")).rows
  t.match(n, { contacts: 1, devices: 1, incidents: 1 })
  t.equal(await page.locator('#people-message').innerText(),
    `Lindiwe Zungu (p-1042) is erased. Deleted: family contacts 1, location points ${n.locations as number}, webhook deliveries ${n.deliveries as number}, refused messages ${n.deadLetters as number}. ` +
    `Kept without anything that names or places them: devices 1, incidents 1, alerts ${n.alerts as number}, audit entries ${n.auditEntries as number}.`)
  t.equal(await page.evaluate(() => document.activeElement?.id), 'people-message', 'focus on what happened')
  t.equal(await rows.count(), 0, 'she is gone from the list')
  t.equal(await page.locator('#people-rows tr[data-person="alone"]').count(), 1, 'the others stay')
  t.equal((await f.api('GET', '/api/v1/persons/p-1042')).status, 404, 'and from Flare')
  t.match((await f.api('GET', `/api/v1/devices/${d.id}`)).body, { id: d.id, personId: null }, 'her device stays, without her')
  await checkAccessibility(t, page, 'the People view after an erasure')
  t.same(errors, [])
})

t.test('a dispatcher sees neither export nor erasure; an Afrikaans admin gets both, and the dialog, in Afrikaans', async (t) => {
  const f = await startTestFlare(t)
  const browser = await startBrowser(t)
  await makeUser(f, { username: 'dora', password: PASSWORD, role: 'dispatcher', name: 'Dora Dlamini' })
  await makeUser(f, { username: 'anna', password: PASSWORD, role: 'admin', name: 'Anna Admin', language: 'af' })
  t.equal((await f.api('POST', '/api/v1/persons', { id: 'ouma', name: 'Ouma Sannie', language: 'af' })).status, 201)
  t.equal((await f.api('POST', '/api/v1/persons/ouma/contacts', { name: 'Johan', language: 'af', relation: 'kleinseun' })).status, 201)

  const dispatcher = await openConsole(t, browser, f)
  await login(dispatcher.page, 'dora', PASSWORD)
  await dispatcher.page.getByRole('link', { name: 'People' }).click()
  const row = dispatcher.page.locator('#people-rows tr[data-person="ouma"]')
  await row.waitFor()
  t.match(await row.innerText(), /Ouma Sannie\s+Johan\s+kleinseun/)
  t.equal(await dispatcher.page.locator('#people-rows button').count(), 0, 'no export, no erasure (and no enrolment link)')
  t.equal(await dispatcher.page.locator('#people-rights-h').isHidden(), true)
  await checkAccessibility(t, dispatcher.page, 'people for a dispatcher')
  t.same(dispatcher.errors, [])

  const admin = await openConsole(t, browser, f)
  await login(admin.page, 'anna', PASSWORD)
  await admin.page.getByRole('link', { name: 'Mense' }).click()
  await admin.page.locator('#people-rows tr[data-person="ouma"]').waitFor()
  t.equal(await admin.page.locator('#people-rights-h').innerText(), 'Die persoon se data')
  t.equal(await admin.page.getByRole('button', { name: 'Data-uitvoer van Ouma Sannie' }).innerText(), 'Data-uitvoer')
  const erase = admin.page.getByRole('button', { name: 'Wis uit: Ouma Sannie' })
  t.equal(await erase.innerText(), 'Wis uit')
  await erase.press('Enter')
  const dialog = admin.page.getByRole('dialog', { name: 'Wis Ouma Sannie (ouma) uit?' })
  await dialog.waitFor()
  t.match(await dialog.innerText(), /Dit kan nie ongedaan gemaak word nie/)
  t.equal(await dialog.getByLabel('Tik die persoon se id om te bevestig: ouma').count(), 1)
  t.equal(await dialog.getByRole('button', { name: 'Wis vir altyd uit' }).count(), 1)
  await checkAccessibility(t, admin.page, 'the erasure dialog in Afrikaans')
  await dialog.getByRole('button', { name: 'Kanselleer' }).click()
  await dialog.waitFor({ state: 'detached' })
  t.equal(await admin.page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Wis uit: Ouma Sannie', 'focus back on the button')
  t.equal((await f.api('GET', '/api/v1/persons/ouma')).status, 200, 'cancelled: nothing erased')
  t.same(admin.errors, [])
})
