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

/** A message that stays until replaced (a refused link, a revoked app); several lines allowed. */
export function showNotice (...lines) {
  notice = lines
  const el = document.getElementById('notice')
  el.hidden = false
  el.replaceChildren(...lines.map((line) => { const p = document.createElement('p'); p.textContent = line; return p }))
}

/** The same notice, by keys, so a language switch re-renders it. */
export function showNoticeKeys (...keys) {
  notice = keys.map(k => ({ key: k }))
  render()
}

function render () {
  if (notice === null) return
  const el = document.getElementById('notice')
  el.hidden = false
  el.replaceChildren(...notice.map((line) => { const p = document.createElement('p'); p.textContent = typeof line === 'string' ? line : t(line.key); return p }))
}

onLanguage(() => { connectionState(connState); render() })
