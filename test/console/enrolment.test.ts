// An admin hands a phone its enrolment link from the console: the link and its QR code, which the
// phone opens to set up the field app.
import t from 'tap'
import qrcode from 'qrcode-generator'
import { startTestFlare } from '../helpers/flare.js'
import { checkAccessibility, login, makeUser, openConsole, startBrowser } from '../helpers/browser.js'
import { openPhone } from '../gateway/field-app/app.js'

const PASSWORD = 'correct horse battery staple'

/** The QR code's modules as the page draws them (one square per dark module). */
function modulesOf (text: string): string {
  const qr = qrcode(0, 'M')
  qr.addData(text)
  qr.make()
  let d = ''
  for (let r = 0; r < qr.getModuleCount(); r++) for (let c = 0; c < qr.getModuleCount(); c++) if (qr.isDark(r, c)) d += `M${c} ${r}h1v1h-1z`
  return d
}

t.test('an admin makes a phone\'s enrolment link in the console; its QR code carries the link; the phone opens it and is set up; a dispatcher sees no such button', async (t) => {
  const f = await startTestFlare(t)
  const browser = await startBrowser(t)
  await makeUser(f, { username: 'ada', password: PASSWORD, role: 'admin', name: 'Ada Admin' })
  await makeUser(f, { username: 'dora', password: PASSWORD, role: 'dispatcher', name: 'Dora Dlamini' })
  const phone = await f.device({ kind: 'phone', name: 'Anna se foon' })
  await f.device({ kind: 'button', name: 'Wall button' })

  const { page, errors } = await openConsole(t, browser, f)
  await login(page, 'ada', PASSWORD)
  await page.keyboard.press('d')
  const row = page.locator(`#device-rows tr[data-id="${phone.id}"]`)
  await row.getByRole('button', { name: 'Enrolment link' }).click()
  const panel = page.locator('#device-enrolment')
  await panel.waitFor({ state: 'visible' })
  t.equal(await page.locator('#device-rows button.enrol').count(), 1, 'only the phone has one: a wall button runs no app')
  t.match(await page.locator('#device-enrolment-h').innerText(), /Enrolment link for Anna se foon/)
  const url = await page.locator('#device-enrolment-url').inputValue()
  t.match(url, new RegExp(`^${f.httpUrl}/app/#enrol=enr_`))
  t.match(await page.locator('#device-enrolment-note').innerText(), /works once/)
  const qr = page.getByRole('img', { name: 'QR code of the enrolment link for Anna se foon' })
  t.equal(await qr.locator('path').getAttribute('d'), modulesOf(url), 'the QR code encodes the link shown')
  await checkAccessibility(t, page, 'devices with an enrolment link')
  t.same(errors, [])

  const p = await openPhone(t, browser, f)
  await p.page.goto(url)
  await p.page.locator('#view-sos').waitFor({ state: 'visible' })
  t.notMatch(p.page.url(), /enr_/, 'the token left the address bar')
  const { body: audit } = await f.api('GET', `/api/v1/audit?targetId=${phone.id}&action=enrolment.*`)
  t.same(audit.items.map((e: any) => [e.action, e.actor]), [['enrolment.use', `device:${phone.id}`], ['enrolment.create', 'user:ada#1']])

  const dispatcher = await openConsole(t, browser, f)
  await login(dispatcher.page, 'dora', PASSWORD)
  await dispatcher.page.keyboard.press('d')
  await dispatcher.page.locator(`#device-rows tr[data-id="${phone.id}"]`).waitFor()
  t.equal(await dispatcher.page.locator('#device-rows button.enrol').count(), 0, 'no enrolment buttons for a dispatcher')
  await dispatcher.page.keyboard.press('r')
  t.equal(await dispatcher.page.locator('#responder-rows button.enrol').count(), 0)
})

t.test('an admin makes a family contact\'s link from the People view; the family page opens in the contact\'s language', async (t) => {
  const f = await startTestFlare(t)
  const browser = await startBrowser(t)
  await makeUser(f, { username: 'ada', password: PASSWORD, role: 'admin', name: 'Ada Admin' })
  t.equal((await f.api('POST', '/api/v1/persons', { id: 'ouma', name: 'Ouma Sannie', language: 'af' })).status, 201)
  const contact = await f.api('POST', '/api/v1/persons/ouma/contacts', { name: 'Johan', language: 'af', relation: 'kleinseun' })
  t.equal((await f.api('POST', '/api/v1/persons', { id: 'alone', name: 'Piet Alleen' })).status, 201)

  const { page, errors } = await openConsole(t, browser, f)
  await login(page, 'ada', PASSWORD)
  await page.keyboard.press('p')
  const row = page.locator(`#people-rows tr[data-contact="${contact.body.contact.id as string}"]`)
  await row.waitFor()
  t.match(await row.innerText(), /Ouma Sannie\s+Johan\s+kleinseun\s+Afrikaans/)
  t.match(await page.locator('#people-rows tr[data-person="alone"]').innerText(), /No family contacts/)
  await row.getByRole('button', { name: 'Enrolment link' }).click()
  await page.locator('#contact-enrolment').waitFor({ state: 'visible' })
  const url = await page.locator('#contact-enrolment-url').inputValue()
  await checkAccessibility(t, page, 'people with an enrolment link')
  t.same(errors, [])

  const p = await openPhone(t, browser, f)
  await p.page.goto(url)
  await p.page.locator('#view-contact').waitFor({ state: 'visible' })
  t.equal(await p.page.evaluate(() => document.documentElement.lang), 'af', 'the family page speaks the contact\'s language')
})
