import t from 'tap'
import { startTestFlare } from '../../helpers/flare.js'
import { startBrowser } from '../../helpers/browser.js'
import { until } from '../../helpers/wait.js'
import { connected, enrol, enrolmentToken, holdSos, openPhone } from './app.js'

t.test('pressed twice with the network cut, the app reloaded offline, then reconnected: sent in order, one incident, the first press\'s time', async (t) => {
  const f = await startTestFlare(t)
  const browser = await startBrowser(t)
  const { id } = await f.device({ kind: 'phone' })
  const p = await openPhone(t, browser, f)
  await enrol(p, f, await enrolmentToken(f, `devices/${id}`), 'sos')
  await connected(p.page)
  await p.page.evaluate(async () => { await navigator.serviceWorker.ready })
  await until(async () => await p.page.evaluate(async () => (await caches.keys()).length), (n) => n > 0)

  await p.context.setOffline(true)
  await p.page.locator('#conn[data-state="offline"]').waitFor()
  await holdSos(p.page)
  await p.page.getByText('No connection: your alert is stored and will be sent as soon as the connection returns.').waitFor()
  await p.page.waitForTimeout(1200) // the two presses a second apart, so their order shows in their times; the second joins the first's incident
  await holdSos(p.page)
  await until(async () => await p.page.locator('#sos-outbox li[data-sent="false"]').count(), (n) => n === 2)
  const waiting = await p.page.locator('#sos-outbox li').allInnerTexts()
  t.equal(waiting.length, 2)
  t.match(waiting[0], /^Panic, pressed at .*: waiting to send$/)
  t.match(waiting[1], /^Panic, pressed at .*: waiting to send$/)
  const stored = await p.page.evaluate(async () => await new Promise<any[]>((resolve, reject) => {
    const req = indexedDB.open('flare-app', 1)
    req.onsuccess = () => {
      const all = req.result.transaction('outbox').objectStore('outbox').getAll()
      all.onsuccess = () => resolve(all.result.sort((a: any, b: any) => a.pressedAt - b.pressedAt))
    }
    req.onerror = () => reject(req.error)
  }))
  t.equal(stored.length, 2, 'both presses in IndexedDB')

  // Opened again without a network: the shell comes from the service worker, the presses from IndexedDB.
  const res = await p.page.reload()
  t.ok(res?.fromServiceWorker(), 'the page came from the service worker')
  await p.page.locator('#view-sos').waitFor()
  await until(async () => await p.page.locator('#sos-outbox li[data-sent="false"]').count(), (n) => n === 2)
  t.equal((await f.app.db.pool.query('SELECT count(*)::int AS n FROM alerts WHERE device_id = $1', [id])).rows[0].n, 0, 'nothing reached Flare yet')

  await p.context.setOffline(false)
  await connected(p.page)
  await p.page.getByText('Nothing waiting.').waitFor({ timeout: 20_000 }).catch(async (err) => {
    t.comment(await p.page.locator('main').innerText())
    throw err
  })
  t.ok(await p.page.getByText(/^Received: incident INC-/).first().isVisible(), 'Flare\'s answer in the news')

  const alerts = await until(async () => (await f.app.db.pool.query('SELECT alert_id, kind, triggered_at, incident_id FROM alerts WHERE device_id = $1 ORDER BY id', [id])).rows, (r) => r.length === 2)
  t.same(alerts.map(a => a.alert_id), stored.map(s => s.alertId), 'both sent, in the order pressed')
  t.same(alerts.map(a => a.kind), ['PANIC', 'PANIC'])
  t.same(alerts.map(a => a.triggered_at.getTime()), stored.map(s => s.pressedAt), 'each with its press time')
  const { rows: incidents } = await f.app.db.pool.query('SELECT id, first_triggered_at FROM incidents WHERE device_id = $1', [id])
  t.equal(incidents.length, 1, 'exactly one incident')
  t.equal(incidents[0].first_triggered_at.getTime(), stored[0].pressedAt, 'opened at the first offline press')
  t.ok(stored[0].pressedAt < Date.now() - 1000, 'a press time, not the time it was received')
  t.same(p.errors, [])
})
