/** The console's tests drive a real headless Chromium (Debian's package) through playwright-core. */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Test } from 'tap'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import type { TestFlare } from './flare.js'

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

/** One browser for a test file, closed when it ends. */
export async function startBrowser (t: Test): Promise<Browser> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox'] })
  t.teardown(async () => { await browser.close() })
  return browser
}

export interface ConsolePage {
  page: Page
  context: BrowserContext
  /** uncaught errors in the page; a test ends by checking this is empty */
  errors: string[]
}

/** A fresh browser context (its own cookies) on the console's login page. */
export async function openConsole (t: Test, browser: Browser, f: TestFlare, opts: { ignoreHTTPSErrors?: boolean } = {}): Promise<ConsolePage> {
  // ignoreHTTPSErrors: for a Flare on HTTPS with a test CA the browser was not told about.
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'en-ZA', timezoneId: 'Africa/Johannesburg', ignoreHTTPSErrors: opts.ignoreHTTPSErrors === true })
  t.teardown(async () => { await context.close() })
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (err) => errors.push(err.message))
  // The page's own console errors include refused requests (a 401 the console expects, say); CSP
  // violations are what must never happen.
  page.on('console', (m) => { if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) errors.push(m.text()) })
  await page.goto(`${f.httpUrl}/console/`)
  return { page, context, errors }
}

/** Signs in through the form and waits for the console (the view the address names, the board by default). */
export async function login (page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel('Username').fill(username)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Sign in' }).press('Enter')
  await page.locator('#app').waitFor({ state: 'visible' })
}

/** A user made over REST with the admin key. */
export async function makeUser (f: TestFlare, body: { username: string, password: string, role: string, name: string, language?: string }): Promise<{ id: string }> {
  const res = await f.api('POST', '/api/v1/users', body)
  if (res.status !== 201) throw new Error(`POST /api/v1/users: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body
}

/**
 * axe-core in the page (evaluated through the DevTools protocol, so the console's CSP, which
 * forbids inline scripts, does not get in its way); serious and critical violations fail the test.
 */
export async function checkAccessibility (t: Test, page: Page, what: string): Promise<void> {
  await page.evaluate(AXE_SOURCE)
  const violations = await page.evaluate(async () => {
    const result = await (window as any).axe.run(document, { resultTypes: ['violations'] })
    return result.violations.map((v: any) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n: any) => n.target.join(' ')) }))
  }) as Array<{ id: string, impact: string, help: string, nodes: string[] }>
  const bad = violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
  t.same(bad, [], `${what}: no serious or critical accessibility violations`)
}
