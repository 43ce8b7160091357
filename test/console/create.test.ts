// A phone call becomes an incident from the console, and dispatches like a press; the responders
// and devices views; the live feed's drop, the board saying so, and its resync.
import t from 'tap'
import { startTestFlare } from '../helpers/flare.js'
import { checkAccessibility, login, makeUser, openConsole, startBrowser } from '../helpers/browser.js'
import { HERE, nextOf, responderAt } from '../gateway/dispatch/responders.js'

const PASSWORD = 'correct horse battery staple'

t.test('create a phone incident with a point picked on the map; it dispatches; responders and devices views', async (t) => {
  const f = await startTestFlare(t)
  const browser = await startBrowser(t)
  await makeUser(f, { username: 'dora', password: PASSWORD, role: 'dispatcher', name: 'Dora Dlamini' })
  const near = await responderAt(f, t, 'Thandi Near', 0.001)
  const d = await f.device({ kind: 'button', codec: 'json', name: 'Reception button' })
  const dev = await f.connect({ clientId: d.id, username: d.id, password: d.secret })
  await dev.publishAsync(`dev/${d.id}/telemetry`, JSON.stringify({ atMs: Date.now(), batteryPct: 81, location: { ...HERE, accuracyM: 10 } }), { qos: 1 })
  const { page, errors } = await openConsole(t, browser, f)
  await login(page, 'dora', PASSWORD)
  await page.locator('.map-responder[data-status=available]').waitFor()

  await page.keyboard.press('n')
  await page.locator('#create-view').waitFor()
  await checkAccessibility(t, page, 'create')
  await page.getByLabel('Source').selectOption('phone')
  await page.getByLabel('Category').fill('medical')
  await page.getByLabel('Priority (1 most urgent)').selectOption('2')
  await page.getByLabel('Description').fill('Caller reports a fall in the library')
  await page.getByLabel('Address').fill('1 Library Road')
  await page.getByLabel("Caller's name").fill('Sipho')
  // The map centre is where the responder is; a click on it picks the point.
  const box = await page.locator('#map').boundingBox()
  if (box === null) throw new Error('no map')
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2)
  const lat = Number(await page.getByLabel('Latitude').inputValue())
  const lon = Number(await page.getByLabel('Longitude').inputValue())
  t.ok(Math.abs(lat - HERE.lat) < 0.05 && Math.abs(lon - HERE.lon) < 0.05, `the picked point (${lat}, ${lon}) is where the map shows`)
  await page.getByLabel('Latitude').fill(String(HERE.lat))
  await page.getByLabel('Longitude').fill(String(HERE.lon))
  await page.getByRole('button', { name: 'Open the incident' }).click()

  await page.locator('#detail-view .timeline').waitFor()
  const facts = await page.locator('#detail-body .facts').innerText()
  t.match(facts, /Phone call/)
  t.match(facts, /Caller reports a fall in the library/)
  t.match(facts, /1 Library Road/)
  t.match(facts, /medical/)
  const offer = await nextOf(near.inbox, 'offer')
  t.match(await page.locator('#detail-title').innerText(), offer.incidentNumber, 'it dispatched to the nearest responder like a press')

  // The category was wrong: corrected, with a timeline entry.
  await page.locator('details.edit summary').press('Enter')
  await page.locator('#edit-category').fill('security')
  await page.locator('#edit-priority').selectOption('1')
  await page.getByRole('button', { name: 'Save the changes' }).click()
  await page.locator('#detail-body .facts .prio-1').waitFor()
  t.match(await page.locator('#detail-body .facts').innerText(), /security/)
  t.match(await page.locator('#detail-body .timeline').innerText(), /category changed/)
  t.equal((await f.api('GET', `/api/v1/incidents/${offer.incidentId as string}`)).body.category, 'security', 'saved')

  // Every action from the detail's buttons: assign, escalate, en route, on scene, resolve, close.
  const factList = page.locator('#detail-body .facts')
  await page.locator('button.act-assign').click()
  await factList.locator('.state-ASSIGNED').waitFor()
  await page.getByLabel('Reason to escalate').fill('Caller is not answering')
  await page.getByLabel('Reason to escalate').press('Enter')
  await page.locator('#detail-body .timeline', { hasText: 'Caller is not answering' }).waitFor()
  t.match(await factList.innerText(), /▲ 1/, 'escalated once')
  await page.keyboard.press('Escape') // leaves the field
  await page.keyboard.press('Escape') // back to the board
  const boardRow = page.locator(`#board-rows tr[data-number="${offer.incidentNumber as string}"]`)
  await boardRow.locator('.markers', { hasText: 'Escalated (1)' }).waitFor()
  t.pass('the board marks the escalation')
  await boardRow.locator('a').press('Enter')
  for (const [button, state] of [['Mark en route', 'EN_ROUTE'], ['Mark on scene', 'ON_SCENE'], ['Resolve', 'RESOLVED'], ['Close', 'CLOSED']]) {
    await page.getByRole('button', { name: button, exact: true }).click()
    await factList.locator(`.state-${state}`).waitFor()
  }
  t.match(await page.locator('#detail-body .actions').innerText(), /finished: no actions/)
  t.equal((await f.api('GET', `/api/v1/incidents/${offer.incidentId as string}`)).body.state, 'CLOSED', 'closed, on the server')
  await page.keyboard.press('Escape')
  await boardRow.waitFor({ state: 'detached' })
  t.pass('no longer on the board')

  await page.keyboard.press('r')
  const rrow = page.locator('#responder-rows tr', { hasText: 'Thandi Near' })
  await rrow.waitFor()
  t.match(await rrow.innerText(), /Available/)
  t.match(await rrow.innerText(), /Online/)
  await checkAccessibility(t, page, 'responders')
  await rrow.getByRole('button', { name: 'Set off duty' }).click()
  await rrow.locator('.status-off_duty').waitFor()
  t.equal((await f.api('GET', `/api/v1/responders/${near.id}`)).body.status, 'off_duty', 'saved')
  await page.locator('.map-responder[data-status=off_duty]').waitFor()
  t.pass('the map shows the responder off duty')
  await rrow.getByRole('button', { name: 'Set available' }).click()
  await rrow.locator('.status-available').waitFor()

  await page.keyboard.press('d')
  const drow = page.locator('#device-rows tr', { hasText: 'Reception button' })
  await drow.waitFor()
  await checkAccessibility(t, page, 'devices')
  t.match(await drow.innerText(), /81%/, 'battery')
  t.match(await drow.innerText(), /-33\.92490, 18\.42410/, 'position')
  t.same(errors, [])
})

