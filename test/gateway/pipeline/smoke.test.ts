import t from 'tap'
import { startTestFlare } from '../../helpers/flare.js'
import { collect, subscribe } from '../../helpers/mqtt.js'
import { decode, encode } from '../../../gateway/codec/wire.js'

t.test('JSON panic → ACCEPTED ack and an offer to the nearest responder', async (t) => {
  const f = await startTestFlare(t)
  const d = await f.device({ kind: 'phone' })
  const r = await f.responder({ roles: ['security'], lat: -33.92, lon: 18.42 })
  const dev = await f.connect({ clientId: d.id, username: d.id, password: d.secret })
  const resp = await f.connect({ clientId: r.id, username: r.id, password: r.secret })
  const acks = collect(dev, `dev/${d.id}/ack`)
  const offers = collect(resp, `dispatch/${r.id}`)
  t.equal(await subscribe(dev, `dev/${d.id}/ack`), 1)
  t.equal(await subscribe(resp, `dispatch/${r.id}`), 1)
  await dev.publishAsync(`dev/${d.id}/alert`, JSON.stringify({ alertId: 'a1', kind: 'PANIC', location: { lat: -33.921, lon: 18.421 } }), { qos: 1 })
  const ack = JSON.parse((await acks.next()).toString())
  t.equal(ack.status, 'ACCEPTED')
  t.match(ack.incidentNumber, /^INC-\d{8}-\d{4}$/)
  const offer = decode('DispatchMessage', await offers.next(), 'json')
  t.equal(offer.offer?.incidentNumber, ack.incidentNumber)

  await dev.publishAsync(`dev/${d.id}/alert`, JSON.stringify({ alertId: 'a1', kind: 'PANIC' }), { qos: 1 })
  const dup = JSON.parse((await acks.next()).toString())
  t.equal(dup.status, 'DUPLICATE')
  t.equal(dup.incidentNumber, ack.incidentNumber)

  await dev.publishAsync(`dev/${d.id}/alert`, Buffer.from('{nope'), { qos: 1 })
  const rej = JSON.parse((await acks.next()).toString())
  t.equal(rej.status, 'REJECTED')
  t.equal(rej.reasonCode, 'bad_json')
  void encode
})
