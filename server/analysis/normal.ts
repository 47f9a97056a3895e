/**
 * Standard normal distribution, accurate in the tails.
 *
 * erf / erfc are computed without any table of fitted coefficients:
 * - |x| < 2: the positive-term series erf(x) = (2/√π) e^(−x²) Σ_{n≥0} 2ⁿ x^(2n+1) / (1·3·5···(2n+1))
 *   (every term has the same sign, so there is no cancellation; relative error ≈ 1e-16);
 * - |x| ≥ 2: the continued fraction erfc(x) = (e^(−x²)/√π) · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + …)))))
 *   evaluated with the modified Lentz algorithm (relative error ≈ 1e-15 and no 1 − erf cancellation).
 * Two-sided p-values come straight from erfc, so a p of 1e-12 keeps its significant digits.
 */

const SQRT_PI = Math.sqrt(Math.PI)
const SQRT2 = Math.SQRT2
const TINY = 1e-300

/** erf(x) for |x| < 2 (the series converges for every x but slowly, with growing terms, beyond). */
function erfSeries(x: number): number {
  const x2 = x * x
  let term = x
  let sum = x
  for (let n = 1; n < 200; n++) {
    term *= (2 * x2) / (2 * n + 1)
    sum += term
    if (Math.abs(term) <= Math.abs(sum) * 1e-17) break
  }
  return (2 / SQRT_PI) * Math.exp(-x2) * sum
}

/** erfc(x) for x ≥ 2 by the continued fraction (Lentz). */
function erfcContinuedFraction(x: number): number {
  // f = x + a1/(x + a2/(x + …)) with a_k = k/2; erfc = e^(−x²)/(√π f).
  let f = x
  let c = x
  let d = 0
  for (let k = 1; k < 500; k++) {
    const a = k / 2
    d = x + a * d
    if (Math.abs(d) < TINY) d = TINY
    c = x + a / c
    if (Math.abs(c) < TINY) c = TINY
    d = 1 / d
    const delta = c * d
    f *= delta
    if (Math.abs(delta - 1) < 1e-16) break
  }
  return Math.exp(-x * x) / (SQRT_PI * f)
}

/** The error function. */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN
  if (x < 0) return -erf(-x)
  if (x < 2) return erfSeries(x)
  if (x > 6) return 1 // erfc(6) ≈ 2.2e-17 is below half an ulp of 1
  return 1 - erfcContinuedFraction(x)
}

/** The complementary error function 1 − erf(x), without cancellation for large x. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN
  if (x < 0) return 2 - erfc(-x)
  if (x < 2) return 1 - erfSeries(x)
  if (x > 27) return 0 // below the smallest double
  return erfcContinuedFraction(x)
}

/** Φ(z), the standard normal cumulative distribution function. */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / SQRT2)
}

/** 1 − Φ(z), accurate for large z. */
export function normalSurvival(z: number): number {
  return 0.5 * erfc(z / SQRT2)
}

/** The two-sided p-value of a z-score: P(|Z| ≥ |z|) = erfc(|z|/√2). NaN gives NaN. */
export function twoSidedP(z: number): number {
  if (Number.isNaN(z)) return NaN
  return Math.min(1, erfc(Math.abs(z) / SQRT2))
}

/**
 * Φ⁻¹(p): Acklam's rational starting point refined by Newton steps on our Φ
 * (so the answer agrees with normalCdf to about 1e-15 relative).
 */
export function normalQuantile(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return NaN
  if (p === 0) return -Infinity
  if (p === 1) return Infinity
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239]
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1]
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783]
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416]
  const [a0, a1, a2, a3, a4, a5] = a as [number, number, number, number, number, number]
  const [b0, b1, b2, b3, b4] = b as [number, number, number, number, number]
  const [c0, c1, c2, c3, c4, c5] = c as [number, number, number, number, number, number]
  const [d0, d1, d2, d3] = d as [number, number, number, number]
  const pLow = 0.02425
  let x: number
  if (p < pLow) {
    const q = Math.sqrt(-2 * Math.log(p))
    x = (((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) / ((((d0 * q + d1) * q + d2) * q + d3) * q + 1)
  } else if (p <= 1 - pLow) {
    const q = p - 0.5
    const r = q * q
    x = ((((((a0 * r + a1) * r + a2) * r + a3) * r + a4) * r + a5) * q) / (((((b0 * r + b1) * r + b2) * r + b3) * r + b4) * r + 1)
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p))
    x = -(((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) / ((((d0 * q + d1) * q + d2) * q + d3) * q + 1)
  }
  // Newton on Φ(x) − p, written through whichever tail keeps precision: for x ≥ 0, Φ(x) − p = (1 − p) − (1 − Φ(x)).
  for (let i = 0; i < 3; i++) {
    const err = x < 0 ? normalCdf(x) - p : 1 - p - normalSurvival(x)
    const pdf = Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI)
    if (pdf === 0) break
    x -= err / pdf
  }
  return x
}
