// The dispatcher's actions on an incident: assign or reassign (nearest available suggested),
// transitions, escalate, cancel, corrections. `act` runs one and reports its outcome in the detail.
import { api, listAll } from './api.js'
import { clear, el } from './dom.js'
import { t } from './i18n.js'

export function actions (d, act, message) {
  // What the incident may move to now, as the server's lifecycle says (GET /incidents/{id}).
  const next = d.allowedNext ?? []
  const box = el('section', { class: 'actions', 'aria-labelledby': 'actions-h' }, el('h3', { id: 'actions-h' }, t('detail.actions')))
  if (next.length === 0) { box.append(el('p', {}, t('detail.noActions'))); return box }
  if (next.includes('ASSIGNED')) box.append(assignForm(d, act))
  const row = el('div', { class: 'button-row' })
  const transition = (to, key) => row.append(el('button', { type: 'button', class: `act-${key}`, onclick: () => act(t(`action.${key}`), () => api('POST', `/api/v1/incidents/${d.id}/transition`, { to })) }, t(`action.${key}`)))
  if (next.includes('EN_ROUTE')) transition('EN_ROUTE', 'enRoute')
  if (next.includes('ON_SCENE')) transition('ON_SCENE', 'onScene')
  if (next.includes('RESOLVED')) transition('RESOLVED', 'resolve')
  if (next.includes('CLOSED')) transition('CLOSED', 'close')
  box.append(row)
  if (!['CLOSED', 'CANCELLED'].includes(d.state)) box.append(editForm(d, act, message))
  if (!['RESOLVED', 'CLOSED', 'CANCELLED'].includes(d.state)) box.append(reasonForm(act, 'escalate', (reason) => api('POST', `/api/v1/incidents/${d.id}/escalate`, { reason }), true))
  if (next.includes('CANCELLED')) box.append(reasonForm(act, 'cancel', (reason) => api('POST', `/api/v1/incidents/${d.id}/cancel`, reason === '' ? {} : { reason }), false))
  return box
}

/** Corrections (category, priority, description, address): only the fields that changed are sent. */
function editForm (d, act, message) {
  const input = (name, label, value, attrs = {}) => [
    el('label', { for: `edit-${name}` }, label),
    el(attrs.rows ? 'textarea' : 'input', { id: `edit-${name}`, name, ...attrs }, attrs.rows ? value ?? '' : null)
  ]
  const form = el('form', {
    class: 'edit-form',
    onsubmit: (e) => {
      e.preventDefault()
      const f = e.target.elements
      const body = {}
      if (f.category.value.trim() !== d.category) body.category = f.category.value.trim()
      if (Number(f.priority.value) !== d.priority) body.priority = Number(f.priority.value)
      for (const k of ['description', 'address']) if (f[k].value.trim() !== (d[k] ?? '')) body[k] = f[k].value.trim()
      if (Object.keys(body).length === 0) { message(t('detail.noChange')); return }
      void act(t('action.save'), () => api('PATCH', `/api/v1/incidents/${d.id}`, body))
    }
  },
  input('category', t('detail.category'), null, { required: true, maxlength: 64, list: 'categories' }),
  el('label', { for: 'edit-priority' }, t('detail.priority')),
  el('select', { id: 'edit-priority', name: 'priority' }, [1, 2, 3, 4, 5].map(p => el('option', { value: p, selected: p === d.priority }, String(p)))),
  input('description', t('detail.description'), d.description, { rows: 2, maxlength: 5000 }),
  input('address', t('detail.address'), null, { maxlength: 500 }),
  el('button', { type: 'submit', class: 'act-save' }, t('action.save')))
  form.elements.category.defaultValue = d.category
  form.elements.address.defaultValue = d.address ?? ''
  return el('details', { class: 'edit' }, el('summary', {}, t('detail.edit')), form)
}

function reasonForm (act, key, send, required) {
  const id = `reason-${key}`
  return el('form', {
    class: `inline-form form-${key}`,
    onsubmit: (e) => {
      e.preventDefault()
      const form = e.target
      const reason = form.elements.reason.value.trim()
      void act(t(`action.${key}`), async () => { await send(reason); form.reset() })
    }
  },
  el('label', { for: id }, t(`detail.${key}Reason`)),
  el('input', { id, name: 'reason', type: 'text', required, maxlength: 2000 }),
  el('button', { type: 'submit', class: `act-${key}` }, t(`action.${key}`)))
}

/** Available responders, nearest first; the nearest is preselected as the suggestion. */
async function candidates (d) {
  if (d.lat != null) {
    try {
      const near = await api('GET', `/api/v1/responders?available=true&near=${d.lat},${d.lon}`)
      return near.items
    } catch { /* an older server: filter and sort here */ }
  }
  const all = await listAll('/api/v1/responders')
  const free = all.filter(r => r.status === 'available' && r.online !== false && !r.revokedAt)
  for (const r of free) r.distanceM = d.lat == null || r.lat == null ? null : metres(d.lat, d.lon, r.lat, r.lon)
  return free.sort((a, b) => (a.distanceM ?? Infinity) - (b.distanceM ?? Infinity))
}

function metres (lat1, lon1, lat2, lon2) {
  const rad = Math.PI / 180
  const a = Math.sin((lat2 - lat1) * rad / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin((lon2 - lon1) * rad / 2) ** 2
  return 2 * 6371000 * Math.asin(Math.sqrt(a))
}

function assignForm (d, act) {
  const select = el('select', { id: 'assign-responder', name: 'responderId', required: true }, el('option', { value: '' }, t('common.loading')))
  const form = el('form', {
    class: 'inline-form form-assign',
    onsubmit: (e) => {
      e.preventDefault()
      if (select.value === '') return
      void act(t(d.assignedResponderId ? 'action.reassign' : 'action.assign'), () => api('POST', `/api/v1/incidents/${d.id}/assign`, { responderId: select.value }))
    }
  },
  el('label', { for: 'assign-responder' }, t('detail.assignTo')), select,
  el('button', { type: 'submit', class: 'act-assign' }, t(d.assignedResponderId ? 'action.reassign' : 'action.assign')))
  void candidates(d).then((list) => {
    const options = list.filter(r => r.id !== d.assignedResponderId).map((r, n) => el('option', { value: r.id },
      `${r.name}${r.distanceM == null ? '' : ` — ${formatDistance(r.distanceM)}`}${n === 0 ? ` (${t('detail.nearest')})` : ''}`))
    clear(select, options.length === 0 ? [el('option', { value: '' }, t('detail.noneAvailable'))] : options)
  }).catch(() => clear(select, el('option', { value: '' }, t('detail.noneAvailable'))))
  return form
}

export function formatDistance (m) {
  return m < 1000 ? `${Math.round(m)} m` : `${(m / 1000).toFixed(1)} km`
}
