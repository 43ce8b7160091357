import t from 'tap'
import Fastify from 'fastify'
import { startTestFlare } from '../../helpers/flare.js'
import { healthPlugin } from '../../../gateway/api/health.js'

const f = await startTestFlare(t)

async function get (path: string): Promise<{ status: number, type: string, text: string }> {
  const res = await fetch(f.httpUrl + path)
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() }
}

t.test('/healthz answers 200 without a key', async (t) => {
  const res = await get('/healthz')
  t.equal(res.status, 200)
  t.same(JSON.parse(res.text), { status: 'ok' })
})

t.test('/readyz is 200 with the database and broker checks up', async (t) => {
  const res = await get('/readyz')
  t.equal(res.status, 200)
  t.same(JSON.parse(res.text), { status: 'ready', checks: { database: true, broker: true }, degraded: false })
})

t.test('/metrics is Prometheus text with the broker and process metrics', async (t) => {
  const res = await get('/metrics')
  t.equal(res.status, 200)
  t.match(res.type, /^text\/plain/)
  for (const name of ['flare_mqtt_connected_clients', 'flare_mqtt_auth_failures_total', 'flare_mqtt_acl_denials_total']) {
    t.match(res.text, new RegExp(`^# HELP ${name} \\S`, 'm'), `${name} has a help line`)
    t.match(res.text, new RegExp(`^# TYPE ${name} (gauge|counter)$`, 'm'), `${name} has a type line`)
  }
  t.match(res.text, /^(process_cpu_user_seconds_total|nodejs_\w+)(\{[^}]*\})? \d/m, 'process metrics are exported')
  t.match(res.text, /^flare_mqtt_connected_clients\{[^}]*node="/m, 'samples carry the node label')
})

t.test('a refused MQTT login is counted in flare_mqtt_auth_failures_total', async (t) => {
  const sum = async (): Promise<number> => {
    const { text } = await get('/metrics')
    return text.split('\n').filter((l) => l.startsWith('flare_mqtt_auth_failures_total')).reduce((n, l) => n + Number(l.split(' ').pop()), 0)
  }
  const before = await sum()
  const d = await f.device()
  await t.rejects(f.connect({ clientId: d.id, username: d.id, password: 'wrong' }))
  t.ok(await sum() > before, 'the counter went up')
})

t.test('/docs/json is an OpenAPI document listing the REST routes', async (t) => {
  const res = await get('/docs/json')
  t.equal(res.status, 200)
  const doc = JSON.parse(res.text)
  t.match(doc.openapi, /^3\./)
  t.equal(doc.info.title, 'Flare API')
  t.ok(doc.paths['/api/v1/devices'], 'lists /api/v1/devices')
  t.ok(doc.paths['/api/v1/devices'].post && doc.paths['/api/v1/devices'].get)
  t.ok(doc.paths['/api/v1/responders'], 'lists /api/v1/responders')
  t.notOk(doc.paths['/metrics'], 'hidden ops routes stay out')
  const ui = await get('/docs')
  t.ok(ui.status === 200 || ui.status === 302, `the UI is served (${ui.status})`)
})

t.test('an unknown route is a JSON 404 not_found', async (t) => {
  for (const [method, path] of [['GET', '/nope'], ['POST', '/api/v1/nothing-here'], ['DELETE', '/api/v1/devices']] as const) {
    const res = await f.api(method, path)
    t.equal(res.status, 404, `${method} ${path}`)
    t.equal(res.body.error.code, 'not_found')
    t.match(res.body.error.message, path)
  }
})

t.test('/readyz stays 200 and says degraded when the database is gone: the MQTT side still takes alerts', async (t) => {
  const g = await startTestFlare(t)
  t.equal((await fetch(g.httpUrl + '/readyz')).status, 200)
  await g.db.drop() // forcibly: the pool's connections are terminated and cannot come back
  const res = await fetch(g.httpUrl + '/readyz')
  t.equal(res.status, 200, 'a load balancer keeps the node')
  t.same(await res.json(), { status: 'degraded', checks: { database: false, broker: true }, degraded: true })
  t.ok(g.app.gateway.degraded.availability.degraded, 'the failed check started degraded mode')
  t.equal((await fetch(g.httpUrl + '/healthz')).status, 200, 'the process still answers /healthz')
})

t.test('/readyz says degraded until degraded mode is over, even once every check is up again', async (t) => {
  // The plugin alone: the database answers again but the journal is not replayed yet.
  const app = Fastify()
  t.teardown(async () => { await app.close() })
  let degraded = true
  await app.register(healthPlugin, { checks: { database: () => true, broker: () => true }, degradable: { names: ['database'], failed: () => {}, degraded: () => degraded } })
  const during = await app.inject({ method: 'GET', url: '/readyz' })
  t.equal(during.statusCode, 200, 'still 200: the node takes alerts')
  t.same(during.json(), { status: 'degraded', checks: { database: true, broker: true }, degraded: true }, 'not ready while the replay is pending')
  degraded = false
  t.same((await app.inject({ method: 'GET', url: '/readyz' })).json(), { status: 'ready', checks: { database: true, broker: true }, degraded: false }, 'ready once it is done')
})
