import t from 'tap'
import { deriveSeed, Rng } from '../../firmware-sim/random.js'

t.test('a seed gives the same sequence; another seed another one', async (t) => {
  const draw = (seed: number): number[] => { const r = new Rng(seed); return Array.from({ length: 5 }, () => r.next()) }
  t.same(draw(7), draw(7))
  t.notSame(draw(7), draw(8))
  t.ok(Math.abs(new Rng(1).next() - new Rng(2).next()) > 1e-3, 'neighbouring seeds start apart')
  t.not(deriveSeed(7, 'phase:0'), deriveSeed(7, 'phase:1'))
  t.equal(deriveSeed(7, 'phase:0'), deriveSeed(7, 'phase:0'))
})

t.test('draws have the right ranges and means', async (t) => {
  const r = new Rng(99)
  const n = 20_000
  let sum = 0
  let expSum = 0
  for (let i = 0; i < n; i++) {
    const u = r.next()
    if (u < 0 || u >= 1) t.fail(`next() out of [0, 1): ${u}`)
    sum += u
    expSum += r.exponentialMs(4)
    const k = r.int(3, 5)
    if (k < 3 || k > 5 || !Number.isInteger(k)) t.fail(`int(3, 5) gave ${k}`)
  }
  t.ok(Math.abs(sum / n - 0.5) < 0.01, `uniform mean ${(sum / n).toFixed(3)}`)
  t.ok(Math.abs(expSum / n - 250) < 10, `exponential mean ${(expSum / n).toFixed(1)} ms at 4/s`)
  t.same(r.shuffle([1, 2, 3, 4, 5]).sort(), [1, 2, 3, 4, 5], 'shuffle permutes')
  t.throws(() => r.pick([]), RangeError)
})
