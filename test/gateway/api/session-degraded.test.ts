// A console session through a PostgreSQL outage (cut through the proxy): the node admits the
// sessions it verified, with their timeouts, and a cookie it never saw is refused.
import t from 'tap'
import { startTestFlare } from '../../helpers/flare.js'
import { cutDatabase, databaseBehindProxy } from '../../helpers/outage.js'
import { dashboard, liveUrl, refusedStatus } from '../live/support.js'
import { browserFor, createUser, logIn } from './people.js'

t.test('a logged-in dispatcher keeps the live feed during an outage; an unknown cookie does not get in', async (t) => {
  const { db, proxy, url, direct } = await databaseBehindProxy(t)
  const f = await startTestFlare(t, { DATABASE_URL: url }, db)
  await createUser(f, { username: 'ann', role: 'dispatcher' })
  const a = await logIn(f, 'ann')
  const other = await logIn(f, 'ann')
  t.equal((await a.api('GET', '/api/v1/session')).status, 200, 'verified by this node before the outage')
  await direct.query('UPDATE user_sessions SET expires_at = now() + interval \'3 seconds\' WHERE token_digest IN (SELECT token_digest FROM user_sessions ORDER BY created_at DESC LIMIT 1)')
  t.equal((await other.api('GET', '/api/v1/session')).status, 200, 'the second, about to expire, verified too')

  await cutDatabase(proxy, f)
  const origin = `http://127.0.0.1:${f.app.ports.http}`
  const feed = await dashboard(t, liveUrl(f, '', null), { cookie: a.cookie, origin })
  const snap = await feed.next(m => m.type === 'snapshot', 20_000)
  t.equal(snap.degraded, true, 'the board, from the node')
  const session = await a.api('GET', '/api/v1/session')
  t.equal(session.status, 200, 'GET /session answers from memory')
  t.equal(session.body.user.username, 'ann')
  const stranger = browserFor(f, 'flare_session=never-seen-by-this-node-000000000000000000000', 'x')
  t.equal((await refusedStatus(liveUrl(f, '', null), { cookie: stranger.cookie, origin })).status, 401, 'an unknown cookie is refused during the outage')
  await new Promise(resolve => setTimeout(resolve, 3500))
  const late = await other.api('GET', '/api/v1/session')
  t.equal(late.status, 401, 'the absolute timeout still holds')
  t.equal(late.body.error.code, 'session_expired')
  proxy.restore()
})
