// Browser-like callers for tests: a user created over REST, logged in, with the session cookie and
// CSRF token carried by hand as a browser would.
import type { TestFlare } from '../../helpers/flare.js'

export interface Browser {
  cookie: string
  csrf: string
  login: any
  /** JSON request with the cookie; the CSRF token is sent unless `csrf` is false (or another string) */
  api: <T = any>(method: string, path: string, body?: unknown, o?: { csrf?: boolean | string, headers?: Record<string, string> }) => Promise<{ status: number, body: T, headers: Headers }>
}

export async function createUser (f: TestFlare, u: { username: string, password?: string, role?: string, name?: string, language?: string }): Promise<any> {
  const res = await f.api('POST', '/api/v1/users', { password: 'correct horse battery', role: 'dispatcher', name: `User ${u.username}`, ...u })
  if (res.status !== 201) throw new Error(`creating user ${u.username}: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body
}

export async function postLogin (f: TestFlare, username: string, password: string, headers: Record<string, string> = {}): Promise<{ status: number, body: any, headers: Headers }> {
  const res = await fetch(`${f.httpUrl}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ username, password }) })
  const text = await res.text()
  return { status: res.status, body: text === '' ? undefined : JSON.parse(text), headers: res.headers }
}

/** The `name=value` of a Set-Cookie header for the session cookie. */
export function sessionCookieOf (headers: Headers): string | undefined {
  return headers.getSetCookie().find(c => c.startsWith('flare_session='))
}

export function browserFor (f: TestFlare, cookie: string, csrf: string, login?: any): Browser {
  return {
    cookie,
    csrf,
    login,
    api: async (method, path, body, o = {}) => {
      const headers: Record<string, string> = { cookie, 'user-agent': 'FlareTestBrowser/1.0', ...o.headers }
      const token = o.csrf === undefined || o.csrf === true ? csrf : o.csrf === false ? undefined : o.csrf
      if (token !== undefined) headers['x-csrf-token'] = token
      if (body !== undefined) headers['content-type'] = 'application/json'
      const res = await fetch(f.httpUrl + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
      const text = await res.text()
      return { status: res.status, body: text === '' ? undefined : JSON.parse(text), headers: res.headers }
    }
  }
}

export async function logIn (f: TestFlare, username: string, password = 'correct horse battery'): Promise<Browser> {
  const res = await postLogin(f, username, password, { 'user-agent': 'FlareTestBrowser/1.0' })
  if (res.status !== 200) throw new Error(`login of ${username}: ${res.status} ${JSON.stringify(res.body)}`)
  const set = sessionCookieOf(res.headers)
  if (set === undefined) throw new Error('no session cookie')
  return browserFor(f, set.split(';')[0], res.body.csrfToken, res.body)
}

/** A sample of a counter from /metrics, summed over the series whose labels match. */
export async function metric (f: TestFlare, name: string, labels: Record<string, string> = {}): Promise<number> {
  const text = await (await fetch(`${f.httpUrl}/metrics`)).text()
  let sum = 0
  for (const line of text.split('\n')) {
    if (!line.startsWith(name + '{') && !line.startsWith(name + ' ')) continue
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) sum += Number(line.split(' ').pop())
  }
  return sum
}
