// What the phone keeps: the credentials from the enrolment (localStorage: small, read at every
// start) and the presses not yet confirmed by Flare (IndexedDB: they must survive a closed tab).
const CREDENTIALS = 'flare.app.credentials'
const LANGUAGE = 'flare.app.language'

export function loadCredentials () {
  try { return JSON.parse(localStorage.getItem(CREDENTIALS) ?? 'null') } catch { return null }
}
export function saveCredentials (c) { localStorage.setItem(CREDENTIALS, JSON.stringify(c)) }
export function preferredLanguage () { return localStorage.getItem(LANGUAGE) }
export function setPreferredLanguage (lang) { localStorage.setItem(LANGUAGE, lang) }

/** A small list kept in localStorage (news, notices): newest last, at most `max`. */
export function loadList (key) {
  try { return JSON.parse(localStorage.getItem(key) ?? '[]') } catch { return [] }
}
export function saveList (key, items, max = 100) { localStorage.setItem(key, JSON.stringify(items.slice(-max))) }

let dbPromise = null
function db () {
  dbPromise ??= new Promise((resolve, reject) => {
    const req = indexedDB.open('flare-app', 1)
    req.onupgradeneeded = () => req.result.createObjectStore('outbox', { keyPath: 'alertId' })
    req.onsuccess = () => resolve(req.result)
    req.onerror = () => reject(req.error)
  })
  return dbPromise
}

async function tx (mode, fn) {
  const d = await db()
  return await new Promise((resolve, reject) => {
    const t = d.transaction('outbox', mode)
    const req = fn(t.objectStore('outbox'))
    t.oncomplete = () => resolve(req?.result)
    t.onerror = () => reject(t.error)
  })
}

/** The presses waiting for Flare's answer, oldest press first (the order they are sent in). */
export async function outboxAll () {
  const all = await tx('readonly', (s) => s.getAll())
  return all.sort((a, b) => a.pressedAt - b.pressedAt)
}
export async function outboxPut (entry) { await tx('readwrite', (s) => s.put(entry)) }
export async function outboxDelete (alertId) { await tx('readwrite', (s) => s.delete(alertId)) }
