// Devices: online or not, last seen, battery, position or install location, whose they are;
// for an admin, a phone's enrolment link for the field app.
import { listAll } from './api.js'
import { clear, el, $ } from './dom.js'
import { dateTime, t } from './i18n.js'
import { canEnrol, showEnrolment } from './enrolment.js'

let devices = []

export async function loadDevices () {
  devices = await listAll('/api/v1/devices')
  renderDevices()
}

function position (d) {
  if (d.lat != null) return `${d.lat.toFixed(5)}, ${d.lon.toFixed(5)}`
  if (d.install != null) return `${t('devices.installed')}: ${d.install.address ?? `${d.install.lat}, ${d.install.lon}`}`
  return '—'
}

export function renderDevices () {
  clear($('#device-rows'), devices.filter(d => !d.revokedAt).map(d => el('tr', { dataset: { id: d.id } },
    el('th', { scope: 'row' }, d.name ?? d.id),
    el('td', {}, t(`kind.${d.kind}`)),
    el('td', {}, d.personName ?? d.personId ?? '—'),
    el('td', {}, d.online === undefined ? '—' : d.online ? `● ${t('common.online')}` : `○ ${t('common.offline')}`),
    el('td', {}, dateTime(d.lastSeenAt)),
    el('td', {}, d.batteryPct == null && d.battery == null ? '—' : `${d.batteryPct ?? d.battery}%`),
    el('td', {}, position(d)),
    canEnrol() && d.kind === 'phone'
      ? el('td', { class: 'row-actions' }, el('button', { type: 'button', class: 'enrol', onclick: () => showEnrolment(`devices/${encodeURIComponent(d.id)}`, d.name ?? d.id, 'device-enrolment', $('#devices-message')) }, t('enrol.make')))
      : el('td', {}))))
  $('#devices-actions-h').hidden = !canEnrol()
}
