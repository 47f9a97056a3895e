/**
 * A small seeded pseudo-random generator for permutation tests: xoshiro128** (Blackman & Vigna 2018),
 * its 128-bit state filled from the seed by splitmix32. The same seed gives the same draws on every
 * machine and run, so a permutation p-value is reproducible from the seed the response reports.
 */
export class SeededRandom {
  private a: number
  private b: number
  private c: number
  private d: number

  constructor(seed: number) {
    let s = seed >>> 0
    const next = () => {
      s = (s + 0x9e3779b9) >>> 0
      let z = s
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0
      return (z ^ (z >>> 16)) >>> 0
    }
    this.a = next()
    this.b = next()
    this.c = next()
    this.d = next()
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0
    const t = this.b << 9
    this.c ^= this.a
    this.d ^= this.b
    this.b ^= this.c
    this.a ^= this.d
    this.c ^= t
    this.d = rotl(this.d, 11)
    return result
  }

  /** A uniform integer in [0, m), m ≤ 2^32, without modulo bias (rejection of the short last block). */
  below(m: number): number {
    const limit = 4294967296 - (4294967296 % m)
    for (;;) {
      const x = this.nextUint32()
      if (x < limit) return x % m
    }
  }
}

const rotl = (x: number, k: number): number => ((x << k) | (x >>> (32 - k))) >>> 0
