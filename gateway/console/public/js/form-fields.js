// Labelled form fields for the admin forms, built with data-i18n so a language change relabels
// them without losing what was typed.
import { el } from './dom.js'
import { t } from './i18n.js'

/** A label, the input (its id set) and, with `hint`, a hint the input is described by. */
export function field (id, labelKey, input, hintKey) {
  input.id = id
  if (hintKey !== undefined) input.setAttribute('aria-describedby', `${id}-hint`)
  return [
    el('label', { for: id, 'data-i18n': labelKey }, t(labelKey)),
    input,
    hintKey === undefined ? null : el('small', { id: `${id}-hint`, class: 'hint', 'data-i18n': hintKey }, t(hintKey))
  ]
}

/** A checkbox with its label after it, on one line; labelKey null: `text` is the label (a name from the server). */
export function checkbox (id, name, labelKey, checked, value, text) {
  return el('div', { class: 'check' },
    el('input', { type: 'checkbox', id, name, checked, value }),
    el('label', { for: id, 'data-i18n': labelKey }, labelKey === null ? text : t(labelKey)))
}

/** A text field's value trimmed, or null when empty. */
export function textOrNull (input) {
  const v = input.value.trim()
  return v === '' ? null : v
}

/** Shows a message in a box (kind ok or error); focus moves there when asked. */
export function say (box, text, kind, focus = false) {
  box.className = `message ${kind}`
  box.textContent = text
  if (focus) box.focus()
}

/** Empties a message box (before a new action, so an old outcome is not read as its outcome). */
export function unsay (box) {
  box.className = 'message'
  box.textContent = ''
}
