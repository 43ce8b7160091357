// The field app's start: an enrolment link in the address is exchanged (and removed from it);
// otherwise the stored credentials say which page this phone shows.
import { language, setLanguage } from '/console/js/i18n.js'
import { loadCredentials, preferredLanguage, saveCredentials, setPreferredLanguage } from './store.js'
import { showNoticeKeys, showView } from './ui.js'

const PAGES = {
  device: async (c) => (await import('./sos.js')).startSos(c),
  responder: async (c) => (await import('./responder.js')).startResponder(c),
  contact: async (c) => (await import('./contact.js')).startContact(c)
}

async function enrol (token) {
  showView('enrolling')
  let res
  try {
    res = await fetch('/api/v1/enrol', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) })
  } catch {
    return { error: 'network' }
  }
  const body = await res.json().catch(() => ({}))
  if (res.ok) return { creds: body }
  const code = body?.error?.code
  // A malformed token fails validation (400): to the person it is just a link that is not valid.
  if (res.status === 400 || code === 'bad_request') return { error: 'enrolment_unknown' }
  return { error: ['enrolment_unknown', 'enrolment_used', 'enrolment_expired', 'enrolment_cancelled', 'enrolment_revoked'].includes(code) ? code : 'network' }
}

async function main () {
  let creds = loadCredentials()
  await setLanguage(preferredLanguage() ?? creds?.language ?? (navigator.language.startsWith('af') ? 'af' : 'en'))
  document.getElementById('lang').addEventListener('click', async () => {
    const next = language() === 'af' ? 'en' : 'af'
    setPreferredLanguage(next)
    await setLanguage(next)
    document.getElementById('lang').lang = next === 'af' ? 'en' : 'af'
  })
  document.getElementById('lang').lang = language() === 'af' ? 'en' : 'af'

  const m = /(?:^#|&)enrol=([^&]+)/.exec(location.hash)
  if (m !== null) {
    // The token leaves the address bar (and the history) before anything else happens.
    history.replaceState(null, '', location.pathname + location.search)
    const result = await enrol(decodeURIComponent(m[1]))
    if (result.creds !== undefined) {
      creds = result.creds
      saveCredentials(creds)
      if (preferredLanguage() === null) await setLanguage(creds.language ?? language())
      localStorage.removeItem('flare.app.news')
      localStorage.removeItem('flare.app.notices')
      showNoticeKeys({ key: 'enrol.done', vars: { name: creds.name ?? creds.id } })
    } else {
      const lines = [`enrol.error.${result.error}`]
      if (creds !== null) lines.push('enrol.keep')
      showNoticeKeys(...lines)
      document.getElementById('notice').dataset.error = result.error
    }
  }
  if (creds === null || PAGES[creds.kind] === undefined) { showView('welcome'); return }
  document.getElementById('who').textContent = creds.name ?? creds.id
  showView(creds.kind === 'device' ? 'sos' : creds.kind)
  await PAGES[creds.kind](creds)
}

if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('sw.js', { scope: './' }).catch(() => { /* the app works without; it only does not open offline */ })
}
void main()
