// One incident: its facts, actions, timeline, alerts, offers, locations and notes; the medical
// profile only behind a deliberate reveal (the server audits every read).
import { api } from './api.js'
import { clear, el, $ } from './dom.js'
import { dateTime, since, t } from './i18n.js'
import { focusOn, showTrack } from './map.js'
import { priorityLabel, responderName, stateLabel } from './board.js'
import { canAct, state } from './state.js'
import { actions, formatDistance } from './incident-actions.js'

let current = null
let reloadTimer = null

export async function openDetail (id) {
  current = { id, data: null }
  clear($('#detail-body'), el('p', {}, t('common.loading')))
  await reload()
  const d = current?.data
  if (d) focusOn(d.lat, d.lon)
  $('#detail-title').focus()
}

/** Draws the open incident again (after a language change). */
export function refreshDetail () {
  if (current !== null) void reload()
}

export function closeDetail () {
  current = null
  showTrack([])
}

/** A live event for the open incident: read it again (once, however many events come). */
export function incidentChanged (id) {
  if (current === null || current.id !== id) return
  clearTimeout(reloadTimer)
  reloadTimer = setTimeout(() => { void reload() }, 100)
}

async function reload () {
  if (current === null) return
  const id = current.id
  try {
    const d = await api('GET', `/api/v1/incidents/${encodeURIComponent(id)}`)
    if (current === null || current.id !== id) return
    current.data = d
    render(d)
  } catch (e) {
    clear($('#detail-body'), el('p', { role: 'alert', class: 'error' }, t('detail.loadFailed', { message: e.message })))
  }
}

function message (text, kind = 'ok') {
  const box = $('#detail-message')
  box.className = `message ${kind}`
  box.textContent = text
}

async function act (label, fn) {
  try {
    await fn()
    message(t('detail.done', { action: label }))
    await reload()
  } catch (e) {
    message(t('detail.failed', { action: label, message: e.message }), 'error')
  }
}

function field (label, value) {
  return [el('dt', {}, label), el('dd', {}, value ?? '—')]
}

function render (d) {
  $('#detail-title').textContent = t('detail.title', { number: d.number })
  const facts = el('dl', { class: 'facts' },
    field(t('detail.state'), stateLabel(d.state)),
    field(t('detail.priority'), priorityLabel(d.priority)),
    field(t('detail.category'), d.category),
    field(t('detail.source'), t(`source.${d.source ?? 'device'}`)),
    field(t('detail.since'), `${since(d.firstTriggeredAt)} (${dateTime(d.firstTriggeredAt)})`),
    field(t('detail.caller'), d.personName ?? d.personId ?? null),
    field(t('detail.device'), d.deviceName ?? d.deviceId ?? null),
    field(t('detail.responder'), responderName(d) ?? t('board.unassigned')),
    field(t('detail.escalation'), d.escalationLevel > 0 ? `▲ ${d.escalationLevel}` : '0'),
    field(t('detail.position'), d.lat == null ? null : `${d.lat.toFixed(5)}, ${d.lon.toFixed(5)}`),
    field(t('detail.address'), d.address ?? null),
    field(t('detail.description'), d.description ?? null))
  const sections = [facts]
  if (canAct()) sections.push(actions(d, act, message))
  if (d.personId) sections.push(medical(d.personId))
  sections.push(timeline(d), alerts(d), offers(d), locations(d))
  if (canAct()) sections.push(noteForm(d))
  // Live events redraw the detail while the dispatcher may be typing: what is typed, an open edit
  // form and the focus survive the redraw.
  const kept = keepFields()
  clear($('#detail-body'), sections)
  restoreFields(kept)
  showTrack(d.locations ?? [])
}

function keepFields () {
  const body = $('#detail-body')
  const values = {}
  for (const f of body.querySelectorAll('input[id], textarea[id]')) if (f.value !== f.defaultValue) values[f.id] = f.value
  const a = document.activeElement
  const focus = a !== null && a.id !== '' && body.contains(a) ? { id: a.id, start: a.selectionStart ?? null, end: a.selectionEnd ?? null } : null
  return { values, focus, editOpen: body.querySelector('details.edit')?.open === true }
}

function restoreFields ({ values, focus, editOpen }) {
  for (const [id, v] of Object.entries(values)) { const f = document.getElementById(id); if (f !== null) f.value = v }
  const edit = $('#detail-body details.edit')
  if (edit !== null) edit.open = editOpen
  if (focus !== null) {
    const f = document.getElementById(focus.id)
    if (f !== null) {
      f.focus({ preventScroll: true })
      if (focus.start !== null && typeof f.setSelectionRange === 'function') { try { f.setSelectionRange(focus.start, focus.end) } catch { /* not a text field */ } }
    }
  }
}

