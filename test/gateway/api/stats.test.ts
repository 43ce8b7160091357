// GET /api/v1/stats: open incidents by state and priority; counts and response-time medians over a window.
import t from 'tap'
import { startTestFlare } from '../../helpers/flare.js'
import { seedIncident } from '../../helpers/incidents.js'
import { keyWithRole } from './keys.js'

t.test('open counts, window counts and medians', async (t) => {
  const f = await startTestFlare(t)
  const pool = f.app.db.pool
  // press → accept 30 s, → on scene 300 s, resolved within the window
  await seedIncident(pool, { state: 'RESOLVED', priority: 1, openedAgoS: 3600, pressBeforeOpenS: 10, assignedAfterS: 30, onSceneAfterS: 300, resolvedAfterS: 600 })
  // press → accept 60 s, → on scene 400 s
  await seedIncident(pool, { state: 'ON_SCENE', priority: 1, openedAgoS: 7200, assignedAfterS: 60, onSceneAfterS: 400 })
  // first accepted after 90 s (the timeline), reassigned later (assigned_at moved to 500 s)
  const c = await seedIncident(pool, { state: 'ASSIGNED', priority: 2, openedAgoS: 2400, assignedAfterS: 500 })
  await pool.query(
    `INSERT INTO incident_events (incident_id, at, actor, type, from_state, to_state)
     SELECT id, first_triggered_at + e.after, e.actor, 'transition', e.from_state, 'ASSIGNED'
       FROM incidents, (VALUES (interval '90 seconds', 'responder:r1', 'NEW'), (interval '500 seconds', 'api:admin', 'ASSIGNED')) e (after, actor, from_state)
      WHERE id = $1`,
    [c.id])
  // outside a 24 h window: neither counted nor in the medians
  await seedIncident(pool, { state: 'CLOSED', priority: 1, openedAgoS: 48 * 3600, assignedAfterS: 1000, onSceneAfterS: 2000, resolvedAfterS: 3000 })
  // open, nobody yet
  await seedIncident(pool, { state: 'NEW', priority: 3 })
  await seedIncident(pool, { state: 'CANCELLED', priority: 4, openedAgoS: 600 })

  const res = await f.api('GET', '/api/v1/stats')
  t.equal(res.status, 200)
  t.equal(res.body.windowH, 24, 'the window defaults to 24 h')
  t.same(res.body.open, {
    total: 3,
    byState: { NEW: 1, ASSIGNED: 1, EN_ROUTE: 0, ON_SCENE: 1 },
    byPriority: { 1: 1, 2: 1, 3: 1, 4: 0, 5: 0 }
  })
  t.match(res.body.window, { opened: 5, resolved: 1 })
  t.same(res.body.window.pressToAccept, { medianS: 60, samples: 3 }, 'median of 30, 60 and 90 s (the first accept, not the reassignment)')
  t.same(res.body.window.pressToOnScene, { medianS: 350, samples: 2 }, 'median of 300 and 400 s')
  t.ok(Date.parse(res.body.since) < Date.now() - 23.9 * 3600_000)

  const short = await f.api('GET', '/api/v1/stats?windowH=0.5')
  t.equal(short.status, 200)
  t.match(short.body.window, { opened: 2, resolved: 0, pressToAccept: { medianS: null, samples: 0 }, pressToOnScene: { medianS: null, samples: 0 } })
  t.equal(short.body.open.total, 3, 'open counts do not depend on the window')

  const week = await f.api('GET', '/api/v1/stats?windowH=168')
  t.same(week.body.window.pressToAccept, { medianS: 75, samples: 4 }, 'the older incident counts in a week')
})

t.test('viewers may read; bad windows are refused', async (t) => {
  const f = await startTestFlare(t)
  const viewer = await keyWithRole(f, 'viewer')
  const res = await f.api('GET', '/api/v1/stats', undefined, viewer)
  t.equal(res.status, 200)
  t.match(res.body, { open: { total: 0 }, window: { opened: 0, pressToAccept: { medianS: null, samples: 0 } } })
  t.equal((await f.api('GET', '/api/v1/stats', undefined, null)).status, 401)
  for (const w of ['0', '-1', 'abc', '100000']) {
    const bad = await f.api('GET', `/api/v1/stats?windowH=${w}`)
    t.equal(bad.status, 400, `windowH=${w}`)
    t.equal(bad.body.error.code, 'bad_request')
  }
})
