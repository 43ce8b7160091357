// Alarm panels (SIA DC-09 accounts): whose each is, whether it encrypts, and when it was last heard
// from against its supervision period; admins add, change and remove them.
import { api, listAll } from './api.js'
import { clear, el, $ } from './dom.js'
import { dateTime, duration, t } from './i18n.js'
import { canAct, isAdmin } from './state.js'
import { say, unsay } from './form-fields.js'
import { closeAccountForm, openAccountForm } from './alarm-account-form.js'

let accounts = []
let seen = new Map() // account id → its device's lastSeenAt: an account is a device of kind panel
let names = new Map() // person id → name (dispatchers and admins may list persons)
let panelDefaultS = null // the rules' supervision period for panels

export async function loadAlarmAccounts () {
  const [items, devices, rules, persons] = await Promise.all([
    listAll('/api/v1/alarm-accounts'),
    listAll('/api/v1/devices'),
    api('GET', '/api/v1/rules'),
    canAct() ? listAll('/api/v1/persons') : []
  ])
  accounts = items
  seen = new Map(devices.filter(d => d.kind === 'panel').map(d => [d.id, d.lastSeenAt ?? null]))
  names = new Map(persons.map(p => [p.id, p.name]))
  panelDefaultS = rules.liveness?.silentAfterS?.panel ?? null
  renderAlarmAccounts()
}

function route (a) {
  return [a.account, a.receiver === null ? null : `R${a.receiver}`, a.line === null ? null : `L${a.line}`].filter(Boolean).join(' ')
}

function supervision (a) {
  if (a.supervisionS === 0 || (a.supervisionS === null && panelDefaultS === 0)) return t('alarms.never')
  if (a.supervisionS === null) return panelDefaultS === null ? t('alarms.rulesDefault') : t('alarms.rulesDefaultIs', { period: duration(panelDefaultS) })
  return duration(a.supervisionS)
}

/** Heard within its period, silent past it (the receiver then raises DEVICE_OFFLINE), or not yet heard. */
function liveness (a) {
  const period = a.supervisionS ?? panelDefaultS
  const last = seen.get(a.id) ?? null
  if (last === null) return el('span', { class: 'liveness liveness-unheard' }, el('span', { 'aria-hidden': 'true' }, '○ '), t('alarms.unheard'))
  if (period === 0 || period === null || Date.now() - Date.parse(last) <= period * 1000) {
    return el('span', { class: 'liveness liveness-heard' }, el('span', { 'aria-hidden': 'true' }, '● '), t('alarms.heard'))
  }
  return el('span', { class: 'liveness liveness-silent' }, el('span', { 'aria-hidden': 'true' }, '⚠ '), t('alarms.silent'))
}

async function saved (account, created) {
  await loadAlarmAccounts()
  say($('#alarms-message'), t(created ? 'alarms.created' : 'alarms.saved', { name: account.name, account: account.account }), 'ok', true)
}

async function remove (a) {
  const box = $('#alarms-message')
  if (!window.confirm(t('alarms.confirmDelete', { name: a.name, account: a.account }))) return
  try {
    await api('DELETE', `/api/v1/alarm-accounts/${encodeURIComponent(a.id)}`)
    closeAccountForm(false)
    await loadAlarmAccounts()
    say(box, t('alarms.deleted', { name: a.name, account: a.account }), 'ok', true)
  } catch (e) {
    say(box, t('alarms.deleteFailed', { message: e.message }), 'error', true)
  }
}

async function edit (a) {
  unsay($('#alarms-message'))
  try {
    await openAccountForm(a, saved)
  } catch (e) {
    say($('#alarms-message'), e.message, 'error', true)
  }
}

export async function newAlarmAccount () {
  unsay($('#alarms-message'))
  try {
    await openAccountForm(null, saved)
  } catch (e) {
    say($('#alarms-message'), e.message, 'error', true)
  }
}

export function renderAlarmAccounts () {
  const admin = isAdmin()
  clear($('#alarm-rows'), accounts.map(a => el('tr', { dataset: { id: a.id } },
    el('th', { scope: 'row' }, a.name),
    el('td', {}, route(a)),
    el('td', {}, a.encrypted ? t('alarms.encrypted') : t('alarms.clear')),
    el('td', {}, a.personId === null ? '—' : names.get(a.personId) ?? a.personId),
    el('td', {}, supervision(a)),
    el('td', {}, dateTime(seen.get(a.id) ?? null)),
    el('td', {}, liveness(a)),
    admin
      ? el('td', { class: 'row-actions' },
        el('button', { type: 'button', class: 'edit', 'aria-label': t('alarms.editNamed', { name: a.name }), onclick: () => edit(a) }, t('alarms.edit')),
        el('button', { type: 'button', class: 'delete', 'aria-label': t('alarms.deleteNamed', { name: a.name }), onclick: () => remove(a) }, t('alarms.delete')))
      : null)))
  $('#alarms-empty').hidden = accounts.length > 0
  $('#alarms-actions-h').hidden = !admin
  $('#alarms-new').hidden = !admin
}
