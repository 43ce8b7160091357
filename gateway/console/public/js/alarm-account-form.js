// The form for one alarm account (admins): number and route, AES key, whose it is and where,
// supervision, clock window, quirks, and the account's own event codes over the defaults.
import { api, listAll } from './api.js'
import { clear, el, $ } from './dom.js'
import { t } from './i18n.js'
import { checkbox, field, say, textOrNull } from './form-fields.js'
import { eventCodeRows, eventMapOf } from './alarm-event-map.js'

let mapping = null // { targets, defaults }: the server's, read once
let opener = null

async function eventMapping () {
  mapping ??= await api('GET', '/api/v1/dc09/event-map')
  return mapping
}

function input (attrs, value) {
  return el('input', { ...attrs, value: value ?? undefined })
}

function personSelect (persons, current) {
  const known = persons.some(p => p.id === current)
  return el('select', { name: 'personId' },
    el('option', { value: '', 'data-i18n': 'alarms.nobody' }, t('alarms.nobody')),
    current != null && !known ? el('option', { value: current, selected: true }, current) : null,
    persons.map(p => el('option', { value: p.id, selected: p.id === current }, p.name)))
}

/** The body for POST (a new account) or PATCH (all fields as the form has them); a string is what is wrong. */
function bodyOf (form, account) {
  const f = form.elements
  const body = {
    name: f.name.value.trim(),
    account: f.account.value.trim(),
    receiver: textOrNull(f.receiver),
    line: textOrNull(f.line),
    personId: f.personId.value === '' ? null : f.personId.value,
    address: textOrNull(f.address),
    supervisionS: f.supervisionS.value === '' ? null : Number(f.supervisionS.value),
    aheadS: Number(f.aheadS.value),
    behindS: Number(f.behindS.value),
    quirks: {}
  }
  if ((f.lat.value === '') !== (f.lon.value === '')) return { error: t('alarms.bothCoordinates'), focus: f.lat.value === '' ? f.lat : f.lon }
  body.lat = f.lat.value === '' ? null : Number(f.lat.value)
  body.lon = f.lon.value === '' ? null : Number(f.lon.value)
  if (f.crcIncludesCr.checked) body.quirks.crcIncludesCr = true
  if (f.binaryCrc.checked) body.quirks.binaryCrc = true
  const map = eventMapOf(form)
  if (map.error !== undefined) return map
  body.eventMap = map.eventMap
  if (f.key.value !== '') body.key = f.key.value
  else if (f.clearKey?.checked === true) body.key = null
  if (account === null) for (const k of Object.keys(body)) if (body[k] === null) delete body[k]
  return { body }
}

