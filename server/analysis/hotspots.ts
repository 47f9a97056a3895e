import { classifyAll, classSign, classConfidence, type HotspotClass } from './fdr.js'
import { bandWeights, giStar, type Weights } from './gistar.js'
import { DEFAULT_BAND, formatCellId, neighbours, parseCellId, type DistanceBand } from './hexgrid.js'

/**
 * Hotspots on hex counts: Gi* per cell, BH-corrected classes, then hotspots as connected groups of
 * cells with a significant class of the same sign (hot with hot, cold with cold), connected by the
 * six-neighbour adjacency of the hex grid. A hotspot is cross-border when its cells cover two or
 * more boroughs (a cell covers every borough in which it has a share above `minBoroughShare`).
 */

/** Cell id → borough code → share of the cell (0–1) in that borough. */
export type BoroughShares = ReadonlyMap<string, ReadonlyMap<string, number>>

export interface HotspotOptions {
  /** Distance band of binary weights (the cell itself included); default: the cell and its six neighbours. */
  readonly band?: DistanceBand
  /** Custom weights, instead of the band. */
  readonly weights?: Weights
  /** Benjamini–Hochberg correction of the p-values before classing (default true). */
  readonly fdr?: boolean
  readonly boroughShares?: BoroughShares
  /** A cell covers a borough when its share there is above this (default 0: any share). */
  readonly minBoroughShare?: number
}

export interface HotspotCell {
  readonly id: string
  readonly q: number
  readonly r: number
  readonly count: number
  readonly z: number
  readonly p: number
  /** The p-value the class was decided on: BH-adjusted, or raw when fdr is off. */
  readonly pAdjusted: number
  readonly class: HotspotClass
  /** The hotspot group the cell belongs to, or null for class none. */
  readonly group: number | null
}

export interface HotspotGroup {
  /** 1, 2, …: hot groups first, then cold, each by strongest |z|, then larger count, then first cell. */
  readonly id: number
  readonly sign: 'hot' | 'cold'
  /** Cell ids, sorted by (q, r). */
  readonly cells: readonly string[]
  readonly count: number
  /** The strongest class among the group's cells. */
  readonly peakClass: HotspotClass
  readonly maxAbsZ: number
  /** Boroughs covered, with the mean share over the group's cells (the share of the group's area), largest first. */
  readonly boroughs: readonly { readonly code: string; readonly share: number }[]
  readonly crossBorder: boolean
}

export interface HotspotResult {
  readonly size: number
  /** Number of cells in the study area. */
  readonly n: number
  /** One per study-area cell, in the order given. */
  readonly cells: readonly HotspotCell[]
  readonly groups: readonly HotspotGroup[]
}

/** Compare two cell ids by (q, r) (same size assumed). */
export function compareCellIds(a: string, b: string): number {
  const ca = parseCellId(a)
  const cb = parseCellId(b)
  return ca.q - cb.q || ca.r - cb.r
}

/**
 * Study-area cells (every cell counted, empty ones too) and their counts (absent = 0).
 * All ids must be hex cell ids of one size; a count outside the study area is an error.
 */
export function studyAreaCounts(studyArea: Iterable<string>, counts: ReadonlyMap<string, number>): { size: number; counts: Map<string, number> } {
  const out = new Map<string, number>()
  let size: number | null = null
  for (const id of studyArea) {
    const c = parseCellId(id)
    if (size === null) size = c.size
    else if (c.size !== size) throw new RangeError(`mixed hex sizes in the study area: ${size} and ${c.size}`)
    const canonical = formatCellId(c.size, c.q, c.r)
    if (canonical !== id) throw new RangeError(`non-canonical cell id ${JSON.stringify(id)}`)
    out.set(id, 0)
  }
  for (const [id, x] of counts) {
    if (!out.has(id)) throw new RangeError(`count for ${id}, which is outside the study area`)
    if (!Number.isFinite(x)) throw new RangeError(`count for ${id} is not a finite number`)
    out.set(id, x)
  }
  return { size: size ?? 0, counts: out }
}

