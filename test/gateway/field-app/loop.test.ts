import t from 'tap'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startTestFlare } from '../../helpers/flare.js'
import { checkAccessibility, startBrowser } from '../../helpers/browser.js'
import { until } from '../../helpers/wait.js'
import { HERE, connected, enrol, enrolmentToken, holdSos, openPhone } from './app.js'

// docs/field-app.md's screenshots are rewritten with UPDATE_SCREENSHOTS=1; otherwise they go to a
// temporary directory, so a test run leaves the working tree as it was.
const SHOTS = process.env.UPDATE_SCREENSHOTS === '1' ? 'docs' : mkdtempSync(join(tmpdir(), 'flare-field-app-shots-'))
if (SHOTS !== 'docs') t.teardown(() => rmSync(SHOTS, { recursive: true, force: true }))

t.test('SOS on one phone, the offer on a medic\'s phone, accepted; the caller hears who is coming; the family follows', async (t) => {
  const f = await startTestFlare(t, { MEDICAL_KEY: randomBytes(32).toString('base64') })
  const browser = await startBrowser(t)
  t.equal((await f.api('POST', '/api/v1/persons', { id: 'ouma', name: 'Ouma Sarie', language: 'af' })).status, 201)
  t.equal((await f.api('PUT', '/api/v1/persons/ouma/medical', { conditions: ['Type 1 diabetes'], allergies: ['Penicillin'], bloodType: 'O-' })).status, 200)
  const { id: deviceId } = await f.device({ kind: 'phone', name: 'Ouma se foon', personId: 'ouma' })
  const { id: medicId } = await f.responder({ name: 'Thabo', roles: ['medic'], lat: HERE.latitude + 0.01, lon: HERE.longitude })
  const contact = await f.api('POST', '/api/v1/persons/ouma/contacts', { name: 'Johan', language: 'af' })

  const family = await openPhone(t, browser, f, { locale: 'af-ZA' })
  await enrol(family, f, await enrolmentToken(f, `contacts/${contact.body.contact.id}`), 'contact')
  await connected(family.page)
  await checkAccessibility(t, family.page, 'the family page, empty')

  const medic = await openPhone(t, browser, f, { geolocation: { latitude: HERE.latitude + 0.01, longitude: HERE.longitude, accuracy: 8 } })
  await enrol(medic, f, await enrolmentToken(f, `responders/${medicId}`), 'responder')
  await connected(medic.page)
  await medic.page.locator('#duty').click() // off duty and on again: the switch works from a tap
  t.equal(await medic.page.locator('#duty').getAttribute('aria-checked'), 'false')
  await medic.page.locator('#duty').press('Enter')
  t.equal(await medic.page.locator('#duty').getAttribute('aria-checked'), 'true', 'and from the keyboard')
  const lat = await until(async () => (await f.api('GET', `/api/v1/responders/${medicId}/positions`)).body.items ?? [], (items: any[]) => items.length > 0, 15_000)
  t.ok(lat.length > 0, 'the medic\'s phone published its position')

  const sos = await openPhone(t, browser, f)
  await enrol(sos, f, await enrolmentToken(f, `devices/${deviceId}`), 'sos')
  await connected(sos.page)
  await sos.page.locator('#sos-position[data-state="ok"]').waitFor()
  // Ouma's phone speaks her language (the person's, from the enrolment).
  t.equal(await sos.page.locator('html').getAttribute('lang'), 'af')
  await sos.page.getByLabel('Medies').check()
  await sos.page.getByLabel('Kort nota (opsioneel)').fill('Kitchen floor')
  await holdSos(sos.page)
  await sos.page.getByText(/^Ontvang: voorval INC-/).waitFor({ timeout: 15_000 })
  // Ouma moves while the incident is open: her phone's telemetry moves the incident with her.
  const moved = { latitude: HERE.latitude + 0.0005, longitude: HERE.longitude, accuracy: 5 }
  await sos.context.setGeolocation(moved)

  // The offer, with sound (counted), kind, distance, the medical profile.
  const card = medic.page.locator('#resp-offers article.card')
  await card.waitFor({ timeout: 15_000 })
  const text = await card.innerText()
  t.match(text, /Medical: incident INC-/)
  t.match(text, /1\.1 km from you/)
  t.match(text, /Person: Ouma Sarie/)
  t.match(text, /Type 1 diabetes/)
  t.match(text, /Penicillin/)
  t.ok(Number(await medic.page.locator('#alert-cue').getAttribute('data-beeps')) >= 1, 'the offer sounded')
  t.equal(await medic.page.locator('#resp-map .map-offer').count(), 1, 'the incident on the map')
  await checkAccessibility(t, medic.page, 'the responder page with an offer')
  await medic.page.screenshot({ path: join(SHOTS, 'field-app-responder.png'), fullPage: true })

  const { rows: [{ incident_id: incidentId }] } = await f.app.db.pool.query('SELECT incident_id FROM alerts WHERE device_id = $1', [deviceId])
  const locations = await until(async () => (await f.api('GET', `/api/v1/incidents/${incidentId}`)).body.locations ?? [],
    (ls: any[]) => ls.some(l => l.source === 'telemetry' && Math.abs(l.lat - moved.latitude) < 1e-6), 25_000)
  t.ok(locations.some((l: any) => l.source === 'telemetry' && Math.abs(l.lat - moved.latitude) < 1e-6 && l.accuracyM === 5), 'the new position arrived as telemetry')

  await card.getByRole('button', { name: 'Accept' }).click()
  await sos.page.getByText('Hulp is oppad: Thabo het aanvaar.').waitFor({ timeout: 5000 })
  t.pass('the SOS page shows who is coming')
  await medic.page.locator('#resp-current').getByText(/You accepted/).waitFor()
  await medic.page.getByRole('button', { name: 'On my way' }).click()
  await sos.page.getByText('Thabo is op pad.').waitFor({ timeout: 5000 })
  await medic.page.getByRole('button', { name: 'I have arrived' }).click()
  await sos.page.getByText('Thabo het opgedaag.').waitFor({ timeout: 5000 })
  await medic.page.getByRole('button', { name: 'Resolved' }).click()
  await sos.page.getByText('Die voorval is opgelos.').waitFor({ timeout: 5000 })
  await medic.page.locator('#resp-current').getByText('No incident assigned to you.').waitFor()
  await sos.page.getByRole('button', { name: 'Read in English' }).click()
  for (const line of ['Help is coming: Thabo has accepted.', 'Thabo is on the way.', 'Thabo has arrived.', 'The incident is resolved.']) {
    await sos.page.locator('#sos-news').getByText(line).waitFor()
  }
  t.pass('the news again in English after the switch')
  t.match(await sos.page.locator('#notice').innerText(), /This phone is set up for Ouma se foon/, 'the notice too')
  t.equal(await sos.page.locator('#sos-feedback').innerText(), 'Alert sent.', 'and the last status line')
  await sos.page.screenshot({ path: join(SHOTS, 'field-app-sos.png'), fullPage: true })
  await checkAccessibility(t, sos.page, 'the SOS page with its news')

  const { rows } = await f.app.db.pool.query('SELECT a.lat, a.lon, a.accuracy_m, a.kind, a.battery_pct, a.payload, i.state FROM alerts a JOIN incidents i ON i.id = a.incident_id WHERE a.device_id = $1', [deviceId])
  t.equal(rows.length, 1, 'one alert')
  t.match(rows[0], { lat: HERE.latitude, lon: HERE.longitude, accuracy_m: HERE.accuracy, kind: 'MEDICAL', state: 'RESOLVED' })
  t.equal(rows[0].payload.attributes?.note, 'Kitchen floor', 'the note travels as an attribute')
  // Headless Chromium reports a full battery (navigator.getBattery); the page shows it and the alert carries it.
  t.equal(rows[0].battery_pct, 100)
  t.equal(await sos.page.locator('#sos-battery').innerText(), 'Battery: 100 %')

  // The family's timeline: Flare's notices, in Afrikaans, newest first.
  await until(async () => await family.page.locator('#notices li time').count(), (n) => n >= 2, 15_000)
  const notices = await family.page.locator('#notices li').allInnerTexts()
  t.ok(notices.length >= 2, `the notices arrived (${notices.length})`)
  t.match(notices.join('\n'), /Ouma Sarie/)
  t.equal(await family.page.locator('#notices li p').first().getAttribute('lang'), 'af')
  t.match(await family.page.locator('#contact-hello').innerText(), /Hallo Johan/)
  await checkAccessibility(t, family.page, 'the family page with notices')
  await family.page.screenshot({ path: join(SHOTS, 'field-app-family.png'), fullPage: true })

  t.same([...sos.errors, ...medic.errors, ...family.errors], [])
})
