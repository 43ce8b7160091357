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
