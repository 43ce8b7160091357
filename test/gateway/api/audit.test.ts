// The audit log: REST changes write who did what; GET /api/v1/audit (admin) filters and pages.
import t from 'tap'
import { startTestFlare } from '../../helpers/flare.js'
import { ApiKeysRepo } from '../../../gateway/identity/api-keys-repo.js'
import { keyWithRole } from './keys.js'

const RULES = {
  rules: [{ id: 'panic-audit', match: { kinds: ['PANIC'] }, category: 'security', priority: 1, openIncident: true, dispatch: { roles: ['security'], radiusM: 5000 } }]
}

t.test('device, responder and rules changes are audited with the API key as actor', async (t) => {
  const f = await startTestFlare(t)
  const key = await keyWithRole(f, 'admin')
  const identity = await new ApiKeysRepo(f.app.db.pool).find(key)
  const actor = `api:${identity!.name}#${identity!.id}`
  const as = async (method: string, path: string, body?: unknown): Promise<any> => await f.api(method, path, body, key)

  t.equal((await as('POST', '/api/v1/devices', { id: 'dev-aud', kind: 'button' })).status, 201)
  t.equal((await as('POST', '/api/v1/devices', { id: 'dev-aud', kind: 'button' })).status, 409, 'a refused change…')
  t.equal((await as('DELETE', '/api/v1/devices/dev-aud')).status, 204)
  t.equal((await as('DELETE', '/api/v1/devices/dev-aud')).status, 404)
  t.equal((await as('POST', '/api/v1/responders', { id: 'resp-aud', name: 'Ann', roles: ['medic'] })).status, 201)
  t.equal((await as('DELETE', '/api/v1/responders/resp-aud')).status, 204)
  const put = await as('PUT', '/api/v1/rules', RULES)
  t.equal(put.status, 200)
  t.equal((await as('PUT', '/api/v1/rules', { rules: 'nope' })).status, 400)

  const res = await f.api('GET', `/api/v1/audit?actor=${encodeURIComponent(actor)}`)
  t.equal(res.status, 200)
  t.match(res.body.items.map((e: any) => [e.action, e.targetType, e.targetId]), [
    ['rules.replace', 'rules', String(put.body.version)],
    ['responder.revoke', 'responder', 'resp-aud'],
    ['responder.create', 'responder', 'resp-aud'],
    ['device.revoke', 'device', 'dev-aud'],
    ['device.provision', 'device', 'dev-aud']
  ], '…is not audited; the others are, newest first')
  t.equal(res.body.items.length, 5)
  t.match(res.body.items[4], { actor, details: { kind: 'button', codec: 'protobuf' }, at: String })
  t.match(res.body.items[2].details, { name: 'Ann', roles: ['medic'] })
  t.notOk(JSON.stringify(res.body).includes('secret'), 'no secret in the log')
  t.equal(res.body.next, null)
})

t.test('filters and cursor pagination', async (t) => {
  const f = await startTestFlare(t)
  for (let i = 0; i < 5; i++) await f.device({ id: `dev-${i}` })
  await f.responder({ id: 'resp-0' })
  await f.api('DELETE', '/api/v1/devices/dev-3')
  const list = async (q: string): Promise<any[]> => {
    const res = await f.api('GET', `/api/v1/audit?${q}`)
    t.equal(res.status, 200, q)
    return res.body.items
  }

  t.equal((await list('action=device.provision')).length, 5)
  t.same((await list('action=device.*')).map((e) => e.action), ['device.revoke', ...Array(5).fill('device.provision')], 'a prefix')
  t.same((await list('targetType=responder')).map((e) => e.targetId), ['resp-0'])
  t.same((await list('targetType=device&targetId=dev-3')).map((e) => e.action), ['device.revoke', 'device.provision'])
  t.same(await list(`since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`), [], 'since')
  t.equal((await list(`since=${encodeURIComponent(new Date(Date.now() - 60_000).toISOString())}`)).length, 7)
  t.same(await list('actor=api:nobody%231'), [])

  // Pages of 3 over 7 entries: every entry once, ids strictly descending.
  const ids: string[] = []
  let cursor: string | null = null
  let pages = 0
  do {
    const res: any = await f.api('GET', `/api/v1/audit?limit=3${cursor === null ? '' : `&cursor=${cursor}`}`)
    ids.push(...res.body.items.map((e: any) => e.id))
    cursor = res.body.next
    pages++
  } while (cursor !== null && pages < 10)
  t.equal(ids.length, 7)
  t.same(ids, [...ids].sort((a, b) => Number(b) - Number(a)), 'newest first')
  t.equal(new Set(ids).size, 7, 'no entry twice')
  t.equal(pages, 3)

  t.equal((await f.api('GET', '/api/v1/audit?cursor=abc')).status, 400)
})

t.test('only admins read the audit log', async (t) => {
  const f = await startTestFlare(t)
  t.equal((await f.api('GET', '/api/v1/audit', undefined, null)).status, 401)
  t.equal((await f.api('GET', '/api/v1/audit', undefined, await keyWithRole(f, 'viewer'))).status, 403)
  t.equal((await f.api('GET', '/api/v1/audit', undefined, await keyWithRole(f, 'dispatcher'))).status, 403)
})
