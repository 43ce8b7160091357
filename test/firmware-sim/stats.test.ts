import t from 'tap'
import { percentile, percentileOfSorted, RecentSamples, summarize } from '../../firmware-sim/stats.js'

t.test('nearest-rank percentiles are one of the samples, at rank ceil(p/100 × n)', async (t) => {
  const ten = [10, 1, 9, 2, 8, 3, 7, 4, 6, 5] // 1..10 unsorted
  t.equal(percentile(ten, 50), 5, 'p50 of 1..10: rank ceil(5) = 5')
  t.equal(percentile(ten, 95), 10, 'p95 of 1..10: rank ceil(9.5) = 10')
  t.equal(percentile(ten, 90), 9, 'p90 of 1..10: rank 9')
  t.equal(percentile(ten, 91), 10, 'p91 of 1..10: rank ceil(9.1) = 10')
  t.equal(percentile(ten, 100), 10, 'p100 is the maximum')
  t.equal(percentile(ten, 0), 1, 'p0 is the minimum')
  t.equal(percentile(ten, 1), 1, 'p1 of 10 samples: rank 1')

  const hundred = Array.from({ length: 100 }, (_, i) => 100 - i) // 100..1
  t.equal(percentile(hundred, 99), 99)
  t.equal(percentile(hundred, 99.5), 100)
  t.equal(percentile([42], 50), 42, 'one sample is every percentile')
  t.equal(percentile([42], 99), 42)
  t.equal(percentile([], 50), undefined, 'no samples, no percentile')
})

t.test('sorting is numeric, not lexicographic', async (t) => {
  t.equal(percentile([100, 9, 20], 50), 20)
  t.equal(percentileOfSorted([1.5, 2.25, 300], 100), 300)
})

t.test('percentiles outside 0..100 are refused', async (t) => {
  t.throws(() => percentile([1], 101), RangeError)
  t.throws(() => percentile([1], -1), RangeError)
  t.throws(() => percentile([1], NaN), RangeError)
})

t.test('summarize: count, p50, p95, p99, max; nulls when empty; rounded to 0.01 ms', async (t) => {
  const samples = Array.from({ length: 1000 }, (_, i) => i + 1)
  t.same(summarize(samples), { count: 1000, p50: 500, p95: 950, p99: 990, max: 1000 })
  t.same(summarize([]), { count: 0, p50: null, p95: null, p99: null, max: null })
  t.same(summarize([1.23456]), { count: 1, p50: 1.23, p95: 1.23, p99: 1.23, max: 1.23 })
})

t.test('RecentSamples keeps only the latest `capacity` samples', async (t) => {
  const r = new RecentSamples(4)
  t.equal(r.percentile(99), undefined)
  for (const v of [1000, 1000, 1, 2, 3, 4]) r.add(v)
  t.equal(r.size, 4)
  t.equal(r.percentile(100), 4, 'the two old 1000s fell out')
  t.equal(r.percentile(50), 2)
  t.throws(() => new RecentSamples(0), RangeError)
})
