/** The field app's tests: a phone-sized browser context on /app, enrolled through a real link (not a test file). */
import type { Test } from 'tap'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import type { TestFlare } from '../../helpers/flare.js'

export const HERE = { latitude: -33.9249, longitude: 18.4241, accuracy: 12 }

export interface AppPage {
  page: Page
  context: BrowserContext
  /** uncaught errors and CSP violations in the page; a test ends by checking this is empty */
  errors: string[]
}

/** A fresh phone (its own storage); with `geolocation`, the position is granted and fixed there. */
export async function openPhone (t: Test, browser: Browser, f: TestFlare, opts: { geolocation?: { latitude: number, longitude: number, accuracy?: number } | null, locale?: string } = {}): Promise<AppPage> {
  const geolocation = opts.geolocation === undefined ? HERE : opts.geolocation
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    hasTouch: true,
    locale: opts.locale ?? 'en-ZA',
    timezoneId: 'Africa/Johannesburg',
    ...(geolocation === null ? {} : { geolocation, permissions: ['geolocation'] })
  })
  t.teardown(async () => { await context.close() })
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (err) => errors.push(err.message))
  page.on('console', (m) => { if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) errors.push(m.text()) })
  return { page, context, errors }
}

/** An enrolment link for a device, responder or contact, made over REST with the admin key. */
export async function enrolmentToken (f: TestFlare, path: string): Promise<string> {
  const res = await f.api('POST', `/api/v1/${path}/enrolment`)
  if (res.status !== 201) throw new Error(`POST ${path}/enrolment: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body.token
}

/** Opens the link on the phone and waits for the page of the principal's kind. */
export async function enrol (p: AppPage, f: TestFlare, token: string, view: 'sos' | 'responder' | 'contact'): Promise<void> {
  await p.page.goto(`${f.httpUrl}/app/#enrol=${token}`)
  await p.page.locator(`#view-${view}`).waitFor({ state: 'visible' })
}

/** Waits for the MQTT connection (the status line says so). */
export async function connected (page: Page): Promise<void> {
  await page.locator('#conn[data-state="online"]').waitFor({ timeout: 15_000 })
}

/** A deliberate hold of the SOS button from the keyboard: Space down, past the 2 s, up. */
export async function holdSos (page: Page, ms = 2600): Promise<void> {
  await page.locator('#sos-button').focus()
  await page.keyboard.down(' ')
  await page.waitForTimeout(ms)
  await page.keyboard.up(' ')
}
