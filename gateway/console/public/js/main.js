// The console's start: session or login, then the views (hash routes), the live feed and the map.
import { api, onUnauthorized, setCsrfToken } from './api.js'
import { $ } from './dom.js'
import { language, onLanguage, setLanguage, t } from './i18n.js'
import { LiveFeed } from './live.js'
import { acknowledge, applyEvent, applySnapshot, renderBoard, tick } from './board.js'
import { initMap, invalidate, loadZones, renderIncidents, renderResponders } from './map.js'
import { closeDetail, incidentChanged, openDetail, refreshDetail } from './detail.js'
import { closeCreate, initCreate, loadCategories, openCreate } from './create.js'
import { loadResponders, renderResponderList } from './responders.js'
import { loadDevices, renderDevices } from './devices.js'
import { loadPeople, renderPeople } from './people.js'
import { loadAlarmAccounts, newAlarmAccount, renderAlarmAccounts } from './alarm-accounts.js'
import { closeAccountForm } from './alarm-account-form.js'
import { closeWebhooks, loadWebhooks, newWebhook, renderWebhooks } from './webhooks.js'
import { initLogin, showLogin } from './login.js'
import { unlockSound } from './sound.js'
import { canAct, isAdmin, on, state } from './state.js'

const VIEWS = ['board', 'detail', 'create', 'responders', 'devices', 'people', 'alarms', 'webhooks']
let feed = null
let config = { tileUrl: null }
let mapReady = false
let ticker = null

function navigate (hash) {
  if (location.hash === hash) route()
  else location.hash = hash
}

function show (view) {
  for (const v of VIEWS) $(`#${v}-view`).hidden = v !== view
  for (const a of document.querySelectorAll('nav a[data-view]')) {
    if (a.dataset.view === view) a.setAttribute('aria-current', 'page')
    else a.removeAttribute('aria-current')
  }
}

