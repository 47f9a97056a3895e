import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { benjaminiHochberg, benjaminiHochbergMap, bhRejections, classConfidence, classify, classifyAll, classSign } from '../../server/analysis/fdr.js'

/**
 * Benjamini & Hochberg (1995), §4.1: 15 p-values from a study of myocardial infarction treatment.
 * m = 15, q = 0.05: the BH thresholds are (i/15)·0.05:
 *   i=4: p = 0.0095 ≤ 0.01333 ✓     i=5: p = 0.0201 > 0.01667 ✗, and every later p_(i) exceeds (i/15)·0.05
 *   (0.0278 > 0.02, 0.0298 > 0.02333, 0.0344 > 0.02667, 0.0459 > 0.03, …)
 * so BH rejects the four smallest, where Bonferroni (0.05/15 = 0.00333) rejects only three.
 * Adjusted p̃_(i) = min_{k≥i} 15·p_(k)/k, e.g. p̃_(4) = min(15·0.0095/4, p̃_(5)) = 0.035625,
 * p̃_(5) = min(15·0.0201/5 = 0.0603, …) = 0.0603, p̃_(6) = p̃_(7) = 15·0.0298/7 = 0.063857…
 */
const BH1995 = [0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.324, 0.4262, 0.5719, 0.6528, 0.759, 1.0]
const BH1995_ADJUSTED = [
  0.0015, 0.003, 0.0095, 0.035625, 0.0603, 0.06385714285714286, 0.06385714285714286, 0.0645, 0.0765, 0.486, 0.5811818181818181, 0.7148749999999999,
  0.7532307692307693, 0.8132142857142857, 1.0,
]

describe('Benjamini–Hochberg', () => {
  it('reproduces the four rejections of Benjamini & Hochberg (1995) at q = 0.05', () => {
    const rejected = bhRejections(BH1995, 0.05)
    expect(rejected.filter(Boolean)).toHaveLength(4)
    expect(rejected.slice(0, 4)).toEqual([true, true, true, true])
    const adjusted = benjaminiHochberg(BH1995)
    for (const [i, q] of adjusted.entries()) expect(q).toBeCloseTo(BH1995_ADJUSTED[i]!, 12)
  })

  it('keeps the input order', () => {
    const shuffled = [0.0459, 1.0, 0.0001, 0.0298, 0.0095]
    // m = 5, sorted 0.0001, 0.0095, 0.0298, 0.0459, 1 → 5p/k = 0.0005, 0.02375, 0.04967, 0.057375, 1
    const adj = benjaminiHochberg(shuffled)
    expect(adj[0]).toBeCloseTo(0.057375, 12)
    expect(adj[1]).toBe(1)
    expect(adj[2]).toBeCloseTo(0.0005, 12)
    expect(adj[3]).toBeCloseTo((5 * 0.0298) / 3, 12)
    expect(adj[4]).toBeCloseTo(0.02375, 12)
    const m = benjaminiHochbergMap(
      new Map([
        ['a', 0.01],
        ['b', 0.04],
      ]),
    )
    expect(m.get('a')).toBeCloseTo(0.02, 12)
    expect(m.get('b')).toBeCloseTo(0.04, 12)
    expect(benjaminiHochberg([])).toEqual([])
  })

  it('properties: adjusted ≥ raw, ≤ 1, monotone in the raw p; rejections equal the step-up rule', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 40 }), fc.constantFrom(0.01, 0.05, 0.1), (ps, alpha) => {
        const adj = benjaminiHochberg(ps)
        ps.forEach((p, i) => {
          expect(adj[i]!).toBeGreaterThanOrEqual(p - 1e-15)
          expect(adj[i]!).toBeLessThanOrEqual(1)
          ps.forEach((p2, j) => {
            if (p <= p2) expect(adj[i]!).toBeLessThanOrEqual(adj[j]! + 1e-15)
          })
        })
        // Step-up: k = max{i : p_(i) ≤ iα/m}; reject the k smallest.
        const sorted = [...ps].sort((a, b) => a - b)
        let k = 0
        sorted.forEach((p, i) => {
          if (p <= ((i + 1) * alpha) / ps.length) k = i + 1
        })
        const rejected = bhRejections(ps, alpha)
        expect(rejected.filter(Boolean).length).toBe(k)
      }),
    )
  })
})

describe('classes', () => {
  it('hot/cold at 99/95/90 %', () => {
    expect(classify(3, 0.001)).toBe('hot-99')
    expect(classify(3, 0.01)).toBe('hot-99')
    expect(classify(2, 0.03)).toBe('hot-95')
    expect(classify(1.7, 0.09)).toBe('hot-90')
    expect(classify(1.7, 0.11)).toBe('none')
    expect(classify(-3, 0.005)).toBe('cold-99')
    expect(classify(-2, 0.05)).toBe('cold-95')
    expect(classify(-1.7, 0.1)).toBe('cold-90')
    expect(classify(0, 0)).toBe('none')
    expect(classify(NaN, 0)).toBe('none')
    expect(classSign('hot-90')).toBe(1)
    expect(classSign('cold-99')).toBe(-1)
    expect(classSign('none')).toBe(0)
    expect(classConfidence('cold-95')).toBe(95)
    expect(classConfidence('none')).toBe(0)
  })

  it('classifyAll applies BH across the cells, or the raw p when fdr is off', () => {
    // m = 3: raw p 0.004, 0.03, 0.5 → adjusted 0.012, 0.045, 0.5
    const results = new Map([
      ['a', { z: 2.9, p: 0.004 }],
      ['b', { z: -2.2, p: 0.03 }],
      ['c', { z: 0.7, p: 0.5 }],
    ])
    const bh = classifyAll(results)
    expect(bh.get('a')).toEqual({ pAdjusted: expect.closeTo(0.012, 12), class: 'hot-95' })
    expect(bh.get('b')).toEqual({ pAdjusted: expect.closeTo(0.045, 12), class: 'cold-95' })
    expect(bh.get('c')!.class).toBe('none')
    const raw = classifyAll(results, { fdr: false })
    expect(raw.get('a')).toEqual({ pAdjusted: 0.004, class: 'hot-99' })
    expect(raw.get('b')!.class).toBe('cold-95')
  })
})
