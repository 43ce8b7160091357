// One-time enrolment links for the field app (admins): the link, its QR code drawn here in the
// page (the link goes to no other service), and until when it is valid.
import qrcode from '/console/vendor/qrcode/qrcode.mjs'
import { api } from './api.js'
import { clear, el, $ } from './dom.js'
import { dateTime, t } from './i18n.js'
import { state } from './state.js'

const SVG = 'http://www.w3.org/2000/svg'

export function canEnrol () {
  return state.user?.role === 'admin'
}

/** The QR code as SVG elements (no markup strings), dark modules on white with a quiet zone. */
function qrSvg (text, label) {
  const qr = qrcode(0, 'M')
  qr.addData(text)
  qr.make()
  const n = qr.getModuleCount()
  const svg = document.createElementNS(SVG, 'svg')
  svg.setAttribute('viewBox', `-4 -4 ${n + 8} ${n + 8}`)
  svg.setAttribute('role', 'img')
  svg.setAttribute('aria-label', label)
  const bg = document.createElementNS(SVG, 'rect')
  for (const [k, v] of Object.entries({ x: -4, y: -4, width: n + 8, height: n + 8, fill: '#fff' })) bg.setAttribute(k, String(v))
  svg.append(bg)
  let d = ''
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (qr.isDark(r, c)) d += `M${c} ${r}h1v1h-1z`
  const path = document.createElementNS(SVG, 'path')
  path.setAttribute('d', d)
  path.setAttribute('fill', '#000')
  svg.append(path)
  return svg
}

/** The view's panel for a link (`<prefix>`, `<prefix>-h`, `-qr`, `-url`, `-note`), made the first time. */
function panelIn (view, prefix) {
  const existing = $(`#${prefix}`)
  if (existing !== null) return existing
  const panel = el('section', { id: prefix, class: 'enrolment', 'aria-labelledby': `${prefix}-h`, hidden: true },
    el('h2', { id: `${prefix}-h` }),
    el('div', { id: `${prefix}-qr`, class: 'qr' }),
    el('label', { for: `${prefix}-url` }, t('enrol.link')),
    el('input', { id: `${prefix}-url`, type: 'text', readonly: true }),
    el('p', { id: `${prefix}-note` }))
  view.append(panel)
  return panel
}

/**
 * Makes a link for a device, responder or contact (`path`: `devices/<id>`, `responders/<id>`,
 * `contacts/<id>`) and shows it in the panel `prefix` of the view that holds `message`, where
 * errors go too.
 */
export async function showEnrolment (path, name, prefix, message) {
  const panel = panelIn(message.closest('section'), prefix)
  try {
    const link = await api('POST', `/api/v1/${path}/enrolment`)
    $(`#${prefix}-h`).textContent = t('enrol.title', { name })
    clear($(`#${prefix}-qr`), qrSvg(link.url, t('enrol.qr', { name })))
    const url = $(`#${prefix}-url`)
    url.value = link.url
    $(`#${prefix}-note`).textContent = t('enrol.note', { name, time: dateTime(link.expiresAt) })
    panel.hidden = false
    url.focus()
    url.select()
  } catch (e) {
    panel.hidden = true
    message.className = 'message error'
    message.textContent = e.message
  }
}
