// The family page: the notices Flare sends a contact (notify/{contactId}, always JSON), newest
// first, kept on the phone so the timeline survives a closed app.
import { language, onLanguage, t } from '/console/js/i18n.js'
import { openLink } from './link.js'
import { loadList, saveList } from './store.js'
import { connectionState, showNoticeKeys } from './ui.js'

const NOTICES = 'flare.app.notices'

export function startContact (creds) {
  let notices = loadList(NOTICES)
  const hello = () => { document.getElementById('contact-hello').textContent = t('contact.hello', { name: creds.name ?? '' }) }
  openLink(creds, {
    topics: [`notify/${creds.id}`],
    onConnect: () => {},
    onMessage: (_topic, n) => {
      if (typeof n.text !== 'string' || notices.some(x => x.noticeId === n.noticeId)) return
      notices.push({ noticeId: n.noticeId, incidentNumber: n.incidentNumber, language: n.language, text: n.text, kind: n.kind, atMs: Number(n.atMs) || Date.now() })
      notices.sort((a, b) => a.atMs - b.atMs)
      notices = notices.slice(-100)
      saveList(NOTICES, notices)
      render()
    },
    onState: connectionState,
    onRefused: (code) => showNoticeKeys(code === 5 ? 'refused.revoked' : 'refused.credentials')
  })

  function render () {
    const list = document.getElementById('notices')
    list.replaceChildren()
    if (notices.length === 0) { const li = document.createElement('li'); li.textContent = t('contact.empty'); list.append(li); return }
    for (const n of [...notices].reverse()) {
      const li = document.createElement('li')
      const when = document.createElement('time')
      when.dateTime = new Date(n.atMs).toISOString()
      when.textContent = new Date(n.atMs).toLocaleString(language() === 'af' ? 'af-ZA' : 'en-ZA', { dateStyle: 'short', timeStyle: 'short' }) +
        (n.incidentNumber ? ` · ${t('contact.incident', { number: n.incidentNumber })}` : '')
      const text = document.createElement('p')
      // Flare writes the notice in the contact's language; the tag says which, for screen readers.
      if (n.language) text.lang = n.language
      text.textContent = n.text
      li.append(when, text)
      list.append(li)
    }
  }
  onLanguage(() => { hello(); render() })
  hello()
  render()
}
