// The incident board: open incidents, most urgent and oldest first, time since the press ticking.
import { api } from './api.js'
import { clear, el, $ } from './dom.js'
import { since, t } from './i18n.js'
import { beep } from './sound.js'
import { boardOrder, emit, OPEN_STATES, state } from './state.js'

const enriching = new Map()
let beepTimer = null

/** The full list item (names, offers, responder) behind what a live event carries. */
function enrich (id) {
  if (enriching.has(id)) return
  enriching.set(id, setTimeout(async () => {
    enriching.delete(id)
    try {
      const full = await api('GET', `/api/v1/incidents/${encodeURIComponent(id)}`)
      if (!state.incidents.has(id)) return
      if (!OPEN_STATES.includes(full.state)) { state.incidents.delete(id); state.unacknowledged.delete(id) } else {
        const { alerts, offers, timeline, locations, ...item } = full
        if (item.pendingOffers === undefined) item.pendingOffers = offers.filter(o => o.state === 'pending').length
        state.incidents.set(id, { ...state.incidents.get(id), ...item })
      }
      emit('incidents')
    } catch { /* the next event or snapshot tries again */ }
  }, 50))
}

export async function applySnapshot (msg) {
  const before = new Set(state.incidents.keys())
  const first = state.snapshotSeen !== true
  state.snapshotSeen = true
  const next = new Map()
  for (const i of msg.incidents) next.set(i.id, { ...state.incidents.get(i.id), ...i })
  state.incidents = next
  for (const id of [...state.unacknowledged]) if (!next.has(id)) state.unacknowledged.delete(id)
  // After a drop, incidents opened meanwhile are as new as any other.
  if (!first) for (const id of next.keys()) if (!before.has(id)) state.unacknowledged.add(id)
  emit('incidents')
  try {
    const list = await api('GET', `/api/v1/incidents?state=${OPEN_STATES.join(',')}&limit=500`)
    for (const item of list.items) {
      if (state.incidents.has(item.id)) state.incidents.set(item.id, { ...state.incidents.get(item.id), ...item })
    }
    emit('incidents')
  } catch { /* the snapshot alone is shown */ }
  cue()
}

export function applyEvent (msg) {
  if (msg.type === 'responder.updated') {
    const r = msg.responder
    state.responders.set(r.id, { ...state.responders.get(r.id), ...r })
    emit('responders', r.id)
    return
  }
  if (!msg.type.startsWith('incident.') || msg.incident === undefined) return
  const i = msg.incident
  if (!OPEN_STATES.includes(i.state)) {
    state.incidents.delete(i.id)
    state.unacknowledged.delete(i.id)
  } else {
    const known = state.incidents.get(i.id)
    state.incidents.set(i.id, { ...(known ?? { firstTriggeredAt: msg.at, openedAt: msg.at, escalationLevel: 0 }), ...i })
    if (msg.type === 'incident.opened' && known === undefined) state.unacknowledged.add(i.id)
    enrich(i.id)
  }
  emit('incidents')
  emit('incident', i.id, msg)
  cue()
}

export function acknowledge () {
  state.unacknowledged.clear()
  cue()
  emit('incidents')
}

/** The new-incident cue: a banner with an Acknowledge button, and a beep until acknowledged. */
function cue () {
  const box = $('#alert-cue')
  const ids = [...state.unacknowledged].filter(id => state.incidents.has(id))
  if (ids.length === 0) {
    box.hidden = true
    clearInterval(beepTimer)
    beepTimer = null
    return
  }
  const newest = ids.map(id => state.incidents.get(id)).sort(boardOrder)[0]
  $('#alert-cue-text').textContent = t('cue.text', { count: ids.length, number: newest.number, category: newest.category, priority: newest.priority })
  const wasHidden = box.hidden
  box.hidden = false
  if (wasHidden) $('#alert-cue-ack').focus({ preventScroll: true })
  if (beepTimer === null) {
    beep()
    beepTimer = setInterval(beep, 4000)
  }
}

function who (i) {
  const device = i.deviceName ?? i.deviceId ?? null
  if (i.personName && device !== null) return `${i.personName} (${device})`
  if (i.personName) return i.personName
  if (device !== null) return device
  return t(`source.${i.source ?? 'other'}`)
}

export function responderName (i) {
  if (i.assignedResponder?.name) return i.assignedResponder.name
  if (i.assignedResponderId) return state.responders.get(i.assignedResponderId)?.name ?? i.assignedResponderId
  return null
}

function markers (i) {
  const out = []
  if (state.unacknowledged.has(i.id)) out.push(el('span', { class: 'badge badge-new' }, '● ', t('board.new')))
  if (i.escalationLevel > 0) out.push(el('span', { class: 'badge badge-escalated' }, '▲ ', t('board.escalated', { level: i.escalationLevel })))
  if (i.pendingOffers > 0) out.push(el('span', { class: 'badge badge-offers' }, '◔ ', t('board.pendingOffers', { count: i.pendingOffers })))
  return out
}

export function stateLabel (s) {
  return el('span', { class: `state state-${s}` }, t(`state.${s}`))
}

export function priorityLabel (p) {
  return el('span', { class: `prio prio-${p}` }, t('board.priorityShort', { p }))
}

export function renderBoard () {
  const body = $('#board-rows')
  const items = [...state.incidents.values()].sort(boardOrder)
  $('#board-count').textContent = t('board.count', { count: items.length })
  $('#board-empty').hidden = items.length > 0
  clear(body, items.map(i => el('tr', { class: state.unacknowledged.has(i.id) ? 'unack' : '', dataset: { id: i.id, number: i.number } },
    el('td', {}, el('a', { href: `#/incident/${encodeURIComponent(i.id)}`, class: 'incident-link' }, i.number)),
    el('td', {}, priorityLabel(i.priority)),
    el('td', {}, i.category),
    el('td', { class: 'state-cell' }, stateLabel(i.state)),
    el('td', { class: 'since', dataset: { since: i.firstTriggeredAt ?? i.openedAt ?? '' } }, i.firstTriggeredAt ?? i.openedAt ? since(i.firstTriggeredAt ?? i.openedAt) : '—'),
    el('td', {}, who(i)),
    el('td', { class: 'responder-cell' }, responderName(i) ?? el('span', { class: 'muted' }, t('board.unassigned'))),
    el('td', { class: 'markers' }, markers(i))
  )))
}

/** Every second: the "since" cells, without re-rendering the rows (focus stays where it is). */
export function tick () {
  for (const td of document.querySelectorAll('td.since[data-since]')) {
    if (td.dataset.since !== '') td.textContent = since(td.dataset.since)
  }
}
