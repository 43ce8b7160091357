// The responder page: offers on dispatch/{id} (sound, vibration, kind, distance, map, medical
// profile where the offer carries one), replies on resp/{id}/reply, the own position on
// resp/{id}/location while on duty, the availability switch on resp/{id}/status (Flare offers
// incidents only to available responders), and resp/{id}/sync after every connect so offers sent while
// the phone was away come again.
import * as L from '/console/vendor/leaflet/leaflet-src.esm.js'
import { beep, unlockSound } from '/console/js/sound.js'
import { language, onLanguage, t } from '/console/js/i18n.js'
import { distanceKm, watchPosition } from './geo.js'
import { openLink } from './link.js'
import { connectionState, say, showNoticeKeys } from './ui.js'

const DUTY = 'flare.app.onDuty'
const POSITION_MIN_GAP_MS = 15_000
/** OfferWithdrawn reasons Flare sends (taken: accepted by or assigned to another; replaced: made again after an outage of its database). */
const WITHDRAWN_REASONS = ['taken', 'expired', 'cancelled', 'resolved', 'replaced']
const NEXT = { ASSIGNED: ['EN_ROUTE'], EN_ROUTE: ['ON_SCENE'], ON_SCENE: ['RESOLVED'] }

export function startResponder (creds) {
  const $ = (id) => document.getElementById(id)
  const me = creds.id
  const offers = new Map() // offerId → offer
  let current = null // { offer, step, allowed }
  const pending = new Map() // replyId → { action, offerId }
  let position = null
  let lastSent = 0
  let onDuty = localStorage.getItem(DUTY) !== 'false'

  // Sound needs a gesture first: any tap or key on the page unlocks it.
  addEventListener('pointerdown', unlockSound, { once: true })
  addEventListener('keydown', unlockSound, { once: true })

  const link = openLink(creds, {
    topics: [`dispatch/${me}`],
    onConnect: () => {
      link.publish(`resp/${me}/sync`, {}, 1).catch(() => {})
      sendPosition(true)
    },
    onMessage: (_topic, m) => onDispatch(m),
    onState: connectionState,
    onRefused: (code) => showNoticeKeys(code === 5 ? 'refused.revoked' : 'refused.credentials')
  })

  // ---- own position
  watchPosition((fix) => { position = fix; showPosition(); sendPosition(false); renderAll() }, (why) => { showPosition(why) })
  function sendPosition (force) {
    if (!onDuty || position === null || !link.connected) return
    if (!force && Date.now() - lastSent < POSITION_MIN_GAP_MS) return
    lastSent = Date.now()
    link.publish(`resp/${me}/location`, position, 0).catch(() => {})
  }
  let positionProblem = 'waiting'
  function showPosition (why) {
    if (why !== undefined) positionProblem = why
    const el = $('resp-position')
    if (!onDuty) el.textContent = t('resp.position.off')
    else if (position !== null) el.textContent = t('position.ok', { m: position.accuracyM })
    else el.textContent = t(`position.${positionProblem}`)
  }
  const duty = $('duty')
  const showDuty = () => duty.setAttribute('aria-checked', String(onDuty))
  const statusRequests = new Map() // requestId → the switch's state before it was pressed
  function setDuty (value) {
    onDuty = value
    localStorage.setItem(DUTY, String(onDuty))
    showDuty()
    showPosition()
    sendPosition(true)
  }
  duty.addEventListener('click', () => {
    const before = onDuty
    setDuty(!onDuty)
    const requestId = crypto.randomUUID()
    statusRequests.set(requestId, before)
    link.publish(`resp/${me}/status`, { requestId, status: onDuty ? 'AVAILABLE' : 'OFF_DUTY' }, 1).catch(() => {
      statusRequests.delete(requestId)
      setDuty(before)
      say($('resp-feedback'), 'resp.refused', { reason: t('conn.offline') })
    })
  })

  // ---- dispatch messages
  function onDispatch (m) {
    if (m.offer !== undefined) {
      const o = m.offer
      // Re-sends and syncs repeat an offer id: one card, one alarm. A repeat naming another incident
      // is the final one of a provisional incident (the database was away): the card takes it.
      const known = offers.get(o.offerId) ?? (current?.offer.offerId === o.offerId ? current.offer : undefined)
      if (known !== undefined) {
        if (known.incidentId === o.incidentId && known.incidentNumber === o.incidentNumber) return
        if (offers.has(o.offerId)) offers.set(o.offerId, { ...known, ...o })
        else current.offer = { ...known, ...o }
        renderAll()
        return
      }
      offers.set(o.offerId, o)
      beep()
      navigator.vibrate?.([400, 150, 400, 150, 400])
      renderAll()
    } else if (m.withdrawn !== undefined) {
      const w = m.withdrawn
      const o = offers.get(w.offerId)
      if (o !== undefined) {
        offers.delete(w.offerId)
        // The reasons Flare sends are said in the page's language; another one is shown as it came.
        const known = WITHDRAWN_REASONS.includes(w.reason)
        say($('resp-feedback'), known ? `resp.withdrawn.${w.reason}` : 'resp.withdrawn', { number: o.incidentNumber, reason: w.reason ?? '' })
        renderAll()
      }
    } else if (m.result !== undefined) {
      onResult(m.result)
    }
  }

  function onResult (r) {
    if (statusRequests.has(r.replyId)) {
      const before = statusRequests.get(r.replyId)
      statusRequests.delete(r.replyId)
      // Refused (e.g. busy with an incident): the switch goes back to what Flare holds.
      if (r.ok !== true) { setDuty(before); say($('resp-feedback'), 'resp.refused', { reason: r.reason ?? '' }) }
      return
    }
    const asked = pending.get(r.replyId)
    if (asked === undefined) return
    pending.delete(r.replyId)
    if (r.ok !== true) {
      say($('resp-feedback'), 'resp.refused', { reason: r.reason ?? '' })
      if (asked.action === 'ACCEPT') offers.delete(asked.offerId)
      renderAll()
      return
    }
    say($('resp-feedback'), null)
    if (asked.action === 'ACCEPT') {
      const offer = offers.get(asked.offerId)
      offers.delete(asked.offerId)
      if (offer !== undefined) current = { offer, step: 'ASSIGNED' }
    } else if (asked.action === 'DECLINE') {
      offers.delete(asked.offerId)
    } else if (current !== null) {
      current.step = asked.action
      if (asked.action === 'RESOLVED') current = null
    }
    if (current !== null) current.allowed = (r.allowedNext ?? NEXT[current.step] ?? []).filter(a => ['EN_ROUTE', 'ON_SCENE', 'RESOLVED'].includes(a))
    renderAll()
  }

  function replyTo (action, offer) {
    const replyId = crypto.randomUUID()
    const body = { replyId, action, sentAtMs: Date.now() }
    if (action === 'ACCEPT' || action === 'DECLINE') body.offerId = offer.offerId
    else body.incidentId = offer.incidentId
    pending.set(replyId, { action, offerId: offer.offerId })
    link.publish(`resp/${me}/reply`, body, 1).catch(() => {
      pending.delete(replyId)
      say($('resp-feedback'), 'conn.offline')
    })
  }

  // ---- rendering
  const kindName = (k = 'ALERT_KIND_UNSPECIFIED') => { const s = t(`kind.${k}`); return s.startsWith('kind.') ? String(k) : s }
  function card (offer, buttons) {
    const el = document.createElement('article')
    el.className = 'card'
    el.dataset.offer = offer.offerId
    const h = document.createElement('h4')
    h.textContent = t('resp.offer', { kind: kindName(offer.kind), number: offer.incidentNumber })
    el.append(h)
    const line = (text) => { const p = document.createElement('p'); p.textContent = text; el.append(p) }
    line(t('resp.category', { category: offer.category ?? '', priority: offer.priority ?? '' }))
    if (offer.personName) line(t('resp.person', { name: offer.personName }))
    const loc = offer.location
    if (loc?.lat !== undefined && position !== null) line(t('resp.distance', { km: distanceKm(position, loc).toFixed(1) }))
    else line(t('resp.distance.unknown'))
    if (offer.expiresAtMs && buttons.includes('ACCEPT')) line(t('resp.expires', { time: new Date(Number(offer.expiresAtMs)).toLocaleTimeString(language() === 'af' ? 'af-ZA' : 'en-ZA') }))
    if (offer.medical) el.append(medical(offer.medical))
    const actions = document.createElement('div')
    actions.className = 'actions'
    for (const a of buttons) {
      const b = document.createElement('button')
      b.type = 'button'
      b.className = a === 'ACCEPT' ? 'primary' : a === 'DECLINE' ? '' : 'danger'
      b.textContent = t(a === 'ACCEPT' ? 'resp.accept' : a === 'DECLINE' ? 'resp.decline' : `resp.${a}`)
      b.addEventListener('click', () => replyTo(a, offer))
      actions.append(b)
    }
    el.append(actions)
    return el
  }
  function medical (m) {
    const box = document.createElement('section')
    const h = document.createElement('h5')
    h.textContent = t('resp.medical')
    const dl = document.createElement('dl')
    for (const k of ['conditions', 'medication', 'allergies', 'bloodType', 'notes']) {
      const v = Array.isArray(m[k]) ? m[k].join(', ') : m[k]
      if (!v) continue
      const dt = document.createElement('dt')
      dt.textContent = t(`resp.medical.${k}`)
      const dd = document.createElement('dd')
      dd.textContent = v
      dl.append(dt, dd)
    }
    box.append(h, dl)
    return box
  }

  function renderAll () {
    const cur = $('resp-current')
    cur.replaceChildren()
    if (current === null) { const p = document.createElement('p'); p.textContent = t('resp.current.empty'); cur.append(p) } else {
      const c = card(current.offer, current.allowed ?? NEXT[current.step] ?? [])
      const step = document.createElement('p')
      step.className = 'step'
      step.textContent = t(`resp.step.${current.step}`)
      c.insertBefore(step, c.querySelector('.actions'))
      cur.append(c)
    }
    const list = $('resp-offers')
    list.replaceChildren()
    if (offers.size === 0) { const p = document.createElement('p'); p.textContent = t('resp.offers.empty'); list.append(p) }
    for (const o of offers.values()) list.append(card(o, ['ACCEPT', 'DECLINE']))
    renderMap()
  }

  // ---- the map: the console's Leaflet, its tiles if configured
  let map = null
  let layer = null
  async function initMap () {
    let tileUrl = null
    try { tileUrl = (await (await fetch('/console/config.json')).json()).tileUrl } catch { /* offline: no tiles */ }
    map = L.map($('resp-map'), { attributionControl: tileUrl !== null, keyboard: true })
    map.setView([0, 0], 2)
    if (tileUrl !== null) L.tileLayer(tileUrl, { maxZoom: 19 }).addTo(map)
    layer = L.layerGroup().addTo(map)
    renderMap()
  }
  function renderMap () {
    if (map === null) return
    layer.clearLayers()
    const points = []
    const mark = (lat, lon, label, cls) => {
      L.marker([lat, lon], { icon: L.divIcon({ className: cls, html: '', iconSize: null }), title: label, alt: label, keyboard: false })
        .addTo(layer).getElement()?.replaceChildren(document.createTextNode(label))
      points.push([lat, lon])
    }
    const shown = [...offers.values(), ...(current !== null ? [current.offer] : [])]
    for (const o of shown) if (o.location?.lat !== undefined) mark(o.location.lat, o.location.lon, o.incidentNumber, 'map-offer')
    if (position !== null) mark(position.lat, position.lon, t('resp.you'), 'map-you')
    if (points.length === 1) map.setView(points[0], 15)
    else if (points.length > 1) map.fitBounds(points, { padding: [30, 30], maxZoom: 16 })
  }

  onLanguage(() => { showPosition(); renderAll() })
  showDuty()
  showPosition()
  renderAll()
  void initMap()
}
