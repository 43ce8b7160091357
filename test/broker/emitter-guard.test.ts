import t from 'tap'
import { createRequire } from 'node:module'
import { guardEmitter } from '../../broker/emitter-guard.js'

const require = createRequire(import.meta.url)
const mqemitter = require('mqemitter')

/**
 * Aedes' real message bus with one slot, held by a listener that has not finished (a subscriber
 * that stopped reading); meanwhile 50,000 messages nobody listens to queue up behind it.
 */
function stalledBus (guarded: boolean): { release: () => void, completed: () => number } {
  const mq = mqemitter({ concurrency: 1 })
  if (guarded) guardEmitter(mq)
  let hold: (() => void) | undefined
  mq.on('dispatch/frozen', (_m: unknown, done: () => void) => { hold = done })
  mq.emit({ topic: 'dispatch/frozen' })
  let completed = 0
  for (let i = 0; i < 50_000; i++) mq.emit({ topic: `dev/nobody-${i}/telemetry` }, () => { completed++ })
  return { release: () => { hold?.() }, completed: () => completed }
}

t.test('unguarded, the queue drains by recursion and overflows the stack (the crash the guard prevents)', async (t) => {
  const bus = stalledBus(false)
  t.throws(() => { bus.release() }, RangeError)
})

t.test('guarded, the same queue drains completely, one turn of the event loop at a time', async (t) => {
  const bus = stalledBus(true)
  await new Promise(resolve => setImmediate(resolve))
  bus.release()
  for (let i = 0; i < 1_000 && bus.completed() < 50_000; i++) await new Promise(resolve => setTimeout(resolve, 10))
  t.equal(bus.completed(), 50_000, 'every queued message completed')
})
