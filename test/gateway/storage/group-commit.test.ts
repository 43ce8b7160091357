import t from 'tap'
import { GroupCommit } from '../../../gateway/storage/group-commit.js'

/** A run function whose batches finish when the test says so. */
function controlled () {
  const batches: number[][] = []
  const finish: Array<() => void> = []
  let failOn: number | undefined
  const run = async (batch: number[]): Promise<string[]> => {
    batches.push(batch)
    await new Promise<void>(resolve => finish.push(resolve))
    if (failOn !== undefined && batch.includes(failOn)) throw new Error(`bad item ${failOn}`)
    return batch.map(i => `done ${i}`)
  }
  return { run, batches, finish, failWith: (i: number) => { failOn = i } }
}

const tick = async (): Promise<void> => { await new Promise(resolve => setImmediate(resolve)) }
const settle = async (): Promise<void> => { for (let i = 0; i < 5; i++) await tick() }

t.test('items arriving while a batch is in flight go together in the next one, within maxBatch', async (t) => {
  const c = controlled()
  const sizes: number[] = []
  const g = new GroupCommit(c.run, { maxBatch: 3, concurrency: 1, onBatch: (n) => sizes.push(n) })
  const first = g.submit(0)
  await settle()
  t.same(c.batches, [[0]], 'alone, an item starts at once')
  const rest = [1, 2, 3, 4, 5].map(i => g.submit(i))
  await settle()
  t.equal(g.waiting, 5, 'the others wait while the only slot is busy')
  c.finish.shift()!()
  t.equal(await first, 'done 0')
  await settle()
  t.same(c.batches[1], [1, 2, 3], 'the next batch takes up to maxBatch')
  c.finish.shift()!()
  await settle()
  t.same(c.batches[2], [4, 5])
  c.finish.shift()!()
  t.same(await Promise.all(rest), ['done 1', 'done 2', 'done 3', 'done 4', 'done 5'], 'each submitter gets its own output')
  t.same(sizes, [1, 3, 2])
})

t.test('at most `concurrency` batches run at once', async (t) => {
  const c = controlled()
  const g = new GroupCommit(c.run, { maxBatch: 1, concurrency: 2 })
  const all = [0, 1, 2, 3].map(i => g.submit(i))
  await settle()
  t.equal(c.batches.length, 2, 'two in flight')
  t.equal(g.waiting, 2)
  while (c.finish.length > 0 || c.batches.length < 4) {
    c.finish.shift()?.()
    await settle()
  }
  c.finish.forEach(f => f())
  t.same(await Promise.all(all), ['done 0', 'done 1', 'done 2', 'done 3'])
})

/** Items 1, 2 and 3 (2 fails) queued behind a running batch, so they go as one batch; that one has started. */
async function failingBatchBehind (g: GroupCommit<number, string>, c: ReturnType<typeof controlled>): Promise<Array<Promise<string>>> {
  c.failWith(2)
  const blocker = g.submit(9)
  await settle()
  const items = [1, 2, 3].map(i => g.submit(i).then(v => v, (e: Error) => `failed: ${e.message}`))
  c.finish.shift()!()
  await blocker
  return items
}

t.test('a failed batch is retried item by item: only the bad item fails', async (t) => {
  const c = controlled()
  const splits: number[] = []
  const g = new GroupCommit(c.run, { maxBatch: 10, concurrency: 1, onSplit: (_err, n) => splits.push(n) })
  const items = await failingBatchBehind(g, c)
  for (let i = 0; i < 20 && c.batches.length < 5; i++) {
    await settle()
    c.finish.shift()?.()
  }
  await settle()
  c.finish.forEach(f => f())
  t.same(await Promise.all(items), ['done 1', 'failed: bad item 2', 'done 3'])
  t.same(c.batches.slice(1), [[1, 2, 3], [1], [2], [3]], 'the batch, then each item alone')
  t.same(splits, [3])
})

t.test('a failure that is not the items\' (retryAlone says no) fails the whole batch at once', async (t) => {
  const c = controlled()
  const g = new GroupCommit(c.run, { maxBatch: 10, concurrency: 1, retryAlone: () => false })
  const items = await failingBatchBehind(g, c)
  await settle()
  c.finish.shift()!()
  t.same(await Promise.all(items), ['failed: bad item 2', 'failed: bad item 2', 'failed: bad item 2'])
  t.same(c.batches.slice(1), [[1, 2, 3]], 'no retries one by one')
})

t.test('parallelAt: a second batch starts beside the first only once that many items wait', async (t) => {
  const c = controlled()
  const g = new GroupCommit(c.run, { maxBatch: 10, concurrency: 2, parallelAt: 3 })
  const all = [g.submit(0)]
  await settle()
  t.same(c.batches, [[0]], 'alone, an item starts at once')
  all.push(g.submit(1), g.submit(2))
  await settle()
  t.equal(c.batches.length, 1, 'two waiting: they wait for the batch in flight')
  all.push(g.submit(3))
  await settle()
  t.same(c.batches[1], [1, 2, 3], 'three waiting: a second batch starts beside the first')
  all.push(g.submit(4))
  await settle()
  t.equal(c.batches.length, 2, 'both slots busy')
  c.finish.shift()!()
  await settle()
  t.equal(c.batches.length, 2, 'one still in flight: one waiting item waits for it')
  c.finish.shift()!()
  await settle()
  t.same(c.batches[2], [4], 'none in flight: what waits goes at once, however few')
  c.finish.forEach(f => f())
  t.same(await Promise.all(all), ['done 0', 'done 1', 'done 2', 'done 3', 'done 4'])
})

t.test('parallelAfterMs: a batch in flight that long no longer holds a short queue behind it', async (t) => {
  const c = controlled()
  const g = new GroupCommit(c.run, { maxBatch: 10, concurrency: 2, parallelAt: 100, parallelAfterMs: 40 })
  const all = [g.submit(0)]
  await settle()
  all.push(g.submit(1))
  await settle()
  t.equal(c.batches.length, 1, 'one waiting behind a batch that has just started')
  await new Promise(resolve => setTimeout(resolve, 60))
  t.same(c.batches[1], [1], 'past 40 ms it starts beside it')
  all.push(g.submit(2))
  await settle()
  t.equal(c.batches.length, 2, 'both slots busy: the next waits')
  c.finish.forEach(f => f())
  await settle()
  c.finish.forEach(f => f())
  t.same(await Promise.all(all), ['done 0', 'done 1', 'done 2'])
})