function build (account, persons, m, done) {
  const a = account ?? { account: '', receiver: null, line: null, name: '', encrypted: false, personId: null, lat: null, lon: null, address: null, eventMap: {}, quirks: {}, supervisionS: null, aheadS: 20, behindS: 40 }
  const heading = account === null ? t('alarms.newHeading') : t('alarms.editHeading', { name: account.name })
  const message = el('p', { id: 'alarm-form-message', class: 'message', role: 'alert', tabindex: '-1' })
  const form = el('form', { id: 'alarm-form', class: 'edit-form admin-form', 'aria-labelledby': 'alarm-form-h' },
    el('h2', { id: 'alarm-form-h', tabindex: '-1' }, heading),
    message,
    field('aa-name', 'alarms.name', input({ name: 'name', required: true, maxlength: 200 }, a.name)),
    field('aa-account', 'alarms.account', input({ name: 'account', required: true, pattern: '[0-9A-Fa-f]{3,16}', maxlength: 16, autocomplete: 'off' }, a.account), 'alarms.accountHint'),
    field('aa-receiver', 'alarms.receiver', input({ name: 'receiver', pattern: '[0-9A-Fa-f]{1,6}', maxlength: 6, autocomplete: 'off' }, a.receiver), 'alarms.routeHint'),
    field('aa-line', 'alarms.line', input({ name: 'line', pattern: '[0-9A-Fa-f]{1,6}', maxlength: 6, autocomplete: 'off' }, a.line), 'alarms.routeHint'),
    field('aa-key', 'alarms.key', input({ name: 'key', type: 'password', autocomplete: 'new-password', maxlength: 64 }), a.encrypted ? 'alarms.keyKeep' : 'alarms.keyHint'),
    a.encrypted ? checkbox('aa-clear-key', 'clearKey', 'alarms.clearKey', false) : null,
    field('aa-person', 'alarms.person', personSelect(persons, a.personId)),
    el('fieldset', {},
      el('legend', { 'data-i18n': 'alarms.place' }, t('alarms.place')),
      field('aa-lat', 'create.lat', input({ name: 'lat', type: 'number', step: 'any', min: -90, max: 90 }, a.lat)),
      field('aa-lon', 'create.lon', input({ name: 'lon', type: 'number', step: 'any', min: -180, max: 180 }, a.lon)),
      field('aa-address', 'create.address', input({ name: 'address', maxlength: 500 }, a.address))),
    field('aa-supervision', 'alarms.supervisionS', input({ name: 'supervisionS', type: 'number', min: 0, max: 31 * 86400, step: 1 }, a.supervisionS), 'alarms.supervisionHint'),
    el('fieldset', {},
      el('legend', { 'data-i18n': 'alarms.clock' }, t('alarms.clock')),
      field('aa-ahead', 'alarms.aheadS', input({ name: 'aheadS', type: 'number', min: 0, max: 86400, step: 1, required: true }, a.aheadS)),
      field('aa-behind', 'alarms.behindS', input({ name: 'behindS', type: 'number', min: 0, max: 86400, step: 1, required: true }, a.behindS))),
    el('fieldset', {},
      el('legend', { 'data-i18n': 'alarms.quirks' }, t('alarms.quirks')),
      checkbox('aa-crc-cr', 'crcIncludesCr', 'alarms.crcIncludesCr', a.quirks.crcIncludesCr === true),
      checkbox('aa-binary-crc', 'binaryCrc', 'alarms.binaryCrc', a.quirks.binaryCrc === true)),
    eventCodeRows(a.eventMap, m),
    el('p', { class: 'button-row' },
      el('button', { type: 'submit', 'data-i18n': account === null ? 'alarms.create' : 'action.save' }, t(account === null ? 'alarms.create' : 'action.save')),
      el('button', { type: 'button', class: 'cancel', 'data-i18n': 'common.cancel', onclick: () => closeAccountForm() }, t('common.cancel'))))
  form.addEventListener('submit', async (e) => {
    e.preventDefault()
    const made = bodyOf(form, account)
    if (made.error !== undefined) { say(message, made.error, 'error'); made.focus?.focus(); return }
    const button = form.querySelector('button[type=submit]')
    button.disabled = true
    try {
      const saved = account === null
        ? await api('POST', '/api/v1/alarm-accounts', made.body)
        : await api('PATCH', `/api/v1/alarm-accounts/${encodeURIComponent(account.id)}`, made.body)
      closeAccountForm(false)
      await done(saved, account === null)
    } catch (err) {
      say(message, t('alarms.saveFailed', { message: err.message }), 'error', true)
    } finally {
      button.disabled = false
    }
  })
  return form
}

/** Opens the form for a new account (`account` null) or one to change; `done(saved, created)` after saving. */
export async function openAccountForm (account, done) {
  opener = document.activeElement
  const [persons, m] = await Promise.all([listAll('/api/v1/persons'), eventMapping()])
  const panel = $('#alarm-form-panel')
  clear(panel, build(account, persons, m, done))
  panel.hidden = false
  $('#aa-name').focus()
}

/** Closes the form; focus goes back to the button that opened it unless the caller moves it. */
export function closeAccountForm (refocus = true) {
  const panel = $('#alarm-form-panel')
  if (panel === null || panel.hidden) return
  clear(panel)
  panel.hidden = true
  if (refocus && opener?.isConnected) opener.focus()
  opener = null
}