function route () {
  if (state.user === null) return
  const [, view, id] = location.hash.match(/^#\/([a-z]+)(?:\/(.+))?$/) ?? []
  closeCreate()
  if (view !== 'incident') closeDetail()
  if (view !== 'alarms') closeAccountForm(false)
  if (view !== 'webhooks') closeWebhooks()
  if (view === 'incident' && id !== undefined) {
    show('detail')
    void openDetail(decodeURIComponent(id))
  } else if (view === 'create' && canAct()) {
    show('create')
    openCreate()
  } else if (view === 'responders') {
    show('responders')
    renderResponderList()
  } else if (view === 'devices') {
    show('devices')
    void loadDevices().catch(() => {})
  } else if (view === 'people' && canAct()) {
    show('people')
    void loadPeople().catch(() => {})
  } else if (view === 'alarms') {
    show('alarms')
    void loadAlarmAccounts().catch((e) => { $('#alarms-message').textContent = e.message })
  } else if (view === 'webhooks' && isAdmin()) {
    show('webhooks')
    void loadWebhooks().catch((e) => { $('#webhooks-message').textContent = e.message })
  } else {
    show('board')
  }
  document.title = `${t(`nav.${view === 'incident' ? 'detail' : VIEWS.includes(view) ? view : 'board'}`)} · Flare`
}

function liveStatus (s) {
  state.live = s
  const banner = $('#live-status')
  banner.dataset.state = s
  banner.textContent = t(`live.${s}`)
  $('#board-stale').hidden = s === 'live'
  $('#board-stale').textContent = s === 'live' ? '' : t(s === 'degraded' ? 'live.staleDegraded' : 'live.stale')
}

async function startSession (session) {
  state.user = session.user
  setCsrfToken(session.csrfToken)
  unlockSound()
  await setLanguage(session.user.language ?? 'en')
  $('#login-view').hidden = true
  $('#app').hidden = false
  document.body.classList.toggle('can-act', canAct())
  $('#user-name').textContent = `${session.user.name ?? session.user.username} (${t(`role.${session.user.role}`)})`
  $('#language').value = language()
  for (const a of document.querySelectorAll('.needs-action')) a.hidden = !canAct()
  for (const a of document.querySelectorAll('.needs-admin')) a.hidden = !isAdmin()
  if (!mapReady) {
    initMap($('#map'), { tileUrl: config.tileUrl, onIncident: (id) => navigate(`#/incident/${encodeURIComponent(id)}`) })
    mapReady = true
  }
  invalidate()
  void loadZones().catch(() => {})
  void loadResponders().catch(() => {})
  void loadCategories().catch(() => {})
  feed?.stop()
  state.snapshotSeen = false
  feed = new LiveFeed({ onSnapshot: (m) => { void applySnapshot(m) }, onEvent: applyEvent, onStatus: liveStatus })
  feed.start()
  clearInterval(ticker)
  ticker = setInterval(tick, 1000)
  route()
}

function endSession (reason) {
  feed?.stop()
  feed = null
  clearInterval(ticker)
  state.user = null
  state.incidents.clear()
  state.unacknowledged.clear()
  setCsrfToken(null)
  closeWebhooks()
  closeAccountForm(false)
  $('#alert-cue').hidden = true
  showLogin(reason)
}

function shortcuts (e) {
  if (state.user === null || e.ctrlKey || e.metaKey || e.altKey) return
  // A modal dialog has the keys to itself: its Escape closes it, letters are typed into it.
  if (document.querySelector('dialog[open]') !== null) return
  const typing = e.target.closest('input, textarea, select, [contenteditable]') !== null
  if (e.key === 'Escape') {
    // In a field, Escape leaves the field (what was typed stays); elsewhere it goes back to the board.
    if (typing) { e.target.blur(); return }
    if (!$('#board-view').hidden) return
    e.preventDefault()
    navigate('#/board')
    return
  }
  if (typing) return
  const go = { b: '#/board', n: '#/create', r: '#/responders', d: '#/devices', p: '#/people' }[e.key]
  if (go !== undefined && ((e.key !== 'n' && e.key !== 'p') || canAct())) { e.preventDefault(); navigate(go) }
  if (e.key === 'a' && !$('#alert-cue').hidden) { e.preventDefault(); acknowledge() }
}

async function boot () {
  try { config = await (await fetch('config.json')).json() } catch { /* defaults */ }
  await setLanguage(navigator.language?.startsWith('af') ? 'af' : 'en')
  onUnauthorized((code) => { if (state.user !== null) endSession(code === 'session_expired' ? 'session_expired' : 'signed_out') })
  initLogin(startSession)
  initCreate(navigate)
  on('incidents', () => { renderBoard(); renderIncidents() })
  on('responders', () => { renderResponders(); if (!$('#responders-view').hidden) renderResponderList() })
  on('incident', (id) => incidentChanged(id))
  onLanguage(() => {
    if (state.user === null) return
    renderBoard(); renderIncidents(); renderResponders(); renderResponderList(); renderDevices(); renderPeople(); renderAlarmAccounts(); renderWebhooks(); refreshDetail(); liveStatus(state.live)
    $('#user-name').textContent = `${state.user.name ?? state.user.username} (${t(`role.${state.user.role}`)})`
  })
  // A session resumed by a reload has had no gesture yet: the first key or click allows the beep.
  for (const type of ['keydown', 'pointerdown']) document.addEventListener(type, unlockSound, { once: true })
  window.addEventListener('hashchange', route)
  document.addEventListener('keydown', shortcuts)
  $('#alert-cue-ack').addEventListener('click', acknowledge)
  $('#alarms-new').addEventListener('click', () => { void newAlarmAccount() })
  $('#webhooks-new').addEventListener('click', () => { void newWebhook() })
  $('#logout').addEventListener('click', async () => {
    try { await api('DELETE', '/api/v1/session') } catch { /* gone already */ }
    endSession('logged_out')
  })
  $('#language').addEventListener('change', async (e) => {
    const lang = e.target.value
    try {
      await api('PATCH', `/api/v1/users/${encodeURIComponent(state.user.id)}`, { language: lang })
      state.user.language = lang
    } catch { /* still switch this page; the choice is not saved */ }
    await setLanguage(lang)
  })
  try {
    await startSession(await api('GET', '/api/v1/session'))
  } catch (e) {
    showLogin(e.code === 'session_expired' ? 'session_expired' : undefined)
  }
}

void boot()
