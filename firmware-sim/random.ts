// A small seeded PRNG so that a scenario with the same seed and fleet plans the same events.
// Math.random cannot be seeded; cryptographic quality is not needed here.

/** mulberry32: 32-bit state, fast, good enough statistical quality for load shaping. */
export class Rng {
  private state: number

  constructor (seed: number) {
    // Mixed first, so that neighbouring seeds (1, 2, 3 …) start far apart.
    this.state = fmix32((Math.trunc(seed) >>> 0) ^ 0x9e3779b9)
  }

  /** Uniform in [0, 1). */
  next (): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0)
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  /** Integer in [min, max], both inclusive. */
  int (min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }

  /** Uniform in [min, max). */
  between (min: number, max: number): number {
    return min + this.next() * (max - min)
  }

  chance (p: number): boolean {
    return this.next() < p
  }

  pick<T> (items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('cannot pick from an empty list')
    return items[Math.floor(this.next() * items.length)]
  }

  /** Waiting time to the next event of a Poisson process with `ratePerS` events per second, in ms. */
  exponentialMs (ratePerS: number): number {
    // 1 - next() is in (0, 1], so the log is finite.
    return (-Math.log(1 - this.next()) / ratePerS) * 1000
  }

  /** A shuffled copy (Fisher-Yates). */
  shuffle<T> (items: readonly T[]): T[] {
    const out = items.slice()
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1))
      ;[out[i], out[j]] = [out[j], out[i]]
    }
    return out
  }

  bytes (n: number): Buffer {
    const out = Buffer.alloc(n)
    for (let i = 0; i < n; i++) out[i] = Math.floor(this.next() * 256)
    return out
  }
}

/** MurmurHash3's finaliser: every input bit affects every output bit. */
function fmix32 (h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b)
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35)
  return (h ^ (h >>> 16)) >>> 0
}

/** A child seed for a named part (a phase, a responder), so parts do not shift each other's draws. */
export function deriveSeed (seed: number, part: string): number {
  let h = fmix32((Math.trunc(seed) >>> 0) ^ 0x811c9dc5)
  for (let i = 0; i < part.length; i++) h = Math.imul(h ^ part.charCodeAt(i), 0x01000193) >>> 0
  return fmix32(h)
}
