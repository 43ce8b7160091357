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

export async function api (method, path, body) {
  const headers = { accept: 'application/json' }
  if (body !== undefined) headers['content-type'] = 'application/json'
  if (method !== 'GET' && method !== 'HEAD' && csrfToken !== null) headers['x-csrf-token'] = csrfToken
  const res = await fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) })
  const text = await res.text()
  let json = null
  try { json = text === '' ? null : JSON.parse(text) } catch { json = null }
  if (!res.ok) {
    // Errors are {error: {code, message}}; a bare {code, message} is read too.
    const err = json?.error ?? json ?? {}
    const e = new ApiError(res.status, err.code ?? `http_${res.status}`, err.message ?? res.statusText, json)
    e.retryAfter = res.headers.get('retry-after')
    if (res.status === 401 && !(path === '/api/v1/session' && method === 'POST')) unauthorized(e.code)
    throw e
  }
  return json
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
