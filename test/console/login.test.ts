// Signing in and out of the console, and what a refused or expired session looks like to a person.
import t from 'tap'
import { startTestFlare } from '../helpers/flare.js'
import { login, makeUser, openConsole, startBrowser } from '../helpers/browser.js'
import { HERE } from '../gateway/dispatch/responders.js'

const PASSWORD = 'correct horse battery staple'

t.test('a wrong password is refused with a clear message; the right one signs in; logout', async (t) => {
  const f = await startTestFlare(t)
  const browser = await startBrowser(t)
  await makeUser(f, { username: 'dora', password: PASSWORD, role: 'dispatcher', name: 'Dora Dlamini' })
  const { page, context, errors } = await openConsole(t, browser, f)
  await page.getByLabel('Username').fill('dora')
  await page.getByLabel('Password').fill('not the password')
  await page.getByLabel('Password').press('Enter')
  const message = page.locator('#login-message')
  await message.waitFor({ state: 'visible' })
  t.equal(await message.innerText(), 'Wrong username or password.')
  t.equal(await page.locator('#app').isHidden(), true, 'still outside')
  t.equal(await page.getByLabel('Password').inputValue(), '', 'the wrong password is cleared')

  await login(page, 'dora', PASSWORD)
  t.match(await page.locator('#user-name').innerText(), /Dora Dlamini/)
  const cookies = await context.cookies()
  const session = cookies.find(c => c.name === 'flare_session')
  t.ok(session, 'a session cookie')
  t.equal(session?.httpOnly, true, 'that scripts cannot read')
  t.equal(session?.sameSite, 'Strict')
  t.equal(await page.evaluate(() => document.cookie.includes('flare_session')), false)

  // A reload keeps the session.
  await page.reload()
  await page.locator('#board-view').waitFor()

  await page.getByRole('button', { name: 'Log out' }).click()
  await page.locator('#login-view').waitFor()
  t.equal(await message.innerText(), 'You have logged out.')
  await page.reload()
  await page.getByLabel('Username').waitFor()
  t.equal(await page.locator('#app').isHidden(), true, 'logged out stays out')
  t.same(errors, [])
})

t.test('a viewer sees the board and the incident but no action, and the server refuses one anyway', async (t) => {
  const f = await startTestFlare(t)
  const browser = await startBrowser(t)
  await makeUser(f, { username: 'vera', password: PASSWORD, role: 'viewer', name: 'Vera Viewer' })
  const d = await f.device({ kind: 'phone' })
  const dev = await f.connect({ clientId: d.id, username: d.id, password: d.secret })
  await dev.publishAsync(`dev/${d.id}/alert`, JSON.stringify({ alertId: 'v1', kind: 'PANIC', location: HERE }), { qos: 1 })
  const { page, errors } = await openConsole(t, browser, f)
  await login(page, 'vera', PASSWORD)
  const row = page.locator('#board-rows tr').first()
  await row.waitFor()
  t.equal(await page.locator('nav a[href="#/create"]').isHidden(), true, 'no "New incident"')
  await row.locator('a').click()
  await page.locator('#detail-view .timeline').waitFor()
  t.equal(await page.locator('#detail-body button, #detail-body form').count(), 0, 'no action buttons or forms in the detail')
  await page.goto(`${f.httpUrl}/console/#/responders`)
  await page.locator('#responders-view').waitFor()
  t.equal(await page.locator('#responders-view button').count(), 0, 'no status buttons for responders')

  // The page's own session, used for a change: refused (403), nothing changed.
  const id: string = (await f.api('GET', '/api/v1/incidents')).body.items[0].id
  const refused = await page.evaluate(async (id) => {
    const s = await (await fetch('/api/v1/session')).json()
    const res = await fetch(`/api/v1/incidents/${id}/cancel`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': s.csrfToken }, body: '{}' })
    return res.status
  }, id)
  t.equal(refused, 403)
  t.equal((await f.api('GET', `/api/v1/incidents/${id}`)).body.state, 'NEW', 'nothing changed')
  t.same(errors, [])
})

t.test('an expired session brings the login back with a message that says so', async (t) => {
  const f = await startTestFlare(t)
  const browser = await startBrowser(t)
  await makeUser(f, { username: 'dora', password: PASSWORD, role: 'dispatcher', name: 'Dora Dlamini' })
  const { page, errors } = await openConsole(t, browser, f)
  await login(page, 'dora', PASSWORD)
  await page.locator('#live-status[data-state=live]').waitFor()
  // The session's absolute lifetime runs out (as after SESSION_MAX_HOURS); its next use is refused.
  await f.app.db.pool.query("UPDATE user_sessions SET expires_at = now() - interval '1 second'")
  await page.keyboard.press('r')
  await page.locator('#responders-view').waitFor()
  await page.keyboard.press('d') // the devices view asks the server: 401 session_expired
  await page.locator('#login-view').waitFor()
  t.equal(await page.locator('#login-message').innerText(), 'Your session has expired. Please sign in again.')
  t.equal(await page.locator('#app').isHidden(), true)
  await login(page, 'dora', PASSWORD)
  await page.locator('#devices-view').waitFor()
  t.pass('signing in again goes back to where the dispatcher was')
  t.same(errors, [])
})

t.test('the fifth wrong password locks the login for a while, and the page says for how long', async (t) => {
  const f = await startTestFlare(t)
  const browser = await startBrowser(t)
  await makeUser(f, { username: 'dora', password: PASSWORD, role: 'dispatcher', name: 'Dora Dlamini' })
  const { page, errors } = await openConsole(t, browser, f)
  const message = page.locator('#login-message')
  const attempt = async (password: string): Promise<string> => {
    await message.evaluate((e) => { e.textContent = '' })
    await page.getByLabel('Username').fill('dora')
    await page.getByLabel('Password').fill(password)
    await page.getByLabel('Password').press('Enter')
    await page.waitForFunction(() => document.querySelector('#login-message')?.textContent !== '')
    return await message.innerText()
  }
  for (let n = 1; n <= 4; n++) t.equal(await attempt(`wrong ${n}`), 'Wrong username or password.', `failure ${n}`)
  t.match(await attempt('wrong 5'), /^Too many failed attempts\. Try again in \d+ seconds\.$/, 'the fifth: locked, with the wait')
  t.match(await attempt(PASSWORD), /^Too many failed attempts/, 'even the right password waits')
  t.equal(await page.locator('#app').isHidden(), true)
  t.same(errors, [])
})