t.test('the feed drops: the board says it is not live; back: a fresh snapshot brings what it missed', async (t) => {
  const f = await startTestFlare(t)
  const browser = await startBrowser(t)
  await makeUser(f, { username: 'dora', password: PASSWORD, role: 'dispatcher', name: 'Dora Dlamini' })
  const { page, context, errors } = await openConsole(t, browser, f)
  await login(page, 'dora', PASSWORD)
  await page.locator('#live-status[data-state=live]').waitFor()
  t.equal(await page.locator('#board-stale').isHidden(), true, 'live: no warning')

  // No network for the page, and the server side of its feed cut.
  await context.setOffline(true)
  for (const ws of (f.app.http as any).websocketServer.clients) ws.terminate()
  await page.locator('#live-status:not([data-state=live])').waitFor()
  const stale = page.locator('#board-stale')
  await stale.waitFor({ state: 'visible' })
  t.match(await stale.innerText(), /Not live/)

  // Meanwhile incidents are opened elsewhere.
  const open = async (category: string, priority: number): Promise<string> => {
    const res = await f.api('POST', '/api/v1/incidents', { source: 'walk_in', category, priority })
    t.equal(res.status, 201)
    return res.body.number
  }
  const older = await open('medical', 3)
  const newer = await open('maintenance', 3)
  const p2 = await open('security', 2)
  const created = await f.api('POST', '/api/v1/incidents', { source: 'phone', category: 'fire', priority: 1, description: 'Smoke in block C' })
  t.equal(created.status, 201)
  t.equal(await page.locator('#board-rows tr').count(), 0, 'not seen while away')

  await context.setOffline(false)
  await page.locator('#live-status[data-state=live]').waitFor({ timeout: 20_000 })
  const row = page.locator(`#board-rows tr[data-number="${created.body.number as string}"]`)
  await row.waitFor()
  t.pass('the resync brought the incident opened while away')
  t.equal(await row.getAttribute('class'), 'unack', 'and it is new to the dispatcher: to acknowledge')
  t.equal(await stale.isHidden(), true, 'the warning is gone')
  await page.locator('#board-rows tr').nth(3).waitFor()
  const order = await page.locator('#board-rows tr').evaluateAll(rows => rows.map(r => (r as HTMLElement).dataset.number))
  t.same(order, [created.body.number, p2, older, newer], 'most urgent first, then the longest waiting')

  // Cancelled from the detail, with a reason: off the board.
  await row.locator('a').click()
  await page.getByLabel('Reason to cancel').fill('False alarm: a toaster')
  await page.getByRole('button', { name: 'Cancel the incident' }).click()
  await page.locator('#detail-body .facts .state-CANCELLED').waitFor()
  await page.keyboard.press('Escape')
  await row.waitFor({ state: 'detached' })
  t.equal(await page.locator('#board-rows tr').count(), 3)
  t.same(errors, [])
})
