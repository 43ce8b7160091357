// A person's rights over their data (admins): the export of everything Flare holds about them, saved
// as a file, and the erasure, after a confirmation that says what goes and what stays.
import { api, apiBlob } from './api.js'
import { el, $ } from './dom.js'
import { t } from './i18n.js'
import { say, unsay } from './form-fields.js'

// What the erasure reports, as the server counts it: rows deleted, and rows kept but emptied.
const DELETED = ['contacts', 'locations', 'deliveries', 'deadLetters']
const EMPTIED = ['devices', 'incidents', 'alerts', 'auditEntries']

const personPath = (person) => `/api/v1/persons/${encodeURIComponent(person.id)}`

/** Downloads the person's export as flare-person-<id>.json (a file saved, no window opened). */
export async function exportPerson (person, box) {
  unsay(box)
  try {
    const blob = await apiBlob(`${personPath(person)}/export`)
    const file = `flare-person-${person.id}.json`
    const url = URL.createObjectURL(blob)
    const a = el('a', { href: url, download: file, hidden: true })
    document.body.append(a)
    a.click()
    a.remove()
    // The click has handed the file to the browser's download; the address is not needed after.
    setTimeout(() => URL.revokeObjectURL(url), 0)
    say(box, t('rights.exported', { name: person.name, file }), 'ok')
  } catch (e) {
    say(box, t('rights.exportFailed', { name: person.name, message: e.message }), 'error', true)
  }
}

function countsText (removed) {
  const list = (keys) => keys.map(k => t('rights.count', { what: t(`rights.count.${k}`), n: removed[k] ?? 0 })).join(', ')
  // A kind the server counts that this page does not know yet is still shown, by its name.
  const other = Object.keys(removed).filter(k => !DELETED.includes(k) && !EMPTIED.includes(k))
  return t('rights.erasedCounts', { deleted: list(DELETED), emptied: [list(EMPTIED), ...other.map(k => `${k} ${removed[k]}`)].join(', ') })
}

/**
 * Asks for the erasure in a modal dialog, the person's id typed to confirm it; then erases them.
 * `erased(id)` takes them out of the list. Focus: back on `opener` when cancelled, on the view's
 * message (what happened) otherwise.
 */
export function confirmErasure (person, opener, box, erased) {
  unsay(box)
  let settled = false
  const input = el('input', { id: 'erase-confirm', type: 'text', autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'erase-error' })
  const error = el('p', { id: 'erase-error', class: 'message', role: 'alert' })
  const submit = el('button', { type: 'submit', class: 'danger' }, t('rights.eraseSubmit'))
  const dialog = el('dialog', { id: 'erase-dialog', class: 'confirm-dialog', 'aria-labelledby': 'erase-h', 'aria-describedby': 'erase-what' },
    el('form', { onsubmit: (e) => { e.preventDefault(); void erase() } },
      el('h2', { id: 'erase-h' }, t('rights.eraseTitle', { name: person.name, id: person.id })),
      el('div', { id: 'erase-what' },
        el('p', {}, t('rights.eraseGone')),
        el('p', {}, t('rights.eraseKept')),
        el('p', {}, el('strong', {}, t('rights.eraseFinal')))),
      el('label', { for: 'erase-confirm' }, t('rights.eraseType', { id: person.id })),
      input,
      error,
      el('p', { class: 'button-row' },
        submit,
        el('button', { type: 'button', onclick: () => dialog.close() }, t('common.cancel')))))

  async function erase () {
    if (input.value.trim() !== person.id) {
      input.setAttribute('aria-invalid', 'true')
      say(error, t('rights.eraseMismatch', { id: person.id }), 'error')
      input.focus()
      return
    }
    submit.disabled = true
    try {
      const result = await api('DELETE', personPath(person))
      settled = true
      dialog.close()
      erased(person.id)
      say(box, `${t('rights.erased', { name: person.name, id: person.id })} ${countsText(result.removed ?? {})}`, 'ok', true)
    } catch (e) {
      settled = true
      dialog.close()
      const why = e.code === 'person_has_open_incidents' ? t('rights.eraseOpen', { message: e.message }) : e.message
      say(box, t('rights.eraseFailed', { name: person.name, message: why }), 'error', true)
      // Someone else erased them meanwhile: the list should not go on showing them.
      if (e.status === 404) erased(person.id)
    }
  }

  dialog.addEventListener('close', () => {
    dialog.remove()
    if (!settled && opener.isConnected) opener.focus()
  })
  document.body.append(dialog)
  dialog.showModal()
  input.focus()
}

/** The admin's two buttons for a person, in a cell of their row. */
export function rightsButtons (person, erased) {
  const box = $('#people-message')
  const eraseButton = el('button', { type: 'button', class: 'erase', 'aria-label': t('rights.eraseNamed', { name: person.name }), onclick: () => confirmErasure(person, eraseButton, box, erased) }, t('rights.erase'))
  return [
    el('button', { type: 'button', class: 'export', 'aria-label': t('rights.exportNamed', { name: person.name }), onclick: () => exportPerson(person, box) }, t('rights.export')),
    eraseButton
  ]
}
