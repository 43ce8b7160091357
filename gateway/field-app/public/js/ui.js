// Shared bits of the pages: which view shows, the connection line, the notice at the top.
import { onLanguage, t } from '/console/js/i18n.js'

let connState = 'stopped'
let notice = null

export function showView (name) {
  for (const el of document.querySelectorAll('main > section')) el.hidden = el.id !== `view-${name}`
}

export function connectionState (state) {
  connState = state
  const el = document.getElementById('conn')
  el.dataset.state = state
  el.textContent = t(`conn.${state}`)
}

/**
 * A message that stays until replaced (a set-up phone, a refused link, a revoked app), by keys (or
 * `{key, vars}`), one line each, re-rendered in the other language after a switch.
 */
export function showNoticeKeys (...keys) {
  notice = keys.map(k => (typeof k === 'string' ? { key: k } : k))
  render()
}

/** A status line (`el`) that says `key` in the language of the moment, also after a switch. */
const said = new Map()
export function say (el, key, vars = {}) {
  if (key === null) { said.delete(el); el.textContent = ''; return }
  said.set(el, { key, vars })
  el.textContent = t(key, vars)
}

function render () {
  if (notice === null) return
  const el = document.getElementById('notice')
  el.hidden = false
  el.replaceChildren(...notice.map((line) => { const p = document.createElement('p'); p.textContent = typeof line === 'string' ? line : t(line.key, line.vars); return p }))
}

onLanguage(() => {
  connectionState(connState)
  render()
  for (const [el, { key, vars }] of said) el.textContent = t(key, vars)
})
