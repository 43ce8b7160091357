import t, { type Test } from 'tap'
import pg from 'pg'
import { pino } from 'pino'
import { createTestDatabase } from '../../helpers/database.js'
import { migrate } from '../../../gateway/storage/migrate.js'
import { cancelTimer, setTimer, TimerScheduler, type DueTimer } from '../../../gateway/timers/scheduler.js'
import { startPgProxy } from '../dispatch/pg-proxy.js'

const log = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' })

/** A migrated throwaway database and a pool on it, both gone when the test ends. */
async function database (t: Test): Promise<{ pool: pg.Pool, url: string, name: string, newPool: () => pg.Pool }> {
  const db = await createTestDatabase()
  const pools: pg.Pool[] = []
  const newPool = (): pg.Pool => {
    const p = new pg.Pool({ connectionString: db.url, max: 5 })
    p.on('error', () => {})
    pools.push(p)
    return p
  }
  const pool = newPool()
  await migrate(pool, log)
  t.teardown(async () => {
    for (const p of pools) await p.end().catch(() => {})
    await db.drop()
  })
  return { pool, url: db.url, name: db.name, newPool }
}

async function remaining (pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query('SELECT count(*)::int AS n FROM timers')
  return rows[0].n
}

t.test('20 due timers, two schedulers (two nodes): each fires exactly once in total', async (t) => {
  const { pool, newPool } = await database(t)
  for (let i = 0; i < 20; i++) await setTimer(pool, `count:${i}`, 'count', 0, { i })
  const fired = new Map<string, number>()
  const byNode = { a: 0, b: 0 }
  const handler = (node: 'a' | 'b') => async (timer: DueTimer): Promise<void> => {
    fired.set(timer.key, (fired.get(timer.key) ?? 0) + 1)
    byNode[node]++
    // hold the claim a little, so the other node's tick runs while this one's rows are locked
    await new Promise(resolve => setTimeout(resolve, 5))
  }
  const a = new TimerScheduler(newPool(), log)
  const b = new TimerScheduler(newPool(), log)
  a.on('count', handler('a'))
  b.on('count', handler('b'))
  const loop = async (s: TimerScheduler): Promise<void> => {
    while (await remaining(pool) > 0) await s.tick(3)
  }
  await Promise.all([loop(a), loop(b), loop(a), loop(b)])
  t.equal(fired.size, 20, 'every timer fired')
  t.same([...fired.values()].filter(n => n !== 1), [], 'none fired twice')
  t.equal(byNode.a + byNode.b, 20)
  t.comment(`node a fired ${byNode.a}, node b ${byNode.b}`)
  t.equal(await remaining(pool), 0)
})

t.test('the same with both schedulers on one pool, running on their own interval', async (t) => {
  const { pool } = await database(t)
  for (let i = 0; i < 20; i++) await setTimer(pool, `loop:${i}`, 'loop', 0)
  const fired = new Map<string, number>()
  const handler = async (timer: DueTimer): Promise<void> => { fired.set(timer.key, (fired.get(timer.key) ?? 0) + 1) }
  const a = new TimerScheduler(pool, log)
  const b = new TimerScheduler(pool, log)
  a.on('loop', handler)
  b.on('loop', handler)
  a.start(50)
  b.start(50)
  t.teardown(() => { a.stop(); b.stop() })
  while (await remaining(pool) > 0) await new Promise(resolve => setTimeout(resolve, 50))
  a.stop()
  b.stop()
  t.equal(fired.size, 20)
  t.same([...fired.values()].filter(n => n !== 1), [])
})

t.test('timers not yet due wait; setting a key again moves it; cancel removes it', async (t) => {
  const { pool } = await database(t)
  const seen: DueTimer[] = []
  const s = new TimerScheduler(pool, log)
  s.on('k', async (timer) => { seen.push(timer) })
  await setTimer(pool, 'later', 'k', 3600, { n: 1 })
  await setTimer(pool, 'moved', 'k', 3600, { n: 1 })
  await setTimer(pool, 'moved', 'k', -1, { n: 2 })
  await setTimer(pool, 'cancelled', 'k', -1)
  await cancelTimer(pool, 'cancelled')
  t.equal(await s.tick(), 1)
  t.same(seen.map(x => [x.key, x.payload]), [['moved', { n: 2 }]])
  t.type(seen[0].dueAt, Date)
  t.equal(await s.tick(), 0)
  const { rows } = await pool.query('SELECT key FROM timers ORDER BY key')
  t.same(rows.map(r => r.key), ['later'])
})

