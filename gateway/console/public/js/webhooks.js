// Webhooks (admins only, like their REST routes): the subscriptions, which events and incidents each
// takes, and for each its delivery log.
import { api } from './api.js'
import { clear, el, $ } from './dom.js'
import { dateTime, t } from './i18n.js'
import { say, unsay } from './form-fields.js'
import { closeWebhookForm, hideSecret, openWebhookForm, showSecret } from './webhook-form.js'
import { closeDeliveries, deliveriesOf, openDeliveries } from './webhook-deliveries.js'

let hooks = []

export async function loadWebhooks () {
  hooks = (await api('GET', '/api/v1/webhooks')).items
  renderWebhooks()
}

/** Leaving the view: the secret on screen and the open forms go. */
export function closeWebhooks () {
  hideSecret()
  closeWebhookForm(false)
  closeDeliveries()
}

function filters (w) {
  const parts = []
  if (w.categories !== null) parts.push(t('webhooks.onlyCategories', { list: w.categories.join(', ') }))
  if (w.zones !== null) parts.push(t('webhooks.onlyZones', { list: w.zones.join(', ') }))
  if (w.maxPriority !== null) parts.push(t('webhooks.priorityUpTo', { p: w.maxPriority }))
  const what = parts.length === 0 ? t('webhooks.all') : parts.join('; ')
  return w.format === 'cap' ? `${what} (${t('webhooks.format.cap')})` : what
}

async function saved (webhook, secret) {
  await loadWebhooks()
  if (secret !== null) {
    say($('#webhooks-message'), t('webhooks.created', { name: webhook.name }), 'ok')
    showSecret(webhook, secret)
  } else {
    say($('#webhooks-message'), t('webhooks.saved', { name: webhook.name }), 'ok', true)
  }
}

async function attempt (what) {
  try {
    await what()
  } catch (e) {
    say($('#webhooks-message'), e.message, 'error', true)
  }
}

async function remove (w) {
  if (!window.confirm(t('webhooks.confirmDelete', { name: w.name, url: w.url }))) return
  try {
    await api('DELETE', `/api/v1/webhooks/${encodeURIComponent(w.id)}`)
    closeWebhookForm(false)
    if (deliveriesOf()?.id === w.id) closeDeliveries()
    await loadWebhooks()
    say($('#webhooks-message'), t('webhooks.deleted', { name: w.name }), 'ok', true)
  } catch (e) {
    say($('#webhooks-message'), t('webhooks.deleteFailed', { message: e.message }), 'error', true)
  }
}

export async function newWebhook () {
  hideSecret()
  unsay($('#webhooks-message'))
  await attempt(async () => await openWebhookForm(null, saved))
}

export function renderWebhooks () {
  clear($('#webhook-rows'), hooks.map(w => el('tr', { dataset: { id: w.id } },
    el('th', { scope: 'row' }, w.name),
    el('td', { class: 'url' }, w.url),
    el('td', {}, w.events.map(e => t(`webhookEvent.${e}`)).join(', ')),
    el('td', {}, filters(w)),
    el('td', {}, dateTime(w.createdAt)),
    el('td', { class: 'row-actions' },
      el('button', { type: 'button', class: 'deliveries', 'aria-label': t('webhooks.deliveriesNamed', { name: w.name }), onclick: () => attempt(async () => await openDeliveries(w)) }, t('webhooks.deliveries')),
      el('button', { type: 'button', class: 'edit', 'aria-label': t('webhooks.editNamed', { name: w.name }), onclick: () => { hideSecret(); unsay($('#webhooks-message')); void attempt(async () => await openWebhookForm(w, saved)) } }, t('webhooks.edit')),
      el('button', { type: 'button', class: 'delete', 'aria-label': t('webhooks.deleteNamed', { name: w.name }), onclick: () => remove(w) }, t('webhooks.delete'))))))
  $('#webhooks-empty').hidden = hooks.length > 0
}