function medical (personId) {
  const out = el('div', { id: 'medical-profile', 'aria-live': 'polite' })
  const box = el('section', { class: 'medical', 'aria-labelledby': 'medical-h' }, el('h3', { id: 'medical-h' }, t('detail.medical')), el('p', { class: 'muted' }, t('detail.medicalNote')))
  if (canAct()) {
    box.append(el('button', {
      type: 'button',
      id: 'reveal-medical',
      onclick: async (e) => {
        e.target.disabled = true
        try {
          const res = await api('GET', `/api/v1/persons/${encodeURIComponent(personId)}/medical`)
          clear(out, profileList(res.profile))
          e.target.hidden = true
        } catch (err) {
          clear(out, el('p', { class: 'error', role: 'alert' }, err.status === 404 ? t('detail.noMedical') : err.message))
          e.target.disabled = false
        }
      }
    }, t('detail.revealMedical')))
  }
  box.append(out)
  return box
}

/** The profile's fields as a list; lists joined, anything unknown shown as it came. */
function profileList (profile) {
  const rows = Object.entries(profile ?? {}).filter(([, v]) => v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0))
  return el('dl', { class: 'facts medical-data' }, rows.map(([k, v]) => [
    el('dt', {}, t(`medical.${k}`) === `medical.${k}` ? k : t(`medical.${k}`)),
    el('dd', {}, Array.isArray(v) ? v.join(', ') : String(v))
  ]).flat())
}

function table (caption, headers, rows, cls) {
  if (rows.length === 0) return el('section', { class: cls }, el('h3', {}, caption), el('p', { class: 'muted' }, t('common.none')))
  return el('section', { class: cls }, el('h3', {}, caption), el('table', {},
    el('thead', {}, el('tr', {}, headers.map(h => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, rows.map(r => el('tr', {}, r.map(c => el('td', {}, c)))))))
}

function timeline (d) {
  return table(t('detail.timeline'), [t('detail.at'), t('detail.what'), t('detail.who'), t('detail.why')],
    (d.timeline ?? []).map(e => [dateTime(e.at), e.type === 'transition' ? `${t(`state.${e.fromState}`)} → ${t(`state.${e.toState}`)}` : t(`event.${e.type}`) === `event.${e.type}` ? e.type : t(`event.${e.type}`), actorName(e.actor), e.reason ?? '']), 'timeline')
}

/** `responder:<id>` by the responder's name; other actors (user:…, device:…, system) as they are. */
function actorName (actor) {
  const m = /^responder:(.+)$/.exec(actor ?? '')
  const name = m === null ? undefined : state.responders.get(m[1])?.name
  return name === undefined ? actor : `${name} (${actor})`
}

function alerts (d) {
  return table(t('detail.alerts'), [t('detail.at'), t('detail.kind'), t('detail.device'), t('detail.position'), t('detail.battery')],
    (d.alerts ?? []).map(a => [dateTime(a.triggeredAt), a.kind, a.deviceId, a.lat == null ? '—' : `${a.lat.toFixed(5)}, ${a.lon.toFixed(5)}`, a.batteryPct == null ? '—' : `${a.batteryPct}%`]), 'alerts')
}

function offers (d) {
  return table(t('detail.offers'), [t('detail.responder'), t('detail.answer'), t('detail.distance'), t('detail.offered'), t('detail.answered')],
    (d.offers ?? []).map(o => [state.responders.get(o.responderId)?.name ?? o.responderId, t(`offer.${o.state}`), o.distanceM == null ? '—' : formatDistance(o.distanceM), dateTime(o.createdAt), dateTime(o.answeredAt)]), 'offers')
}

function locations (d) {
  return table(t('detail.locations'), [t('detail.at'), t('detail.position'), t('detail.accuracy'), t('detail.from')],
    (d.locations ?? []).map(l => [dateTime(l.at), `${l.lat.toFixed(5)}, ${l.lon.toFixed(5)}`, l.accuracyM == null ? '—' : `${Math.round(l.accuracyM)} m`, t(`location.${l.source}`)]), 'locations')
}

function noteForm (d) {
  return el('form', {
    class: 'note-form',
    onsubmit: (e) => {
      e.preventDefault()
      const text = e.target.elements.note.value.trim()
      if (text === '') return
      void act(t('action.note'), async () => { await api('POST', `/api/v1/incidents/${d.id}/notes`, { text }); e.target.reset() })
    }
  },
  el('label', { for: 'note-text' }, t('detail.addNote')),
  el('textarea', { id: 'note-text', name: 'note', rows: 2, required: true, maxlength: 5000 }),
  el('button', { type: 'submit', class: 'act-note' }, t('action.note')))
}
