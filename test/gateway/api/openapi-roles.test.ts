import t from 'tap'
import { startTestFlare } from '../../helpers/flare.js'
import { openApiOperations, publicReason, registeredRoutes, ROLES } from './doors.js'

const f = await startTestFlare(t)
const routes = registeredRoutes(f.app.http).filter((r) => r.method !== 'HEAD')
const ops = await openApiOperations(f)

t.test('/docs/json lists every registered API route, with the role the route declares', async (t) => {
  for (const r of routes) {
    const op = ops.get(r.key)
    if (op === undefined) {
      t.ok(r.hidden, `${r.key} is in the OpenAPI document, or hidden from it`)
      t.notOk(r.path.startsWith('/api/v1/'), `${r.key}: an API route is not hidden from the document`)
      t.ok(publicReason(r.key), `${r.key}: hidden from the document, so on the public list (its role could not be read there)`)
      continue
    }
    t.equal(op['x-flare-role'], r.role, `${r.key}: x-flare-role ${r.role}`)
  }
  t.ok(ops.has('GET /api/v1/live'), 'the live feed\'s WebSocket route is in the document')
})

t.test('every operation in /docs/json carries its role and is a registered route', async (t) => {
  const registered = new Set(routes.map((r) => r.key))
  t.ok(ops.size > 80, `${ops.size} operations`)
  for (const [key, op] of ops) {
    t.ok(registered.has(key), `${key} is registered`)
    t.ok([...ROLES, 'none'].includes(op['x-flare-role'] ?? ''), `${key}: x-flare-role is a role or none (${String(op['x-flare-role'])})`)
    const own = op['x-flare-or-self']
    if (own !== undefined) t.ok(key.includes(`{${own}}`), `${key}: x-flare-or-self names its path parameter {${own}}`)
  }
})
