// A phone call or a walk-in becomes an incident: the form, a location typed or picked on the map.
import { api } from './api.js'
import { clear, el, $ } from './dom.js'
import { t } from './i18n.js'
import { mapCentre, pickPoint, showPicked } from './map.js'

export function openCreate () {
  const form = $('#create-form')
  $('#create-message').textContent = ''
  pickPoint((lat, lon) => setPoint(lat, lon))
  form.elements.source.focus()
}

export function closeCreate () {
  pickPoint(null)
}

function setPoint (lat, lon) {
  const form = $('#create-form')
  form.elements.lat.value = lat.toFixed(6)
  form.elements.lon.value = lon.toFixed(6)
  showPicked(lat, lon)
}

/** The categories the rules in force know, offered in the category fields. */
export async function loadCategories () {
  const rules = await api('GET', '/api/v1/rules')
  const categories = [...new Set((rules.effective ?? []).map(r => r.category).filter(c => typeof c === 'string'))].sort()
  if (categories.length > 0) clear($('#categories'), categories.map(c => el('option', { value: c })))
}

export function initCreate (navigate) {
  const form = $('#create-form')
  $('#create-use-centre').addEventListener('click', () => { const c = mapCentre(); setPoint(c.lat, c.lon) })
  for (const name of ['lat', 'lon']) {
    form.elements[name].addEventListener('change', () => {
      const lat = Number(form.elements.lat.value)
      const lon = Number(form.elements.lon.value)
      if (form.elements.lat.value !== '' && form.elements.lon.value !== '' && Number.isFinite(lat) && Number.isFinite(lon)) showPicked(lat, lon)
    })
  }
  form.addEventListener('submit', async (e) => {
    e.preventDefault()
    const f = form.elements
    const body = { source: f.source.value, category: f.category.value.trim(), priority: Number(f.priority.value) }
    for (const k of ['description', 'address', 'callerName', 'callerPhone']) if (f[k].value.trim() !== '') body[k] = f[k].value.trim()
    if ((f.lat.value === '') !== (f.lon.value === '')) { show(t('create.bothCoordinates'), 'error'); return }
    if (f.lat.value !== '') { body.lat = Number(f.lat.value); body.lon = Number(f.lon.value) }
    try {
      const created = await api('POST', '/api/v1/incidents', body)
      form.reset()
      navigate(`#/incident/${encodeURIComponent(created.id)}`)
    } catch (err) {
      show(t('create.failed', { message: err.message }), 'error')
    }
  })
}

function show (text, kind) {
  const box = $('#create-message')
  box.className = `message ${kind}`
  box.textContent = text
}
