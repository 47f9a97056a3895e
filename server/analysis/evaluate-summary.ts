import type { Evaluation, TieRange } from './evaluate.js'

/**
 * One plain-English sentence (or two) saying what a hotspot evaluation found, for people who do not
 * know what a PAI is. Pure: no database, no HTTP.
 */

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

/** "March 2026", "January to March 2026", "November 2025 to February 2026", from whole months YYYY-MM. */
export function monthRange(from: string, to: string): string {
  const [fy, fm] = from.split('-').map(Number) as [number, number]
  const [ty, tm] = to.split('-').map(Number) as [number, number]
  if (from === to) return `${MONTHS[fm - 1]} ${fy}`
  if (fy === ty) return `${MONTHS[fm - 1]} to ${MONTHS[tm - 1]} ${ty}`
  return `${MONTHS[fm - 1]} ${fy} to ${MONTHS[tm - 1]} ${ty}`
}

const percent = (x: number) => {
  const p = x * 100
  if (p > 0 && p < 1) return 'less than 1%'
  return `${Math.round(p)}%`
}
const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`
const km2 = (m2: number) => (m2 / 1e6 < 10 ? (m2 / 1e6).toFixed(1) : Math.round(m2 / 1e6).toString())

export interface SummaryPeriods {
  trainFrom: string
  trainTo: string
  testFrom: string
  testTo: string
}

/**
 * The sentence the web app shows beside the figures. `e.hotspotArea` and `e.totalArea` in m².
 * What counts is distinct referrals per cell (summed over the cells), called "referrals" here.
 */
export function evaluationSummary(e: Evaluation, p: SummaryPeriods, tie?: TieRange): string {
  const train = monthRange(p.trainFrom, p.trainTo)
  const test = monthRange(p.testFrom, p.testTo)
  const cells = e.hotspots.length
  if (e.trainingTotal === 0) return `There were no referrals in ${train}, so there were no hotspots to test against ${test}.`
  if (cells === 0) return `No single area with referrals in ${train} is small enough to fit in the share of the map chosen; choose a larger share.`
  const where = `${cells === 1 ? 'The area' : `The ${plural(cells, 'area')}`} with the most referrals in ${train} (${km2(e.hotspotArea)} km², ${percent(e.areaShare ?? 0)} of the map)`
  if (e.testTotal === 0) return `${where} could not be tested: there were no referrals in ${test}.`
  let s = `${where} held ${percent(e.hitRate!)} of the referrals in ${test} (${e.testInHotspots.toLocaleString('en-GB')} of ${e.testTotal.toLocaleString('en-GB')})`
  if (e.pai !== null) {
    const pai = e.pai
    if (pai >= 1.05) s += `, ${pai < 10 ? pai.toFixed(1) : Math.round(pai)} times what the same amount of map would hold by chance.`
    else if (pai > 0.95) s += ', about what the same amount of map would hold by chance: these hotspots did not anticipate where referrals came from.'
    else s += ', less than the same amount of map would hold by chance: these hotspots did not anticipate where referrals came from.'
  } else s += '.'
  if (e.rri !== null) {
    const r = e.rri
    s +=
      r >= 0.9 && r <= 1.1
        ? ' They kept about the share of referrals they had before.'
        : r > 1.1
          ? ` Their share of referrals grew (${r.toFixed(2)} times the earlier share).`
          : ` Their share of referrals fell (${r.toFixed(2)} times the earlier share).`
  }
  if (tie && tie.pai && tie.chosen < tie.tiedCells && tie.pai[1] - tie.pai[0] >= 0.005 * Math.max(1, tie.pai[1])) {
    const f = (x: number) => (x < 10 ? x.toFixed(2) : x.toFixed(1))
    s += ` ${plural(tie.tiedCells, 'area')} had ${plural(tie.count ?? 0, 'referral')} each in ${train} and only ${tie.chosen.toLocaleString('en-GB')} fit; a different choice among them would give ${f(tie.pai[0])} to ${f(tie.pai[1])} times chance.`
  }
  return s
}
