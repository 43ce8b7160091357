// The REST API as the console uses it: same-origin cookie session, CSRF token on every change.
let csrfToken = null
let unauthorized = () => {}

export class ApiError extends Error {
  constructor (status, code, message, body) {
    super(message)
    this.status = status
    this.code = code
    this.body = body
  }
}

export function setCsrfToken (token) { csrfToken = token }

/** Called with the error code when a request (other than a login attempt) is refused with 401. */
export function onUnauthorized (fn) { unauthorized = fn }

function headersFor (method, body) {
  const headers = { accept: 'application/json' }
  if (body !== undefined) headers['content-type'] = 'application/json'
  if (method !== 'GET' && method !== 'HEAD' && csrfToken !== null) headers['x-csrf-token'] = csrfToken
  return headers
}

/** The refusal as an ApiError (errors are {error: {code, message}}; a bare {code, message} is read too). */
function refusal (res, text, method, path) {
  let json = null
  try { json = text === '' ? null : JSON.parse(text) } catch { json = null }
  const err = json?.error ?? json ?? {}
  const e = new ApiError(res.status, err.code ?? `http_${res.status}`, err.message ?? res.statusText, json)
  e.retryAfter = res.headers.get('retry-after')
  if (res.status === 401 && !(path === '/api/v1/session' && method === 'POST')) unauthorized(e.code)
  return e
}

export async function api (method, path, body) {
  const res = await fetch(path, { method, headers: headersFor(method, body), credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) })
  const text = await res.text()
  if (!res.ok) throw refusal(res, text, method, path)
  try { return text === '' ? null : JSON.parse(text) } catch { return null }
}

/** A GET whose answer is kept as it came (a file to save), not parsed. */
export async function apiBlob (path) {
  const res = await fetch(path, { method: 'GET', headers: headersFor('GET'), credentials: 'same-origin' })
  if (!res.ok) throw refusal(res, await res.text(), 'GET', path)
  return await res.blob()
}

/** Every page of a listing that pages with `after`/`next`. */
export async function listAll (path, max = 2000) {
  const items = []
  let next = null
  do {
    const sep = path.includes('?') ? '&' : '?'
    const page = await api('GET', `${path}${sep}limit=500${next === null ? '' : `&after=${encodeURIComponent(next)}`}`)
    items.push(...page.items)
    next = page.next ?? null
  } while (next !== null && items.length < max)
  return items
}