t.test('a failing handler leaves its timer for the next tick; others still fire; unknown kinds are dropped', async (t) => {
  const { pool } = await database(t)
  const s = new TimerScheduler(pool, log)
  let failures = 1
  const ok: string[] = []
  s.on('flaky', async (timer) => {
    if (failures-- > 0) throw new Error('not now')
    ok.push(timer.key)
  })
  s.on('fine', async (timer) => { ok.push(timer.key) })
  await setTimer(pool, 'flaky:1', 'flaky', -2)
  await setTimer(pool, 'fine:1', 'fine', -1)
  await setTimer(pool, 'nobody:1', 'nobody', -1)
  t.equal(await s.tick(), 2, 'fine:1 fired, nobody:1 dropped, flaky:1 kept')
  t.same(ok, ['fine:1'])
  t.equal(await remaining(pool), 1)
  t.equal(await s.tick(), 1)
  t.same(ok, ['fine:1', 'flaky:1'])
  t.equal(await remaining(pool), 0)
})

t.test('a tick that cannot reach the database does not stop the scheduler for good', async (t) => {
  const { pool, name } = await database(t)
  const proxy = await startPgProxy()
  t.teardown(proxy.close)
  const viaProxy = new pg.Pool({ connectionString: proxy.url(name), max: 2, connectionTimeoutMillis: 2000 })
  viaProxy.on('error', () => {})
  t.teardown(async () => { await viaProxy.end().catch(() => {}) })
  const s = new TimerScheduler(viaProxy, log)
  const fired: string[] = []
  s.on('x', async (timer) => { fired.push(timer.key) })
  t.equal(await s.tick(), 0, 'a first tick connects through the proxy')
  await setTimer(pool, 'x:1', 'x', -1)

  proxy.cut()
  await t.rejects(s.tick(), 'the pooled connection is gone')
  await t.rejects(s.tick(), 'the tick fails while the database is unreachable')
  proxy.restore()
  t.equal(await s.tick(), 1, 'the next tick fires the timer')
  t.same(fired, ['x:1'])
})

t.test('a timer survives a restart: a new scheduler fires what an old one left', async (t) => {
  const { pool, newPool } = await database(t)
  const first = new TimerScheduler(newPool(), log)
  first.on('r', async () => { throw new Error('crashed mid-way') })
  await setTimer(pool, 'r:1', 'r', -1, { x: 1 })
  t.equal(await first.tick(), 0)
  const second = new TimerScheduler(newPool(), log)
  const got: unknown[] = []
  second.on('r', async (timer) => { got.push(timer.payload) })
  t.equal(await second.tick(), 1)
  t.same(got, [{ x: 1 }])
})

t.test('stop waits for the running handler and gives back the claims it did not handle', async (t) => {
  const { pool } = await database(t)
  for (let i = 0; i < 5; i++) await setTimer(pool, `slow:${i}`, 'slow', 0, { i })
  const s = new TimerScheduler(pool, log)
  let release!: () => void
  const started: string[] = []
  let finished = 0
  s.on('slow', async (timer) => {
    started.push(timer.key)
    if (started.length === 1) await new Promise<void>(resolve => { release = resolve })
    finished++
  })
  s.start(10)
  while (started.length === 0) await new Promise(resolve => setTimeout(resolve, 10))
  let stopped = false
  const stopping = s.stop().then(() => { stopped = true })
  await new Promise(resolve => setTimeout(resolve, 100))
  t.notOk(stopped, 'stop waits while a handler runs')
  release()
  await stopping
  t.same([started.length, finished], [1, 1], 'the running handler finished; no other was started')
  const { rows } = await pool.query('SELECT count(*)::int AS n FROM timers WHERE due_at <= now()')
  t.equal(rows[0].n, 4, 'the other four are due again at once, not held until their lease ends')
  t.equal(await remaining(pool), 4)
})
