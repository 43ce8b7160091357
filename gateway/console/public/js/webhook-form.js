// The form for one webhook subscription (admins): where to, which events, which incidents; and the
// signing secret, which the server shows only once, when the subscription is made.
import { api, listAll } from './api.js'
import { clear, el, $ } from './dom.js'
import { t } from './i18n.js'
import { checkbox, field, say } from './form-fields.js'

/** The events a subscription may ask for (docs/webhooks.md); each needs its own words here. */
export const WEBHOOK_EVENTS = ['incident.opened', 'incident.updated', 'incident.escalated', 'incident.resolved', 'incident.cancelled', 'incident.closed']
let opener = null

function bodyOf (form) {
  const f = form.elements
  const events = [...form.querySelectorAll('input[name=event]:checked')].map(i => i.value)
  if (events.length === 0) return { error: t('webhooks.noEvents'), focus: form.querySelector('input[name=event]') }
  const categories = [...new Set(f.categories.value.split(',').map(c => c.trim()).filter(c => c !== ''))]
  const zones = [...form.querySelectorAll('input[name=zone]:checked')].map(i => i.value)
  return {
    body: {
      name: f.name.value.trim(),
      url: f.url.value.trim(),
      events,
      categories: categories.length === 0 ? null : categories,
      zones: zones.length === 0 ? null : zones,
      maxPriority: f.maxPriority.value === '' ? null : Number(f.maxPriority.value),
      format: f.format.value
    }
  }
}

function build (hook, known, done) {
  const w = hook ?? { name: '', url: '', events: ['incident.opened'], categories: null, zones: null, maxPriority: null, format: 'json' }
  // A zone the subscription names that is gone from the list stays offered (by its id), so saving keeps it.
  const zones = [...known, ...(w.zones ?? []).filter(id => !known.some(z => z.id === id)).map(id => ({ id, name: id }))]
  const message = el('p', { id: 'webhook-form-message', class: 'message', role: 'alert', tabindex: '-1' })
  const form = el('form', { id: 'webhook-form', class: 'edit-form admin-form', 'aria-labelledby': 'webhook-form-h' },
    el('h2', { id: 'webhook-form-h' }, hook === null ? t('webhooks.newHeading') : t('webhooks.editHeading', { name: hook.name })),
    message,
    field('wh-name', 'webhooks.name', el('input', { name: 'name', required: true, maxlength: 200, value: w.name })),
    field('wh-url', 'webhooks.url', el('input', { name: 'url', type: 'url', required: true, maxlength: 2000, value: w.url, placeholder: 'https://' }), 'webhooks.urlHint'),
    field('wh-format', 'webhooks.format', el('select', { name: 'format' },
      ['json', 'cap'].map(v => el('option', { value: v, selected: w.format === v, 'data-i18n': `webhooks.format.${v}` }, t(`webhooks.format.${v}`))))),
    el('fieldset', {},
      el('legend', { 'data-i18n': 'webhooks.events' }, t('webhooks.events')),
      WEBHOOK_EVENTS.map(e => checkbox(`wh-event-${e.replace('.', '-')}`, 'event', `webhookEvent.${e}`, w.events.includes(e), e))),
    el('fieldset', {},
      el('legend', { 'data-i18n': 'webhooks.only' }, t('webhooks.only')),
      field('wh-categories', 'webhooks.categories', el('input', { name: 'categories', maxlength: 2000, value: w.categories?.join(', ') }), 'webhooks.categoriesHint'),
      el('fieldset', { class: 'zones' },
        el('legend', { 'data-i18n': 'webhooks.zones' }, t('webhooks.zones')),
        zones.length === 0 ? el('p', { class: 'hint', 'data-i18n': 'webhooks.noZones' }, t('webhooks.noZones')) : null,
        zones.map((z, n) => checkbox(`wh-zone-${n}`, 'zone', null, w.zones?.includes(z.id) === true, z.id, z.name)),
        el('p', { class: 'hint', 'data-i18n': 'webhooks.zonesHint' }, t('webhooks.zonesHint'))),
      field('wh-priority', 'webhooks.maxPriority', el('select', { name: 'maxPriority' },
        el('option', { value: '', 'data-i18n': 'webhooks.anyPriority' }, t('webhooks.anyPriority')),
        [1, 2, 3, 4, 5].map(p => el('option', { value: p, selected: w.maxPriority === p }, t('webhooks.priorityUpTo', { p })))))),
    el('p', { class: 'button-row' },
      el('button', { type: 'submit', 'data-i18n': hook === null ? 'webhooks.create' : 'action.save' }, t(hook === null ? 'webhooks.create' : 'action.save')),
      el('button', { type: 'button', 'data-i18n': 'common.cancel', onclick: () => closeWebhookForm() }, t('common.cancel'))))
  form.addEventListener('submit', async (e) => {
    e.preventDefault()
    const made = bodyOf(form)
    if (made.error !== undefined) { say(message, made.error, 'error'); made.focus?.focus(); return }
    const button = form.querySelector('button[type=submit]')
    button.disabled = true
    try {
      if (hook === null) {
        const { webhook, secret } = await api('POST', '/api/v1/webhooks', made.body)
        closeWebhookForm(false)
        await done(webhook, secret)
      } else {
        const webhook = await api('PATCH', `/api/v1/webhooks/${encodeURIComponent(hook.id)}`, made.body)
        closeWebhookForm(false)
        await done(webhook, null)
      }
    } catch (err) {
      say(message, t('webhooks.saveFailed', { message: err.message }), 'error', true)
    } finally {
      button.disabled = false
    }
  })
  return form
}

/** Opens the form for a new subscription (`hook` null) or one to change; `done(webhook, secret)` after saving. */
export async function openWebhookForm (hook, done) {
  opener = document.activeElement
  const zones = await listAll('/api/v1/zones')
  const panel = $('#webhook-form-panel')
  clear(panel, build(hook, zones, done))
  panel.hidden = false
  $('#wh-name').focus()
}

export function closeWebhookForm (refocus = true) {
  const panel = $('#webhook-form-panel')
  if (panel === null || panel.hidden) return
  clear(panel)
  panel.hidden = true
  if (refocus && opener?.isConnected) opener.focus()
  opener = null
}

/** The new subscription's secret, selected to copy: the receiver checks signatures with it, and it is not shown again. */
export function showSecret (hook, secret) {
  const panel = $('#webhook-secret-panel')
  clear(panel,
    el('h2', { id: 'webhook-secret-h' }, t('webhooks.secretHeading', { name: hook.name })),
    el('label', { for: 'webhook-secret', 'data-i18n': 'webhooks.secret' }, t('webhooks.secret')),
    el('input', { id: 'webhook-secret', type: 'text', readonly: true, value: secret, 'aria-describedby': 'webhook-secret-note' }),
    el('p', { id: 'webhook-secret-note', 'data-i18n': 'webhooks.secretNote' }, t('webhooks.secretNote')),
    el('button', { type: 'button', 'data-i18n': 'webhooks.secretDone', onclick: () => hideSecret(true) }, t('webhooks.secretDone')))
  panel.hidden = false
  const input = $('#webhook-secret')
  input.focus()
  input.select()
}

export function hideSecret (refocus = false) {
  const panel = $('#webhook-secret-panel')
  if (panel === null) return
  clear(panel)
  panel.hidden = true
  if (refocus) $('#webhooks-new').focus()
}
