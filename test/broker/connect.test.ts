import t from 'tap'
import { startTestFlare, connackCode } from '../helpers/flare.js'

t.test('a provisioned device connects over TCP and WebSocket; wrong credentials are refused', async (t) => {
  const f = await startTestFlare(t)
  const d = await f.device({ kind: 'button' })
  const tcp = await f.connect({ clientId: d.id, username: d.id, password: d.secret })
  t.ok(tcp.connected, 'TCP connect')
  const ws = await f.connect({ url: f.wsUrl, clientId: d.id + '', username: d.id, password: d.secret })
  t.ok(ws.connected, 'WebSocket connect')
  t.equal(await connackCode(f.mqttUrl, { clientId: d.id, username: d.id, password: 'wrong' }), 4, 'wrong secret: bad username or password')
  t.equal(await connackCode(f.mqttUrl, { clientId: 'other', username: d.id, password: d.secret }), 5, 'wrong client id: not authorised')
  t.equal(await connackCode(f.mqttUrl, { clientId: 'anon-1' }), 5, 'anonymous refused by default')
})
