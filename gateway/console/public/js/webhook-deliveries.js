// A subscription's delivery log, newest first: state, attempts, the receiver's last answer, its
// reference; a delivery that failed (or waits to be retried) can be sent again now.
import { api } from './api.js'
import { clear, el, $ } from './dom.js'
import { dateTime, t } from './i18n.js'
import { say } from './form-fields.js'

let shown = null // the webhook whose log is open

const SHAPES = { pending: '◔', delivered: '✓', failed: '✕' }

function stateLabel (d) {
  return el('span', { class: `delivery delivery-${d.state}` }, el('span', { 'aria-hidden': 'true' }, SHAPES[d.state] ?? '', ' '), t(`delivery.${d.state}`))
}

/** Failed, or pending after a failed attempt: worth sending now. A pending one not yet tried is on its way. */
function resendable (d) {
  return d.state === 'failed' || (d.state === 'pending' && d.lastError !== null)
}

async function resend (hook, d) {
  const box = $('#webhook-deliveries-message')
  try {
    await api('POST', `/api/v1/webhooks/${encodeURIComponent(hook.id)}/deliveries/${encodeURIComponent(d.id)}/retry`)
    await loadDeliveries(hook)
    say(box, t('deliveries.resent', { event: d.eventType }), 'ok', true)
  } catch (e) {
    say(box, t('deliveries.resendFailed', { message: e.message }), 'error', true)
  }
}

function render (hook, items) {
  const rows = items.map(d => el('tr', { dataset: { id: d.id } },
    el('td', {}, dateTime(d.createdAt)),
    el('td', {}, d.eventType),
    el('td', {}, d.incidentId === null ? '—' : el('a', { href: `#/incident/${encodeURIComponent(d.incidentId)}` }, t('deliveries.incident'))),
    el('td', {}, stateLabel(d)),
    el('td', {}, String(d.attempts)),
    el('td', {}, d.lastStatus === null ? '—' : String(d.lastStatus)),
    el('td', {}, d.lastError ?? '—'),
    el('td', {}, d.externalRef ?? '—'),
    el('td', {}, d.state === 'pending' ? dateTime(d.nextAt) : dateTime(d.deliveredAt)),
    el('td', { class: 'row-actions' }, resendable(d)
      ? el('button', { type: 'button', class: 'resend', onclick: () => resend(hook, d) }, t('deliveries.resend'))
      : null)))
  clear($('#webhook-deliveries-rows'), rows)
  $('#webhook-deliveries-empty').hidden = items.length > 0
}

export async function loadDeliveries (hook) {
  const { items } = await api('GET', `/api/v1/webhooks/${encodeURIComponent(hook.id)}/deliveries`)
  render(hook, items)
}

function panel (hook) {
  const col = (key) => el('th', { scope: 'col', 'data-i18n': key }, t(key))
  return [
    el('h2', { id: 'webhook-deliveries-h', tabindex: '-1' }, t('deliveries.heading', { name: hook.name })),
    el('p', { id: 'webhook-deliveries-message', class: 'message', role: 'status', tabindex: '-1' }),
    el('p', { class: 'button-row' },
      el('button', { type: 'button', id: 'webhook-deliveries-refresh', 'data-i18n': 'deliveries.refresh', onclick: () => { void refresh(hook) } }, t('deliveries.refresh')),
      el('button', { type: 'button', 'data-i18n': 'deliveries.close', onclick: () => closeDeliveries(true) }, t('deliveries.close'))),
    el('table', { class: 'list' },
      el('caption', { class: 'visually-hidden', 'data-i18n': 'deliveries.caption' }, t('deliveries.caption')),
      el('thead', {}, el('tr', {},
        col('deliveries.created'), col('deliveries.event'), col('deliveries.incidentCol'), col('deliveries.state'), col('deliveries.attempts'),
        col('deliveries.lastStatus'), col('deliveries.lastError'), col('deliveries.externalRef'), col('deliveries.when'), col('devices.actions'))),
      el('tbody', { id: 'webhook-deliveries-rows' })),
    el('p', { id: 'webhook-deliveries-empty', class: 'muted', 'data-i18n': 'deliveries.empty', hidden: true }, t('deliveries.empty'))
  ]
}

async function refresh (hook) {
  try {
    await loadDeliveries(hook)
    say($('#webhook-deliveries-message'), t('deliveries.refreshed'), 'ok')
  } catch (e) {
    say($('#webhook-deliveries-message'), e.message, 'error', true)
  }
}

/** Opens the log of `hook` below the list, focus on its heading. */
export async function openDeliveries (hook) {
  shown = hook
  const box = $('#webhook-deliveries-panel')
  clear(box, panel(hook))
  box.hidden = false
  await loadDeliveries(hook)
  $('#webhook-deliveries-h').focus()
}

/** Closes the log; with `refocus`, focus goes back to that subscription's Deliveries button. */
export function closeDeliveries (refocus = false) {
  const box = $('#webhook-deliveries-panel')
  if (box === null || box.hidden) return
  const id = shown?.id
  clear(box)
  box.hidden = true
  shown = null
  if (refocus) $(`#webhook-rows tr[data-id="${id}"] button.deliveries`)?.focus()
}

export function deliveriesOf () {
  return shown
}
