// An account's own event codes (cid:130, cid:130-139, sia:BA → an alert kind or ignore), edited
// as rows over the defaults, which are shown beside them as the server has them.
import { el } from './dom.js'
import { t } from './i18n.js'

const EVENT_KEY = /^(cid:\d{3}(-\d{3})?|sia:[A-Z]{2})$/
let rows = 0

function targetLabel (target) {
  return target === 'ignore' ? t('alarms.ignore') : target
}

function codeRow (code, target, targets) {
  const n = ++rows
  const row = el('tr', { class: 'code-row' })
  const remove = () => {
    // Focus to the next row's code, else the add button: it must not fall back to the page.
    const next = row.nextElementSibling?.querySelector('input') ?? row.closest('fieldset').querySelector('button.add-code')
    row.remove()
    next.focus()
  }
  row.append(
    el('td', {},
      el('label', { for: `aa-code-${n}`, class: 'visually-hidden', 'data-i18n': 'alarms.code' }, t('alarms.code')),
      el('input', { id: `aa-code-${n}`, name: 'code', value: code, placeholder: 'cid:130', size: 14, autocomplete: 'off', required: true })),
    el('td', {},
      el('label', { for: `aa-target-${n}`, class: 'visually-hidden', 'data-i18n': 'alarms.target' }, t('alarms.target')),
      el('select', { id: `aa-target-${n}`, name: 'target' }, targets.map(k => el('option', { value: k, selected: k === target }, targetLabel(k))))),
    el('td', {}, el('button', { type: 'button', class: 'remove-code', 'data-i18n': 'alarms.removeCode', onclick: remove }, t('alarms.removeCode'))))
  return row
}

/** The fieldset: the account's rows, a button for another, and the defaults to look up. */
export function eventCodeRows (eventMap, { targets, defaults }) {
  const body = el('tbody', { id: 'aa-codes' }, Object.entries(eventMap).map(([code, target]) => codeRow(code, target, targets)))
  return el('fieldset', { class: 'event-codes' },
    el('legend', { 'data-i18n': 'alarms.eventMap' }, t('alarms.eventMap')),
    el('p', { class: 'hint', 'data-i18n': 'alarms.eventMapHint' }, t('alarms.eventMapHint')),
    el('table', { class: 'list compact' },
      el('thead', {}, el('tr', {},
        el('th', { scope: 'col', 'data-i18n': 'alarms.code' }, t('alarms.code')),
        el('th', { scope: 'col', 'data-i18n': 'alarms.target' }, t('alarms.target')),
        el('td', {}))),
      body),
    el('button', {
      type: 'button',
      class: 'add-code',
      'data-i18n': 'alarms.addCode',
      onclick: () => {
        const row = codeRow('', 'ignore', targets)
        body.append(row)
        row.querySelector('input').focus()
      }
    }, t('alarms.addCode')),
    el('details', { class: 'defaults' },
      el('summary', { 'data-i18n': 'alarms.defaults' }, t('alarms.defaults')),
      el('table', { class: 'list compact', id: 'aa-defaults' },
        el('thead', {}, el('tr', {},
          el('th', { scope: 'col', 'data-i18n': 'alarms.code' }, t('alarms.code')),
          el('th', { scope: 'col', 'data-i18n': 'alarms.target' }, t('alarms.target')))),
        el('tbody', {}, Object.entries(defaults).map(([code, target]) => el('tr', {}, el('td', {}, code), el('td', {}, targetLabel(target))))))))
}

/** The rows as a mapping; a code that is no code, or one given twice, is an error with its field. */
export function eventMapOf (form) {
  const eventMap = {}
  for (const row of form.querySelectorAll('#aa-codes tr')) {
    const input = row.querySelector('input')
    const raw = input.value.trim()
    const code = raw.toLowerCase().startsWith('sia:') ? `sia:${raw.slice(4).toUpperCase()}` : raw.toLowerCase()
    if (!EVENT_KEY.test(code)) return { error: t('alarms.badCode', { code: raw }), focus: input }
    if (eventMap[code] !== undefined) return { error: t('alarms.twiceCode', { code }), focus: input }
    input.value = code
    eventMap[code] = row.querySelector('select').value
  }
  return { eventMap }
}
