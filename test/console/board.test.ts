// The dispatcher's main loop in a real browser: a press on a real MQTT device appears on the board
// and the map, the dispatcher acknowledges it, opens it, assigns the nearest responder, and sees
// the state change when the responder answers over MQTT; the medical profile behind its reveal
// (and the audit entry it leaves); Afrikaans. Screenshots for the README.
import t from 'tap'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startTestFlare } from '../helpers/flare.js'
import { checkAccessibility, login, makeUser, openConsole, startBrowser } from '../helpers/browser.js'
import { HERE, nextOf, reply, responderAt } from '../gateway/dispatch/responders.js'

const PASSWORD = 'correct horse battery staple'
// The README's screenshots are rewritten with UPDATE_SCREENSHOTS=1; otherwise they go to a temporary
// directory, so a test run leaves the working tree as it was.
const SHOTS = process.env.UPDATE_SCREENSHOTS === '1' ? 'docs' : mkdtempSync(join(tmpdir(), 'flare-console-shots-'))
if (SHOTS !== 'docs') t.teardown(() => rmSync(SHOTS, { recursive: true, force: true }))

t.test('press → board and map → acknowledge → detail → assign → responder en route over MQTT', async (t) => {
  const f = await startTestFlare(t, { MEDICAL_KEY: randomBytes(32).toString('base64') })
  const browser = await startBrowser(t)
  await f.api('POST', '/api/v1/zones', { id: 'campus', name: 'Campus', geometry: { type: 'Polygon', coordinates: [[[18.415, -33.93], [18.432, -33.93], [18.432, -33.918], [18.415, -33.918], [18.415, -33.93]]] } })
  t.equal((await f.api('POST', '/api/v1/persons', { id: 'ouma', name: 'Ouma Sarie', language: 'af' })).status, 201)
  t.equal((await f.api('PUT', '/api/v1/persons/ouma/medical', { conditions: ['Type 1 diabetes'], allergies: ['Penicillin'], bloodType: 'O-' })).status, 200)
  const near = await responderAt(f, t, 'Thandi Near', 0.001)
  const far = await responderAt(f, t, 'Pieter Far', 0.004)
  const d = await f.device({ kind: 'wearable', codec: 'json', name: 'Ouma\'s pendant', personId: 'ouma' })
  const dev = await f.connect({ clientId: d.id, username: d.id, password: d.secret })
  const dora = await makeUser(f, { username: 'dora', password: PASSWORD, role: 'dispatcher', name: 'Dora Dlamini', language: 'en' })

  const { page, errors } = await openConsole(t, browser, f)
  await login(page, 'dora', PASSWORD)
  await page.locator('#live-status[data-state=live]').waitFor()
  t.equal(await page.locator('#board-rows tr').count(), 0, 'nothing open yet')

  const pressed = Date.now()
  await dev.publishAsync(`dev/${d.id}/alert`, JSON.stringify({ alertId: 'press-1', kind: 'PANIC', location: HERE }), { qos: 1 })
  const row = page.locator('#board-rows tr').first()
  // Generous bounds, so a loaded machine does not fail the test; the time it took is reported.
  await row.waitFor({ timeout: 5000 })
  const marker = page.locator('.map-incident[data-incident]')
  await marker.waitFor({ timeout: 5000 })
  t.pass(`on the board and the map ${Date.now() - pressed} ms after the press`)
  const number = await row.getAttribute('data-number') ?? ''
  t.match(number, /^INC-/)
  t.equal(await marker.getAttribute('data-incident'), number, 'the map shows the same incident')
  t.match(await row.innerText(), /security/)
  t.match(await row.innerText(), /New/, 'state as text')
  t.match(await row.innerText(), /Ouma Sarie|Ouma's pendant|dev-/, 'who pressed')
  await page.locator('#board-rows tr .markers', { hasText: 'unanswered' }).waitFor()
  t.pass('the offer waiting for an answer is marked')

  const cue = page.locator('#alert-cue')
  t.equal(await cue.isVisible(), true, 'a visual cue')
  t.match(await cue.innerText(), new RegExp(number))
  t.ok(Number(await cue.getAttribute('data-beeps')) >= 1, 'and a sound')
  t.equal(await page.locator('#alert-cue-ack').evaluate(e => e === document.activeElement), true, 'the cue takes the focus: Enter acknowledges')
  const since1 = await row.locator('td.since').innerText()
  await page.waitForFunction((s) => document.querySelector('#board-rows td.since')?.textContent !== s, since1)
  t.pass('the time since the press ticks')
  await page.screenshot({ path: join(SHOTS, 'console-board.png') })
  await checkAccessibility(t, page, 'board')

  await page.keyboard.press('a')
  await cue.waitFor({ state: 'hidden' })
  t.equal(await row.getAttribute('class'), '', 'acknowledged: the row is no longer marked new')

  // To the detail by keyboard: the number is a link.
  await row.locator('a.incident-link').focus()
  await page.keyboard.press('Enter')
  await page.locator('#detail-view .timeline').waitFor()
  t.match(await page.locator('#detail-title').innerText(), number)
  const assign = page.locator('#assign-responder')
  await page.waitForFunction(() => (document.querySelector('#assign-responder') as HTMLSelectElement | null)?.value !== '')
  t.match(await assign.locator('option:checked').innerText(), /Thandi Near.*nearest/, 'the nearest available responder is suggested')
  await page.locator('button.act-assign').click()
  await page.locator('#detail-body .facts .state-ASSIGNED').waitFor()
  t.match(await page.locator('#detail-body .facts').innerText(), /Thandi Near/)

  const offer = await nextOf(near.inbox, 'offer')
  t.equal(offer.incidentNumber, number, 'the responder got the assignment over MQTT')
  await reply(near, { action: 'EN_ROUTE', incidentId: offer.incidentId, etaS: 120 })
  await page.locator('#detail-body .facts .state-EN_ROUTE').waitFor()
  t.pass('the detail shows the responder en route, live')
  t.match(await page.locator('#detail-body .timeline').innerText(), /Assigned → En route/)

  // The caller moves and presses again: the incident follows, in the detail and on the map.
  await dev.publishAsync(`dev/${d.id}/alert`, JSON.stringify({ alertId: 'press-2', kind: 'PANIC', location: { lat: HERE.lat + 0.002, lon: HERE.lon + 0.001 } }), { qos: 1 })
  await page.locator('#detail-body .locations tbody tr').nth(1).waitFor()
  t.match(await page.locator('#detail-body .locations tbody tr').nth(1).innerText(), /-33\.92290, 18\.42510/, 'the location history, oldest first')
  t.ok(await page.locator('.leaflet-overlay-pane path.caller-track').count() > 0, 'the track on the map')

  // A note, by keyboard.
  await page.getByLabel('Add a note').fill('Caller is on the second floor')
  // Someone else changes the incident meanwhile: the detail redraws live, and what is typed stays.
  t.equal((await f.api('PATCH', `/api/v1/incidents/${offer.incidentId as string}`, { description: 'Pendant pressed twice' })).status, 200)
  await page.locator('#detail-body .facts', { hasText: 'Pendant pressed twice' }).waitFor()
  t.equal(await page.getByLabel('Add a note').inputValue(), 'Caller is on the second floor', 'the typed note survives the redraw')
  t.equal(await page.evaluate(() => document.activeElement?.id), 'note-text', 'and keeps the focus')
  await page.getByLabel('Add a note').press('Tab')
  await page.keyboard.press('Enter')
  await page.locator('#detail-body .timeline', { hasText: 'Caller is on the second floor' }).waitFor()

  // The medical profile only on a deliberate reveal, and that read is audited under Dora's name.
  t.equal(await page.locator('.medical-data').count(), 0, 'hidden until revealed')
  await page.locator('#reveal-medical').click()
  await page.locator('.medical-data').waitFor()
  t.match(await page.locator('.medical-data').innerText(), /Penicillin/)
  const audit = await f.api('GET', '/api/v1/audit?action=medical.read&targetId=ouma')
  t.equal(audit.status, 200)
  t.ok(audit.body.items.some((e: any) => e.details?.via === 'api' && (e.actor.includes('dora') || e.actor.includes(dora.id))), 'the audit entry names the dispatcher')
  // The detail from its top, tall enough for the facts, the actions and the revealed profile.
  await page.setViewportSize({ width: 1400, height: 1250 })
  await page.locator('#main').evaluate((e) => { e.scrollTop = 0 })
  await page.screenshot({ path: join(SHOTS, 'console-detail.png') })
  await page.setViewportSize({ width: 1400, height: 900 })
  await checkAccessibility(t, page, 'detail')

  await page.keyboard.press('Escape')
  await page.locator('#board-view').waitFor()
  await page.locator(`#board-rows tr[data-number="${number}"] .state-cell`, { hasText: 'En route' }).waitFor()
  t.match(await page.locator(`#board-rows tr[data-number="${number}"] .responder-cell`).innerText(), /Thandi Near/)
  await page.locator('.map-responder[data-status=busy]').waitFor()
  t.pass('the map shows the responder busy')
  await far.client.endAsync()
  await page.locator('.map-responder[data-status=offline]').waitFor()
  t.match(await page.locator('.map-responder[data-status=offline]').innerText(), /Pieter Far · Offline/, 'offline, in words as well as shape')

  // The incident's marker is reachable by keyboard and opens the detail.
  await page.locator(`.map-incident[data-incident="${number}"]`).focus()
  await page.keyboard.press('Enter')
  await page.locator('#detail-view .timeline').waitFor()
  t.match(await page.locator('#detail-title').innerText(), number, 'Enter on the map marker opens the incident')
  t.same(errors, [], 'no script errors')
})

t.test('Afrikaans: the switch saves the user\'s language, and the next session starts in it', async (t) => {
  const f = await startTestFlare(t)
  const browser = await startBrowser(t)
  const user = await makeUser(f, { username: 'vera', password: PASSWORD, role: 'viewer', name: 'Vera Viewer', language: 'en' })
  const { page, errors } = await openConsole(t, browser, f)
  await login(page, 'vera', PASSWORD)
  t.equal(await page.locator('#board-h span').innerText(), 'Open incidents')
  await page.getByLabel('Language').selectOption('af')
  await page.locator('#board-h', { hasText: 'Oop insidente' }).waitFor()
  t.equal(await page.evaluate(() => document.documentElement.lang), 'af')
  t.equal((await f.api('GET', `/api/v1/users/${user.id}`)).body.language, 'af', 'saved for the user')
  await page.reload()
  await page.locator('#board-h', { hasText: 'Oop insidente' }).waitFor()
  t.match(await page.locator('#live-status').innerText(), /Regstreeks|Verbind/)
  t.same(errors, [])
})
