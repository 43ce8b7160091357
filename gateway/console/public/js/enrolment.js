// One-time enrolment links for the field app (admins): the link, its QR code drawn here in the
// page (the link goes to no other service), and until when it is valid.
import qrcode from '/console/vendor/qrcode/qrcode.mjs'
import { api } from './api.js'
import { clear, $ } from './dom.js'
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

/**
 * Makes a link for a device or responder (`path`: `devices/<id>` or `responders/<id>`) and shows
 * it in the panel `prefix` (device-enrolment, responder-enrolment); errors go to `message`.
 */
export async function showEnrolment (path, name, prefix, message) {
  const panel = $(`#${prefix}`)
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