export function findHotspots(studyArea: Iterable<string>, counts: ReadonlyMap<string, number>, options: HotspotOptions = {}): HotspotResult {
  const { size, counts: all } = studyAreaCounts(studyArea, counts)
  const weights = options.weights ?? bandWeights(options.band ?? DEFAULT_BAND)
  const gi = giStar(all, weights)
  const classes = classifyAll(gi, { fdr: options.fdr ?? true })

  // Connected groups of same-sign significant cells (breadth-first over the six neighbours).
  const groupOf = new Map<string, number>()
  const rawGroups: { sign: 1 | -1; cells: string[] }[] = []
  for (const id of all.keys()) {
    const sign = classSign(classes.get(id)!.class)
    if (sign === 0 || groupOf.has(id)) continue
    const index = rawGroups.length
    const cells: string[] = []
    const queue = [id]
    groupOf.set(id, index)
    while (queue.length > 0) {
      const cur = queue.pop()!
      cells.push(cur)
      for (const nb of neighbours(parseCellId(cur))) {
        const nid = formatCellId(size, nb.q, nb.r)
        const nc = classes.get(nid)
        if (nc === undefined || groupOf.has(nid) || classSign(nc.class) !== sign) continue
        groupOf.set(nid, index)
        queue.push(nid)
      }
    }
    rawGroups.push({ sign, cells: cells.sort(compareCellIds) })
  }

  const minShare = options.minBoroughShare ?? 0
  const described = rawGroups.map((g, index) => {
    let count = 0
    let maxAbsZ = 0
    let peak: HotspotClass = 'none'
    const shareSums = new Map<string, number>()
    for (const id of g.cells) {
      count += all.get(id)!
      maxAbsZ = Math.max(maxAbsZ, Math.abs(gi.get(id)!.z))
      const c = classes.get(id)!.class
      if (classConfidence(c) > classConfidence(peak)) peak = c
      for (const [code, share] of options.boroughShares?.get(id) ?? []) {
        if (share > minShare) shareSums.set(code, (shareSums.get(code) ?? 0) + share)
      }
    }
    const boroughs = [...shareSums]
      .map(([code, s]) => ({ code, share: s / g.cells.length }))
      .sort((a, b) => b.share - a.share || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
    return { index, sign: g.sign, cells: g.cells, count, maxAbsZ, peakClass: peak, boroughs }
  })
  // |z| within 1e-9 relative counts as equal here, so rounding (which depends on the input order of
  // the cells) cannot reorder the groups.
  const zOrder = (a: number, b: number): number => (Math.abs(a - b) <= 1e-9 * Math.max(a, b) ? 0 : b - a)
  described.sort((a, b) => b.sign - a.sign || zOrder(a.maxAbsZ, b.maxAbsZ) || b.count - a.count || compareCellIds(a.cells[0]!, b.cells[0]!))
  const idOfIndex = new Map<number, number>()
  const groups: HotspotGroup[] = described.map((g, i) => {
    idOfIndex.set(g.index, i + 1)
    return {
      id: i + 1,
      sign: g.sign > 0 ? 'hot' : 'cold',
      cells: g.cells,
      count: g.count,
      peakClass: g.peakClass,
      maxAbsZ: g.maxAbsZ,
      boroughs: g.boroughs,
      crossBorder: g.boroughs.length >= 2,
    }
  })

  const cells: HotspotCell[] = [...all].map(([id, count]) => {
    const { q, r } = parseCellId(id)
    const { z, p } = gi.get(id)!
    const { pAdjusted, class: cls } = classes.get(id)!
    const index = groupOf.get(id)
    return { id, q, r, count, z, p, pAdjusted, class: cls, group: index === undefined ? null : idOfIndex.get(index)! }
  })
  return { size, n: all.size, cells, groups }
}
