import type { HotspotClass } from '../analysis/fdr.js'
import type { Inference } from '../analysis/hotspots-lattice.js'
import { describeBoroughs, type StudyAreaChoice } from './study-area.js'

/**
 * The sentence beside a hot-spot map: the study area (which boroughs, why, how many cells, how many
 * empty, what lay outside it), what was found, by which test, and whether cold spots were possible.
 */

const SOURCE: Record<StudyAreaChoice['source'], string> = {
  requested: 'the boroughs chosen',
  working: "the organisation's working boroughs",
  scope: 'your borough scope',
  all: 'every borough',
}
const n = (x: number) => x.toLocaleString('en-GB')
const plural = (x: number, one: string, many = `${one}s`) => `${n(x)} ${x === 1 ? one : many}`

export function hotspotSummary(a: {
  size: number
  inference: Inference
  permutations: number
  choice: StudyAreaChoice
  area: { cells: number; emptyCells: number; outside: { cells: number; count: number } }
  groups: ReadonlyArray<{ sign: 'hot' | 'cold'; cells: readonly string[]; peakClass: HotspotClass; crossBorder: boolean }>
  coldSpotsPossible: boolean
  lowestColdP: number
}): string {
  const emptyShare = a.area.cells === 0 ? 0 : Math.round((100 * a.area.emptyCells) / a.area.cells)
  let s = `Study area: ${describeBoroughs(a.choice)} (${SOURCE[a.choice.source]}), ${plural(a.area.cells, `hexagon of ${a.size} m`, `hexagons of ${a.size} m`)} whose centre lies in them, ${emptyShare}% of them empty.`
  if (a.area.outside.count > 0)
    s += ` ${plural(a.area.outside.count, 'count')} in ${plural(a.area.outside.cells, 'hexagon')} outside it ${a.area.outside.count === 1 ? 'is' : 'are'} not analysed.`
  const hot = a.groups.filter((g) => g.sign === 'hot')
  const cold = a.groups.filter((g) => g.sign === 'cold')
  const test =
    a.inference === 'permutation'
      ? `a permutation test (${n(a.permutations)} random rearrangements) with a false discovery rate correction`
      : 'the normal approximation with a false discovery rate correction'
  if (hot.length === 0 && cold.length === 0) s += ` No hot spot stands out at 90% confidence by ${test}.`
  else {
    const cells = hot.reduce((t, g) => t + g.cells.length, 0)
    const cross = hot.filter((g) => g.crossBorder).length
    s += ` ${plural(hot.length, 'hot spot')} (${plural(cells, 'hexagon')}) stand${hot.length === 1 ? 's' : ''} out at 90% confidence or more by ${test}`
    s += cross > 0 ? `; ${n(cross)} cross${cross === 1 ? 'es' : ''} a borough boundary.` : '.'
    if (cold.length > 0) s += ` ${plural(cold.length, 'cold spot')} too.`
  }
  if (!a.coldSpotsPossible) {
    s += ` Cold spots cannot occur with these counts: even a hexagon whose whole neighbourhood is empty is not unusual here (p ≥ ${a.lowestColdP < 0.01 ? a.lowestColdP.toPrecision(2) : a.lowestColdP.toFixed(2)}).`
  }
  return s
}
