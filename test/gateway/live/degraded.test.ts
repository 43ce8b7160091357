// A dashboard that connects while PostgreSQL is away (cut through the proxy): its key is admitted
// from what the node verified, its snapshot comes from the node's board (the open incidents as last
// read, kept current from events) marked degraded, and provisional incidents follow live.
import t from 'tap'
import { startTestFlare } from '../../helpers/flare.js'
import { cutDatabase, databaseBehindProxy } from '../../helpers/outage.js'
import { dashboard, liveUrl, refusedStatus } from './support.js'

const HERE = { lat: -33.9249, lon: 18.4241 }

t.test('a dashboard connecting during an outage gets the board and the live events', async (t) => {
  const { db, proxy, url } = await databaseBehindProxy(t)
  const f = await startTestFlare(t, { DATABASE_URL: url }, db)
  const d = await f.device({ kind: 'phone' })
  const dev = await f.connect({ clientId: d.id, username: d.id, password: d.secret })
  // A dashboard before the outage: once it has the incident's event, so has the node's board.
  const early = await dashboard(t, liveUrl(f))
  await dev.publishAsync(`dev/${d.id}/alert`, JSON.stringify({ alertId: 'before-cut', kind: 'PANIC', location: HERE }), { qos: 1 })
  const before = (await early.next(m => m.type === 'incident.opened')).incident
  early.ws.close()

  await cutDatabase(proxy, f)
  t.equal((await f.api('GET', '/api/v1/incidents')).status, 503, 'PostgreSQL is away')
  const board = await dashboard(t, liveUrl(f))
  const snap = await board.next(m => m.type === 'snapshot', 20_000)
  t.equal(snap.degraded, true, 'the snapshot says it comes from the node, not from PostgreSQL')
  t.match(snap.incidents.find((i: any) => i.id === before.id), { number: before.number, state: 'NEW' }, 'and has the incident opened before the outage')

  await dev.publishAsync(`dev/${d.id}/alert`, JSON.stringify({ alertId: 'during-cut', kind: 'DURESS', location: { lat: HERE.lat + 0.2, lon: HERE.lon } }), { qos: 1 })
  const opened = await board.next(m => m.type === 'incident.opened' && m.detail?.provisional === true)
  t.match(opened.incident, { number: /^P-/, kind: 'DURESS' }, 'the provisional incident arrives live')
  const again = await dashboard(t, liveUrl(f))
  const snap2 = await again.next(m => m.type === 'snapshot', 20_000)
  t.ok(snap2.incidents.some((i: any) => i.number === opened.incident.number), 'a dashboard connecting after it sees the provisional incident in its snapshot')

  t.equal((await refusedStatus(liveUrl(f, '', 'flr_never-seen'))).status, 401, 'a key the node never verified is refused during the outage')
  proxy.restore()
})
