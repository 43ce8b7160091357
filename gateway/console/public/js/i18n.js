// English and Afrikaans strings: `data-i18n` (text), `data-i18n-label` (aria-label) and
// `data-i18n-placeholder` in the HTML; t(key, vars) in the modules.
export const LANGUAGES = ['en', 'af']
let strings = {}
let fallback = {}
let current = 'en'
const listeners = []

async function load (lang) {
  const res = await fetch(`i18n/${lang}.json`)
  if (!res.ok) throw new Error(`i18n/${lang}.json: ${res.status}`)
  return await res.json()
}

export async function setLanguage (lang) {
  if (!LANGUAGES.includes(lang)) lang = 'en'
  if (Object.keys(fallback).length === 0) fallback = await load('en')
  strings = lang === 'en' ? fallback : await load(lang)
  current = lang
  document.documentElement.lang = lang
  apply(document)
  for (const fn of listeners) fn(lang)
}

export function language () { return current }

/** Runs after every language change (views re-render their dynamic text). */
export function onLanguage (fn) { listeners.push(fn) }

export function t (key, vars = {}) {
  const s = strings[key] ?? fallback[key] ?? key
  return s.replace(/\{(\w+)\}/g, (m, k) => (vars[k] === undefined ? m : String(vars[k])))
}

export function apply (root) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n)
  for (const el of root.querySelectorAll('[data-i18n-label]')) el.setAttribute('aria-label', t(el.dataset.i18nLabel))
  for (const el of root.querySelectorAll('[data-i18n-placeholder]')) el.setAttribute('placeholder', t(el.dataset.i18nPlaceholder))
  for (const el of root.querySelectorAll('[data-i18n-title]')) el.setAttribute('title', t(el.dataset.i18nTitle))
}

/** "3 min 05 s" style: how long ago, ticking on the board. */
export function since (iso, now = Date.now()) {
  const s = Math.max(0, Math.floor((now - Date.parse(iso)) / 1000))
  if (s < 60) return t('time.s', { s })
  const m = Math.floor(s / 60)
  if (m < 60) return t('time.ms', { m, s: String(s % 60).padStart(2, '0') })
  const h = Math.floor(m / 60)
  if (h < 48) return t('time.hm', { h, m: String(m % 60).padStart(2, '0') })
  return t('time.d', { d: Math.floor(h / 24) })
}

export function dateTime (iso) {
  if (iso == null) return '—'
  return new Date(iso).toLocaleString(current === 'af' ? 'af-ZA' : 'en-ZA', { dateStyle: 'short', timeStyle: 'medium' })
}

/** A period in seconds as "25 h", "90 min" or "45 s": the largest unit it is a whole number of. */
export function duration (s) {
  if (s % 3600 === 0) return t('duration.h', { n: s / 3600 })
  if (s % 60 === 0) return t('duration.min', { n: s / 60 })
  return t('duration.s', { n: s })
}
