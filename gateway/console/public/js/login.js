// The login form, and the messages a dispatcher needs: wrong password, expired session, locked out.
import { api, ApiError } from './api.js'
import { $ } from './dom.js'
import { t } from './i18n.js'

export function showLogin (reason) {
  $('#app').hidden = true
  $('#login-view').hidden = false
  const msg = $('#login-message')
  msg.textContent = reason === undefined ? '' : t(`login.${reason}`)
  msg.hidden = reason === undefined
  $('#login-form').elements.password.value = ''
  $('#login-form').elements.username.focus()
}

export function initLogin (onSession) {
  const form = $('#login-form')
  form.addEventListener('submit', async (e) => {
    e.preventDefault()
    const msg = $('#login-message')
    const button = form.querySelector('button[type=submit]')
    button.disabled = true
    try {
      const session = await api('POST', '/api/v1/session', { username: form.elements.username.value, password: form.elements.password.value })
      msg.hidden = true
      form.reset()
      await onSession(session)
    } catch (err) {
      const code = err instanceof ApiError ? err.code : 'network'
      const known = ['invalid_credentials', 'too_many_attempts', 'account_disabled']
      msg.textContent = known.includes(code) ? t(`login.${code}`, { s: err.retryAfter ?? '?' }) : t('login.failed', { message: err.message })
      msg.hidden = false
      form.elements.password.value = ''
      form.elements.password.focus()
    } finally {
      button.disabled = false
    }
  })
}
