// One incident: its facts, actions, timeline, alerts, offers, locations and notes; the medical
// profile only behind a deliberate reveal (the server audits every read).
import { api, listAll } from './api.js'
import { clear, el, $ } from './dom.js'
import { dateTime, since, t } from './i18n.js'
import { focusOn, showTrack } from './map.js'
import { priorityLabel, responderName, stateLabel } from './board.js'
import { canAct, NEXT, state } from './state.js'

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
  if (canAct()) sections.push(actions(d))
  if (d.personId) sections.push(medical(d.personId))
  sections.push(timeline(d), alerts(d), offers(d), locations(d))
  if (canAct()) sections.push(noteForm(d))
  clear($('#detail-body'), sections)
  showTrack(d.locations ?? [])
}

function actions (d) {
  const next = NEXT[d.state] ?? []
  const box = el('section', { class: 'actions', 'aria-labelledby': 'actions-h' }, el('h3', { id: 'actions-h' }, t('detail.actions')))
  if (next.length === 0) { box.append(el('p', {}, t('detail.noActions'))); return box }
  if (next.includes('ASSIGNED')) box.append(assignForm(d))
  const row = el('div', { class: 'button-row' })
  const transition = (to, key) => row.append(el('button', { type: 'button', class: `act-${key}`, onclick: () => act(t(`action.${key}`), () => api('POST', `/api/v1/incidents/${d.id}/transition`, { to })) }, t(`action.${key}`)))
  if (next.includes('EN_ROUTE')) transition('EN_ROUTE', 'enRoute')
  if (next.includes('ON_SCENE')) transition('ON_SCENE', 'onScene')
  if (next.includes('RESOLVED')) transition('RESOLVED', 'resolve')
  if (next.includes('CLOSED')) transition('CLOSED', 'close')
  box.append(row)
  if (!['RESOLVED', 'CLOSED', 'CANCELLED'].includes(d.state)) box.append(reasonForm('escalate', (reason) => api('POST', `/api/v1/incidents/${d.id}/escalate`, { reason }), true))
  if (next.includes('CANCELLED')) box.append(reasonForm('cancel', (reason) => api('POST', `/api/v1/incidents/${d.id}/cancel`, reason === '' ? {} : { reason }), false))
  return box
}

function reasonForm (key, send, required) {
  const id = `reason-${key}`
  return el('form', {
    class: `inline-form form-${key}`,
    onsubmit: (e) => {
      e.preventDefault()
      const reason = e.target.elements.reason.value.trim()
      void act(t(`action.${key}`), () => send(reason))
    }
  },
  el('label', { for: id }, t(`detail.${key}Reason`)),
  el('input', { id, name: 'reason', type: 'text', required, maxlength: 2000 }),
  el('button', { type: 'submit', class: `act-${key}` }, t(`action.${key}`)))
}

/** Available responders, nearest first; the nearest is preselected as the suggestion. */
async function candidates (d) {
  if (d.lat != null) {
    try {
      const near = await api('GET', `/api/v1/responders?available=true&near=${d.lat},${d.lon}`)
      return near.items
    } catch { /* an older server: filter and sort here */ }
  }
  const all = await listAll('/api/v1/responders')
  const free = all.filter(r => r.status === 'available' && r.online !== false && !r.revokedAt)
  for (const r of free) r.distanceM = d.lat == null || r.lat == null ? null : metres(d.lat, d.lon, r.lat, r.lon)
  return free.sort((a, b) => (a.distanceM ?? Infinity) - (b.distanceM ?? Infinity))
}

function metres (lat1, lon1, lat2, lon2) {
  const rad = Math.PI / 180
  const a = Math.sin((lat2 - lat1) * rad / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin((lon2 - lon1) * rad / 2) ** 2
  return 2 * 6371000 * Math.asin(Math.sqrt(a))
}

function assignForm (d) {
  const select = el('select', { id: 'assign-responder', name: 'responderId', required: true }, el('option', { value: '' }, t('common.loading')))
  const form = el('form', {
    class: 'inline-form form-assign',
    onsubmit: (e) => {
      e.preventDefault()
      if (select.value === '') return
      void act(t(d.assignedResponderId ? 'action.reassign' : 'action.assign'), () => api('POST', `/api/v1/incidents/${d.id}/assign`, { responderId: select.value }))
    }
  },
  el('label', { for: 'assign-responder' }, t('detail.assignTo')), select,
  el('button', { type: 'submit', class: 'act-assign' }, t(d.assignedResponderId ? 'action.reassign' : 'action.assign')))
  void candidates(d).then((list) => {
    const options = list.filter(r => r.id !== d.assignedResponderId).map((r, n) => el('option', { value: r.id },
      `${r.name}${r.distanceM == null ? '' : ` — ${formatDistance(r.distanceM)}`}${n === 0 ? ` (${t('detail.nearest')})` : ''}`))
    clear(select, options.length === 0 ? [el('option', { value: '' }, t('detail.noneAvailable'))] : options)
  }).catch(() => clear(select, el('option', { value: '' }, t('detail.noneAvailable'))))
  return form
}

function formatDistance (m) {
  return m < 1000 ? `${Math.round(m)} m` : `${(m / 1000).toFixed(1)} km`
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
    (d.timeline ?? []).map(e => [dateTime(e.at), e.type === 'transition' ? `${t(`state.${e.fromState}`)} → ${t(`state.${e.toState}`)}` : t(`event.${e.type}`) === `event.${e.type}` ? e.type : t(`event.${e.type}`), e.actor, e.reason ?? '']), 'timeline')
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
