import { benjaminiHochberg, classConfidence, classify, classSign, CLASS_LEVELS, type HotspotClass } from './fdr.js'
import type { Axial } from './hexgrid.js'
import { hexLattice, type Lattice } from './lattice.js'
import { DEFAULT_PERMUTATIONS, DEFAULT_SEED, localG, localGPermutation, localGPermutationYielding, lowestColdP, type PermutationResult } from './local-g.js'

/**
 * Hot spots over a study area held as arrays (the service's path; server/analysis/hotspots.ts keeps
 * the map-based form for custom weights): Gi* per cell with binary distance-band weights, classes
 * from conditional permutation pseudo p-values (the default) or from the normal approximation, both
 * Benjamini–Hochberg adjusted, then hot spots as connected groups of same-sign classed cells
 * (six-neighbour adjacency), and whether a cold spot could occur at all.
 */

export type Inference = 'permutation' | 'analytical'
export const INFERENCES: readonly Inference[] = ['permutation', 'analytical']

export interface LatticeHotspotOptions {
  /** Distance band in hex steps (the cell itself included); default 1. */
  readonly band?: number
  readonly inference?: Inference
  readonly permutations?: number
  readonly seed?: number
  /** Benjamini–Hochberg on the p-values the classes are decided on (default true). */
  readonly fdr?: boolean
  /** The cells' lattice at `band`, when the caller has built it already. */
  readonly lattice?: Lattice
  /** The permutation test of these counts on this lattice, already run (latticeHotspotsYielding). */
  readonly permuted?: PermutationResult
}

export interface LatticeGroup {
  readonly id: number
  readonly sign: 'hot' | 'cold'
  /** Cell indices, sorted by (q, r). */
  readonly cells: readonly number[]
  readonly count: number
  readonly peakClass: HotspotClass
  readonly maxAbsZ: number
}

export interface LatticeHotspots {
  readonly lattice: Lattice
  readonly z: Float64Array
  /** Two-sided normal p. */
  readonly p: Float64Array
  /** Folded pseudo p-value, or null under analytical inference. */
  readonly pSim: Float64Array | null
  /** R behind each pSim (the permutations asked for, or more for refined cells), or null. */
  readonly draws: Int32Array | null
  /** The p-value each class was decided on, BH-adjusted unless fdr is off. */
  readonly pAdjusted: Float64Array
  readonly classes: HotspotClass[]
  /** Group id per cell (0 = none). */
  readonly group: Int32Array
  readonly groups: readonly LatticeGroup[]
  /** The lowest p-value a cold cell could reach (an empty band), before FDR. */
  readonly lowestColdP: number
  /** Whether that reaches the loosest class level (0.10): if not, no cell can be cold. */
  readonly coldSpotsPossible: boolean
}

const LOOSEST_ALPHA = Math.max(...CLASS_LEVELS.map((l) => l.alpha))

const permutationOptions = (options: LatticeHotspotOptions) => ({
  permutations: options.permutations ?? DEFAULT_PERMUTATIONS,
  seed: options.seed ?? DEFAULT_SEED,
})

/**
 * `latticeHotspots`, with the permutation test run in slices between which the event loop serves
 * others (localGPermutationYielding): the same result. The service's path.
 */
export async function latticeHotspotsYielding(
  cells: readonly Axial[],
  counts: ArrayLike<number>,
  options: LatticeHotspotOptions = {},
): Promise<LatticeHotspots> {
  if ((options.inference ?? 'permutation') !== 'permutation' || options.permuted) return latticeHotspots(cells, counts, options)
  const lattice = options.lattice ?? hexLattice(cells, options.band ?? 1)
  if (lattice.n !== cells.length || counts.length !== cells.length) return latticeHotspots(cells, counts, options) // its errors
  const permuted = await localGPermutationYielding(lattice, counts, permutationOptions(options))
  return latticeHotspots(cells, counts, { ...options, lattice, permuted })
}

