import t from 'tap'
import { startTestFlare } from '../../helpers/flare.js'
import { collect, subscribe } from '../../helpers/mqtt.js'

t.test('a responder switches itself off duty and back over resp/{id}/status; busy is Flare\'s to end; bad input is answered', async (t) => {
  const f = await startTestFlare(t)
  const r = await f.responder({ name: 'Thabo', roles: ['security'], lat: -33.92, lon: 18.42 })
  const client = await f.connect({ clientId: r.id, username: r.id, password: r.secret })
  const answers = collect(client, `dispatch/${r.id}`)
  t.equal(await subscribe(client, `dispatch/${r.id}`), 1)
  const status = async (payload: unknown): Promise<any> => {
    await client.publishAsync(`resp/${r.id}/status`, JSON.stringify(payload), { qos: 1 })
    return JSON.parse((await answers.next()).toString()).result
  }

  t.match(await status({ requestId: 's1', status: 'OFF_DUTY' }), { replyId: 's1', ok: true, reason: 'status off_duty' })
  t.equal((await f.api('GET', `/api/v1/responders/${r.id}`)).body.status, 'off_duty')
  t.match(await status({ requestId: 's2', status: 'AVAILABLE' }), { replyId: 's2', ok: true })
  t.equal((await f.api('GET', `/api/v1/responders/${r.id}`)).body.status, 'available')

  t.equal((await f.api('PATCH', `/api/v1/responders/${r.id}`, { status: 'busy' })).status, 200)
  const busy = await status({ requestId: 's3', status: 'OFF_DUTY' })
  t.match(busy, { replyId: 's3', reason: /busy with an incident/ })
  t.not(busy.ok, true, 'refused (proto3 JSON leaves a false ok out)')
  t.equal((await f.api('GET', `/api/v1/responders/${r.id}`)).body.status, 'busy', 'unchanged')

  const notAStatus = await status({ requestId: 's4', status: 'BUSY' })
  t.match(notAStatus, { reason: /bad_/ })
  t.not(notAStatus.ok, true)
  const none = await status({ requestId: 's5' })
  t.match(none, { reason: /AVAILABLE or OFF_DUTY/ })
  t.not(none.ok, true)
  const { rows } = await f.app.db.pool.query('SELECT count(*)::int AS n FROM dead_letters WHERE topic = $1', [`resp/${r.id}/status`])
  t.equal(rows[0].n, 2, 'kept for forensics')
  const { body: audit } = await f.api('GET', `/api/v1/audit?action=responder.status&targetId=${r.id}`)
  t.same(audit.items.map((e: any) => [e.actor, e.details.status]), [[`responder:${r.id}`, 'available'], [`responder:${r.id}`, 'off_duty']])
})
