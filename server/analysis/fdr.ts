/**
 * Benjamini–Hochberg (1995) false discovery rate control, and the hot/cold classes.
 *
 * With m p-values sorted ascending p_(1) ≤ … ≤ p_(m), BH at level α rejects H_(1) … H_(k) for the
 * largest k with p_(k) ≤ (k/m)·α. Equivalently, with the BH-adjusted p-values
 *   p̃_(i) = min_{k ≥ i} min(1, m·p_(k)/k),
 * a hypothesis is rejected at α exactly when p̃ ≤ α. The adjusted p-values are therefore nested:
 * a cell significant at 0.01 is significant at 0.05 and 0.10, which is what makes 99/95/90 %
 * classes well defined.
 */

export type HotspotClass = 'hot-99' | 'hot-95' | 'hot-90' | 'cold-99' | 'cold-95' | 'cold-90' | 'none'

/** Significance levels of the classes, strictest first: 99 %, 95 %, 90 % confidence. */
export const CLASS_LEVELS = [
  { alpha: 0.01, confidence: 99 },
  { alpha: 0.05, confidence: 95 },
  { alpha: 0.1, confidence: 90 },
] as const

/** BH-adjusted p-values, in the order given. NaN p-values are treated as 1. */
export function benjaminiHochberg(pValues: readonly number[]): number[] {
  const m = pValues.length
  const order = pValues.map((p, i) => ({ p: Number.isNaN(p) ? 1 : Math.min(1, Math.max(0, p)), i }))
  // Stable: equal p-values keep their input order (their adjusted values are equal anyway).
  order.sort((a, b) => a.p - b.p || a.i - b.i)
  const adjusted = new Array<number>(m)
  let running = 1
  for (let k = m; k >= 1; k--) {
    const e = order[k - 1]!
    running = Math.min(running, (m * e.p) / k)
    adjusted[e.i] = running
  }
  return adjusted
}

/** BH-adjusted p-values of a map of p-values (keys kept). */
export function benjaminiHochbergMap<K>(pValues: ReadonlyMap<K, number>): Map<K, number> {
  const keys = [...pValues.keys()]
  const adjusted = benjaminiHochberg(keys.map((k) => pValues.get(k)!))
  return new Map(keys.map((k, i) => [k, adjusted[i]!]))
}

/** Which hypotheses BH rejects at level α (true = rejected / discovery), in the order given. */
export function bhRejections(pValues: readonly number[], alpha: number): boolean[] {
  return benjaminiHochberg(pValues).map((q) => q <= alpha)
}

/**
 * The class of one cell: the sign of z, and the strictest level (0.01, 0.05, 0.10) at which its
 * (adjusted, or raw) p-value is significant. z = 0 or p > 0.10 → 'none'.
 */
export function classify(z: number, p: number): HotspotClass {
  if (Number.isNaN(z) || z === 0 || Number.isNaN(p)) return 'none'
  const side = z > 0 ? 'hot' : 'cold'
  for (const { alpha, confidence } of CLASS_LEVELS) {
    if (p <= alpha) return `${side}-${confidence}` as HotspotClass
  }
  return 'none'
}

/** +1 for hot classes, −1 for cold classes, 0 for none. */
export function classSign(c: HotspotClass): 1 | -1 | 0 {
  return c === 'none' ? 0 : c.startsWith('hot') ? 1 : -1
}

/** The confidence (90, 95, 99) of a class, or 0 for none. */
export function classConfidence(c: HotspotClass): 0 | 90 | 95 | 99 {
  return c === 'none' ? 0 : (Number(c.slice(c.indexOf('-') + 1)) as 90 | 95 | 99)
}

/**
 * Classes for a set of cells from their z and raw p: BH-adjusted across all the cells when `fdr`
 * (the default), otherwise on the raw p-values. Returns the adjusted p used too.
 */
export function classifyAll<K>(
  results: ReadonlyMap<K, { readonly z: number; readonly p: number }>,
  options: { fdr?: boolean } = {},
): Map<K, { pAdjusted: number; class: HotspotClass }> {
  const fdr = options.fdr ?? true
  const keys = [...results.keys()]
  const raw = keys.map((k) => results.get(k)!.p)
  const used = fdr ? benjaminiHochberg(raw) : raw
  return new Map(keys.map((k, i) => [k, { pAdjusted: used[i]!, class: classify(results.get(k)!.z, used[i]!) }]))
}