export function latticeHotspots(cells: readonly Axial[], counts: ArrayLike<number>, options: LatticeHotspotOptions = {}): LatticeHotspots {
  if (counts.length !== cells.length) throw new RangeError('one count per cell')
  const band = options.band ?? 1
  const inference = options.inference ?? 'permutation'
  const lattice = options.lattice ?? hexLattice(cells, band)
  if (lattice.n !== cells.length) throw new RangeError('the lattice is not of these cells')
  const { z, p } = localG(lattice, counts)
  const n = lattice.n
  let pSim: Float64Array | null = null
  let draws: Int32Array | null = null
  let signs: ArrayLike<number> = z
  let decided: ArrayLike<number> = p
  if (inference === 'permutation') {
    const perm = options.permuted ?? localGPermutation(lattice, counts, permutationOptions(options))
    pSim = perm.pSim
    draws = perm.draws
    signs = perm.side
    decided = perm.pSim
  }
  const pAdjusted = Float64Array.from((options.fdr ?? true) ? benjaminiHochberg(Array.from(decided)) : Array.from(decided))
  const classes: HotspotClass[] = new Array(n)
  for (let i = 0; i < n; i++) classes[i] = classify(signs[i]!, pAdjusted[i]!)

  // Connected groups of same-sign classed cells over the six neighbours.
  const adjacency = band === 1 ? lattice : hexLattice(cells, 1)
  const group = new Int32Array(n)
  const raw: Array<{ sign: 1 | -1; cells: number[] }> = []
  for (let i = 0; i < n; i++) {
    const sign = classSign(classes[i]!)
    if (sign === 0 || group[i] !== 0) continue
    const members: number[] = []
    const stack = [i]
    group[i] = -1
    while (stack.length > 0) {
      const cur = stack.pop()!
      members.push(cur)
      for (let t = adjacency.offsets[cur]! + 1; t < adjacency.offsets[cur + 1]!; t++) {
        const j = adjacency.neighbours[t]!
        if (group[j] !== 0 || classSign(classes[j]!) !== sign) continue
        group[j] = -1
        stack.push(j)
      }
    }
    members.sort((a, b) => lattice.q[a]! - lattice.q[b]! || lattice.r[a]! - lattice.r[b]!)
    raw.push({ sign, cells: members })
  }
  const described = raw.map((g) => {
    let count = 0
    let maxAbsZ = 0
    let peak: HotspotClass = 'none'
    for (const i of g.cells) {
      count += counts[i]!
      maxAbsZ = Math.max(maxAbsZ, Math.abs(z[i]!))
      if (classConfidence(classes[i]!) > classConfidence(peak)) peak = classes[i]!
    }
    return { ...g, count, maxAbsZ, peak }
  })
  const zOrder = (a: number, b: number): number => (Math.abs(a - b) <= 1e-9 * Math.max(a, b) ? 0 : b - a)
  const first = (g: { cells: number[] }) => g.cells[0]!
  described.sort(
    (a, b) =>
      b.sign - a.sign ||
      classConfidence(b.peak) - classConfidence(a.peak) ||
      zOrder(a.maxAbsZ, b.maxAbsZ) ||
      b.count - a.count ||
      lattice.q[first(a)]! - lattice.q[first(b)]! ||
      lattice.r[first(a)]! - lattice.r[first(b)]!,
  )
  const groups: LatticeGroup[] = described.map((g, k) => {
    for (const i of g.cells) group[i] = k + 1
    return { id: k + 1, sign: g.sign > 0 ? 'hot' : 'cold', cells: g.cells, count: g.count, peakClass: g.peak, maxAbsZ: g.maxAbsZ }
  })
  // No floor of 1/(R + 1) under permutation: a cell that extreme gets its exact probability.
  const lowest = lowestColdP(lattice, counts, inference)
  return { lattice, z, p, pSim, draws, pAdjusted, classes, group, groups, lowestColdP: lowest, coldSpotsPossible: lowest <= LOOSEST_ALPHA }
}
