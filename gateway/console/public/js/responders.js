// Responders: status, online, last seen, position, what they are on; dispatchers set available / off duty.
import { api, listAll } from './api.js'
import { clear, el, $ } from './dom.js'
import { dateTime, t } from './i18n.js'
import { canAct, emit, responderStatus, state } from './state.js'
import { canEnrol, showEnrolment } from './enrolment.js'

const SHAPES = { available: '●', busy: '■', off_duty: '◆', offline: '○' }

export async function loadResponders () {
  const items = await listAll('/api/v1/responders')
  state.responders = new Map(items.map(r => [r.id, r]))
  emit('responders')
}

export function statusLabel (r) {
  const s = responderStatus(r)
  return el('span', { class: `status status-${s}` }, el('span', { 'aria-hidden': 'true' }, SHAPES[s], ' '), t(`status.${s}`))
}

async function setStatus (r, status) {
  const box = $('#responders-message')
  try {
    const updated = await api('PATCH', `/api/v1/responders/${encodeURIComponent(r.id)}`, { status })
    state.responders.set(r.id, { ...state.responders.get(r.id), ...updated })
    box.className = 'message ok'
    box.textContent = t('responders.set', { name: r.name, status: t(`status.${status}`) })
    emit('responders')
  } catch (e) {
    box.className = 'message error'
    box.textContent = e.message
  }
}

export function renderResponderList () {
  const rows = [...state.responders.values()].filter(r => !r.revokedAt).sort((a, b) => (a.name ?? '').localeCompare(b.name ?? ''))
  clear($('#responder-rows'), rows.map(r => el('tr', { dataset: { id: r.id } },
    el('th', { scope: 'row' }, r.name ?? r.id),
    el('td', {}, statusLabel(r)),
    el('td', {}, r.online ? t('common.online') : t('common.offline')),
    el('td', {}, dateTime(r.locationAt ?? r.lastSeenAt ?? null)),
    el('td', {}, r.batteryPct == null ? '—' : `${r.batteryPct}%`),
    el('td', {}, r.lat == null ? '—' : `${r.lat.toFixed(5)}, ${r.lon.toFixed(5)}`),
    el('td', {}, r.currentIncidentId ? el('a', { href: `#/incident/${encodeURIComponent(r.currentIncidentId)}` }, state.incidents.get(r.currentIncidentId)?.number ?? t('responders.incident')) : '—'),
    canAct()
      ? el('td', { class: 'row-actions' },
        r.status !== 'available' ? el('button', { type: 'button', class: 'set-available', onclick: () => setStatus(r, 'available') }, t('responders.setAvailable')) : null,
        r.status !== 'off_duty' ? el('button', { type: 'button', class: 'set-off-duty', onclick: () => setStatus(r, 'off_duty') }, t('responders.setOffDuty')) : null,
        canEnrol() ? el('button', { type: 'button', class: 'enrol', onclick: () => showEnrolment(`responders/${encodeURIComponent(r.id)}`, r.name ?? r.id, 'responder-enrolment', $('#responders-message')) }, t('enrol.make')) : null)
      : null)))
  $('#responders-actions-h').hidden = !canAct()
}
