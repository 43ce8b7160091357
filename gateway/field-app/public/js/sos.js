// The SOS page: a phone as a Flare device (JSON codec). A deliberate 2 s hold raises an alert;
// every press goes through the outbox (IndexedDB) and leaves it only when Flare has answered for
// its alert id, so a press made offline, or lost with a dropped socket, is sent again in order.
import { language, onLanguage, t } from '/console/js/i18n.js'
import { currentPosition, watchBattery, watchPosition } from './geo.js'
import { openLink } from './link.js'
import { loadList, outboxAll, outboxDelete, outboxPut, saveList } from './store.js'
import { connectionState, say, showNoticeKeys } from './ui.js'

export const HOLD_MS = 2000
const NEWS = 'flare.app.news'
const TELEMETRY_EVERY_MS = 30_000
const TELEMETRY_MIN_GAP_MS = 10_000

export function startSos (creds) {
  const $ = (id) => document.getElementById(id)
  const dev = creds.id
  let position = null
  let positionState = 'waiting'
  let battery
  let news = loadList(NEWS)
  let openIncident = news.length > 0 && news[news.length - 1].open === true
  let lastTelemetry = 0
  let flushing = false
  let again = false
  // Alert ids Flare has answered: the answer may come before the PUBACK callback has run.
  const answered = new Set()

  const link = openLink(creds, {
    topics: [`dev/${dev}/ack`],
    onConnect: () => { void flush(); sendTelemetry(true) },
    onMessage: (_topic, ack) => { void onAck(ack) },
    onState: connectionState,
    onRefused: (code) => showNoticeKeys(code === 5 ? 'refused.revoked' : 'refused.credentials')
  })

  // ---- position and battery
  const showPosition = () => {
    const el = $('sos-position')
    el.textContent = positionState === 'ok' ? t('position.ok', { m: position.accuracyM }) : t(`position.${positionState}`)
    el.dataset.state = positionState
  }
  watchPosition((fix) => {
    position = fix
    positionState = 'ok'
    showPosition()
    sendTelemetry(false)
  }, (why) => {
    // A fix we had stays usable when the position is only briefly unavailable; a denial is final.
    if (why === 'denied' || position === null) { positionState = why; if (why === 'denied') position = null }
    showPosition()
  })
  watchBattery((pct) => {
    battery = pct
    const el = $('sos-battery')
    el.hidden = false
    el.textContent = t('battery', { pct })
  })

  let telemetryTimer = 0
  function sendTelemetry (force) {
    if (!openIncident || !link.connected) return
    const now = Date.now()
    if (!force && now - lastTelemetry < TELEMETRY_MIN_GAP_MS) {
      // Too soon after the last one: the newest fix goes when the gap is over.
      telemetryTimer ||= setTimeout(() => { telemetryTimer = 0; sendTelemetry(false) }, TELEMETRY_MIN_GAP_MS - (now - lastTelemetry))
      return
    }
    clearTimeout(telemetryTimer)
    telemetryTimer = 0
    lastTelemetry = now
    const body = { atMs: now }
    if (battery !== undefined) body.batteryPct = battery
    if (position !== null) body.location = position
    link.publish(`dev/${dev}/telemetry`, body, 0).catch(() => {})
  }
  setInterval(() => sendTelemetry(false), TELEMETRY_EVERY_MS)

  // ---- the hold
  const button = $('sos-button')
  const progress = $('sos-hold')
  const feedback = $('sos-feedback')
  let holdStart = 0
  let frame = 0
  let holding = false

  const setHold = (pct) => {
    button.style.setProperty('--hold', String(pct))
    progress.value = pct
  }
  const begin = () => {
    if (holding) return
    holding = true
    holdStart = performance.now()
    button.dataset.holding = 'true'
    say(feedback, 'sos.hold')
    const tick = () => {
      const pct = Math.min(100, ((performance.now() - holdStart) / HOLD_MS) * 100)
      setHold(pct)
      if (pct >= 100) { finish(); return }
      frame = requestAnimationFrame(tick)
    }
    frame = requestAnimationFrame(tick)
  }
  const end = (done) => {
    cancelAnimationFrame(frame)
    holding = false
    button.dataset.holding = 'false'
    setHold(0)
    if (!done) say(feedback, 'sos.cancelled')
  }
  const cancel = () => { if (holding) end(false) }
  function finish () {
    end(true)
    void press()
  }
  button.addEventListener('pointerdown', (e) => { button.setPointerCapture?.(e.pointerId); begin() })
  button.addEventListener('pointerup', cancel)
  button.addEventListener('pointercancel', cancel)
  button.addEventListener('lostpointercapture', cancel)
  button.addEventListener('contextmenu', (e) => e.preventDefault())
  button.addEventListener('keydown', (e) => {
    if ((e.key === ' ' || e.key === 'Enter') && !e.repeat) { e.preventDefault(); begin() }
  })
  button.addEventListener('keyup', (e) => { if (e.key === ' ' || e.key === 'Enter') { e.preventDefault(); cancel() } })
  button.addEventListener('blur', cancel)

  // ---- a press: stored first, then sent
  async function press () {
    const pressedAt = Date.now()
    const kind = document.querySelector('input[name="kind"]:checked')?.value ?? 'PANIC'
    const note = $('sos-note').value.trim()
    // A fresh fix is worth a moment; denied or slow, the alert goes without one.
    const location = position ?? (positionState === 'denied' ? null : await currentPosition(3000))
    const entry = { alertId: crypto.randomUUID(), pressedAt, kind, note, location, batteryPct: battery, sent: false }
    await outboxPut(entry)
    if (location === null) addNews({ key: 'news.noPosition', at: pressedAt, alertId: entry.alertId })
    say(feedback, link.connected ? 'sos.sent' : 'sos.queued')
    $('sos-note').value = ''
    await renderOutbox()
    await flush()
  }

  function alertBody (e) {
    const body = { alertId: e.alertId, kind: e.kind, triggeredAtMs: e.pressedAt }
    if (e.location !== null) body.location = e.location
    if (e.batteryPct !== undefined) body.batteryPct = e.batteryPct
    if (e.note !== '') body.attributes = { note: e.note }
    return body
  }

  /** Sends every stored press, oldest first, one PUBACK at a time; runs again if asked while busy. */
  async function flush () {
    if (flushing) { again = true; return }
    flushing = true
    try {
      do {
        again = false
        for (const e of await outboxAll()) {
          if (!link.connected) return
          try {
            await link.publish(`dev/${dev}/alert`, alertBody(e), 1)
          } catch { return }
          if (!e.sent && !answered.has(e.alertId)) { e.sent = true; await outboxPut(e) }
          await renderOutbox()
        }
      } while (again)
    } finally { flushing = false }
  }

  // ---- Flare's answers
  async function onAck (ack) {
    const at = Date.now()
    const number = ack.incidentNumber ?? ''
    if (ack.status === 'ACCEPTED' || ack.status === 'DUPLICATE' || ack.status === 'REJECTED') {
      answered.add(ack.alertId)
      const known = (await outboxAll()).some(e => e.alertId === ack.alertId)
      await outboxDelete(ack.alertId)
      await renderOutbox()
      // A duplicate of a press this phone no longer holds is a redelivery: nothing new to say.
      if (ack.status === 'DUPLICATE' && !known) return
      if (ack.status === 'REJECTED') { addNews({ key: 'news.rejected', vars: { reason: ack.reason ?? ack.reasonCode ?? '' }, at, alertId: ack.alertId }); return }
      openIncident = true
      addNews({ key: ack.status === 'ACCEPTED' ? 'news.received' : 'news.duplicate', vars: { number }, at, number, open: true })
      sendTelemetry(true)
      return
    }
    if (ack.status !== 'UPDATE') return
    const name = ack.responderName ?? ''
    const text = ack.message ?? ''
    // AlertAck has no machine-readable kind of update: the gateway's English text tells which.
    let item
    if (/has accepted/i.test(text)) item = { key: 'news.accepted', vars: { name } }
    else if (/on the way/i.test(text)) item = ack.etaS > 0 ? { key: 'news.enRouteEta', vars: { name, min: Math.max(1, Math.round(ack.etaS / 60)) } } : { key: 'news.enRoute', vars: { name } }
    else if (/has arrived/i.test(text)) item = { key: 'news.onScene', vars: { name } }
    else if (/resolved/i.test(text)) item = { key: 'news.resolved', vars: {}, closed: true }
    else if (/cancelled/i.test(text)) item = { key: 'news.cancelled', vars: {}, closed: true }
    else item = { text }
    openIncident = item.closed !== true
    addNews({ ...item, at, number, open: openIncident })
  }

  function addNews (item) {
    news.push(item)
    news = news.slice(-50)
    saveList(NEWS, news, 50)
    renderNews()
  }

  // ---- rendering
  const time = (ms) => new Date(ms).toLocaleTimeString(language() === 'af' ? 'af-ZA' : 'en-ZA')
  function renderNews () {
    const list = $('sos-news')
    list.replaceChildren()
    if (news.length === 0) { const li = document.createElement('li'); li.textContent = t('news.empty'); list.append(li); return }
    for (const n of [...news].reverse()) {
      const li = document.createElement('li')
      const when = document.createElement('time')
      when.dateTime = new Date(n.at).toISOString()
      when.textContent = time(n.at) + (n.number ? ` · ${n.number}` : '')
      const what = document.createElement('span')
      what.textContent = n.key !== undefined ? t(n.key, n.vars ?? {}) : n.text
      li.append(when, what)
      list.append(li)
    }
  }
  async function renderOutbox () {
    const list = $('sos-outbox')
    const items = await outboxAll()
    list.replaceChildren()
    if (items.length === 0) { const li = document.createElement('li'); li.textContent = t('outbox.empty'); list.append(li); return }
    for (const e of items) {
      const li = document.createElement('li')
      li.dataset.alertId = e.alertId
      li.dataset.sent = String(e.sent)
      li.textContent = t(e.sent ? 'outbox.sent' : 'outbox.waiting', { kind: t(`kind.${e.kind}`), time: time(e.pressedAt) })
      list.append(li)
    }
  }
  onLanguage(() => { showPosition(); renderNews(); void renderOutbox(); if (battery !== undefined) $('sos-battery').textContent = t('battery', { pct: battery }) })
  showPosition()
  renderNews()
  void renderOutbox()
}
