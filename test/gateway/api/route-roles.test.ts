import t from 'tap'
import { startTestFlare } from '../../helpers/flare.js'
import { createUser, logIn } from './people.js'
import { documentedRoles, openApiOperations, PUBLIC_ROUTES, publicReason, RANK, registeredRoutes, ROLES, type Role } from './doors.js'

// Every route Fastify registered, called with no credential and with a key of each role. The role a
// route needs is the one its requireRole declared (config.role; the OpenAPI document shows the same).
// A thousand calls from one address and four callers: the rate limits (their own test) are off here.
const f = await startTestFlare(t, { API_RATE_LIMIT_PER_MIN: '0', API_RATE_LIMIT_PER_ADDRESS_PER_MIN: '0' })
const routes = registeredRoutes(f.app.http)
const roleOf = new Map(routes.map((r) => [r.key, r.role]))
const ops = await openApiOperations(f)
const keys = {} as Record<Role, string>
for (const role of ROLES) {
  const res = await f.api('POST', '/api/v1/keys', { name: `door test ${role}`, role })
  if (res.status !== 201) throw new Error(`POST /api/v1/keys (${role}): ${res.status}`)
  keys[role] = res.body.key
}

/** A URL for the route: path parameters that name nothing, a file name for a static route's `*`. */
function concrete (path: string): string {
  return path.replace(/:[A-Za-z0-9_]+/g, 'no-such-door').replace(/\*$/, 'no-such-file.txt')
}

/** The status of a request without a body, with this key or none. */
async function status (method: string, path: string, key?: string): Promise<number> {
  const res = await fetch(f.httpUrl + path, { method, headers: key === undefined ? {} : { authorization: `Bearer ${key}` }, redirect: 'manual' })
  await res.arrayBuffer()
  return res.status
}

t.test('every route declares a role, or is on the public list', async (t) => {
  t.ok(routes.length > 100, `${routes.length} routes found`)
  for (const r of routes) {
    const role = r.role
    const why = publicReason(r.key)
    if (role === 'none') t.ok(why, `${r.key} takes no role: declare one with requireRole, or add it to PUBLIC_ROUTES with why`)
    else t.equal(why, undefined, `${r.key} needs ${role} but is on the public list`)
  }
  const registered = new Set(routes.map((r) => r.key))
  for (const key of Object.keys(PUBLIC_ROUTES)) {
    t.ok(registered.has(key), `public list: ${key} is a registered route`)
  }
})

t.test('each route answers no credential, and each role\'s key, as its role says', async (t) => {
  for (const r of routes) {
    const url = concrete(r.path)
    const role = r.role
    const none = await status(r.method, url)
    if (role === 'none') {
      t.not(none, 403, `${r.key} without a credential: not 403 (${none})`)
      for (const k of ROLES) t.equal(await status(r.method, url, keys[k]), none, `${r.key} with a ${k} key: the same answer as without (${none})`)
      continue
    }
    t.equal(none, 401, `${r.key} without a credential → 401`)
    for (const k of ROLES) {
      const got = await status(r.method, url, keys[k])
      if (RANK[k] < RANK[role as Role]) t.equal(got, 403, `${r.key} (${role}) with a ${k} key → 403`)
      else t.ok(got !== 401 && got !== 403, `${r.key} (${role}) with a ${k} key: let in (${got})`)
    }
  }
})

t.test('a user below an x-flare-or-self route\'s role uses it on their own account only', async (t) => {
  const own = [...ops].filter(([, op]) => op['x-flare-or-self'] !== undefined)
  t.ok(own.length > 0, 'GET and PATCH /api/v1/users/{id} at least')
  const viewer = await createUser(f, { username: 'door-viewer', role: 'viewer' })
  const other = await createUser(f, { username: 'door-other', role: 'viewer' })
  const b = await logIn(f, 'door-viewer')
  for (const [key, op] of own) {
    const [method, path] = key.split(' ')
    const param = `{${op['x-flare-or-self'] ?? ''}}`
    t.ok(path.includes(param), `${key}: ${param} is one of its path parameters`)
    const mine = await b.api(method, path.replace(param, String(viewer.id)))
    t.ok(mine.status !== 401 && mine.status !== 403, `${key} on the viewer's own account: let in (${mine.status})`)
    const theirs = await b.api(method, path.replace(param, String(other.id)))
    t.equal(theirs.status, 403, `${key} on another user's account → 403`)
  }
})

t.test('docs/api.md gives each route it lists the role the route declares', async (t) => {
  const documented = documentedRoles()
  for (const [key, column] of documented) {
    if (!t.ok(roleOf.has(key), `docs/api.md: ${key} is a registered route`)) continue
    const role = roleOf.get(key)
    const own = ops.get(key)?.['x-flare-or-self']
    if (role === 'none') t.notMatch(column, /^(viewer|dispatcher|admin)\b/, `docs/api.md: ${key} takes no role ("${column}")`)
    else t.match(column, new RegExp(`^${role}\\b`), `docs/api.md: ${key} needs ${role} ("${column}")`)
    if (own !== undefined) t.match(column, /themselves/, `docs/api.md: ${key} says the user themselves may use it`)
  }
  for (const r of routes) {
    if (r.method === 'HEAD' || !r.path.startsWith('/api/v1/')) continue
    t.ok(documented.has(r.key), `docs/api.md lists ${r.key}`)
  }
})
