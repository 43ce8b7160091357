// The CONNECT pacer: every accepted CONNECT goes on, in order, at most `perTurn` per turn of the
// event loop, with other work (here an immediate queued by the first one) running between turns.
import t from 'tap'
import { ConnectPacer } from '../../broker/connect-pacer.js'

t.test('at most perTurn per turn, all of them, in order, other work between the turns', async (t) => {
  const pacer = new ConnectPacer(10)
  const ran: string[] = []
  await new Promise<void>((resolve) => {
    for (let i = 0; i < 25; i++) {
      pacer.run(() => {
        ran.push(String(i))
        if (i === 0) setImmediate(() => ran.push('other'))
        if (i === 24) resolve()
      })
    }
    t.same(ran, [], 'nothing goes on in the turn the CONNECTs came in')
  })
  const at = ran.indexOf('other')
  t.same(ran.filter(x => x !== 'other'), Array.from({ length: 25 }, (_, i) => String(i)), 'every one, in order')
  t.equal(at, 10, 'the other work ran after the first ten, before the next ten')
})

t.test('an idle pacer starts again', async (t) => {
  const pacer = new ConnectPacer(2)
  for (const n of [1, 3]) {
    const ran = await new Promise<number>((resolve) => {
      let count = 0
      for (let i = 0; i < n; i++) pacer.run(() => { if (++count === n) resolve(count) })
    })
    t.equal(ran, n)
  }
})

t.test('urgent work first: CONNECTs wait while it lasts, but never longer than maxHoldMs', async (t) => {
  let urgent = true
  const pacer = new ConnectPacer(10, { urgent: () => urgent, maxHoldMs: 40 })
  const ran: string[] = []
  const done = new Promise<void>((resolve) => pacer.run(() => { ran.push('connect'); resolve() }))
  setTimeout(() => { ran.push('urgent over'); urgent = false }, 15)
  await done
  t.same(ran, ['urgent over', 'connect'], 'the CONNECT went on once the urgent work was over')

  // After a hold, none for as long again (CONNECTs get at least half the time).
  await new Promise(resolve => setTimeout(resolve, 50))
  urgent = true
  const order: string[] = []
  setTimeout(() => order.push('20 ms in'), 20)
  await new Promise<void>((resolve) => pacer.run(() => { order.push('connect'); resolve() }))
  t.same(order, ['20 ms in', 'connect'], 'held while the urgent work went on')
  t.ok(urgent, 'and went on although it never ended: a steady stream of urgent work cannot starve CONNECTs')
})
