import 'uplot/dist/uPlot.min.css'
import uPlot from 'uplot'
import { monthName } from '../state/filters.js'
import { el } from './notices.js'
import { tableDetails } from './table.js'

const INK = '#1f1e1c'
const GRID = '#d9d6ce'
const SERIES = '#0072B2' // Okabe–Ito blue: 5:1 on white

const axis = (extra: Partial<uPlot.Axis> = {}): uPlot.Axis => ({
  stroke: INK,
  grid: { stroke: GRID, width: 1 },
  ticks: { stroke: GRID, width: 1 },
  font: '11px system-ui, sans-serif',
  ...extra,
})

function figure(title: string, description: string): { fig: HTMLElement; plot: HTMLElement } {
  const fig = el('figure', undefined, 'chart')
  const caption = el('figcaption', title)
  const plot = el('div', undefined, 'chart-plot')
  // The canvas says nothing to a screen reader; the sentence and the table below it do.
  plot.setAttribute('role', 'img')
  plot.setAttribute('aria-label', description)
  fig.append(caption, plot)
  return { fig, plot }
}

/** Axis numbers that fit the axis: 12,500 → 12.5k (a cut-off ",000" read as nothing). */
const compact = (v: number) => (Math.abs(v) >= 1000 ? `${+(v / 1000).toFixed(1)}k` : v.toLocaleString('en-GB'))
const width = (container: HTMLElement) => Math.max(240, Math.min(420, (container.clientWidth || 320) - 4))

/** What both charts draw: a titled count per month or per category. */
interface CountSeries {
  title: string
  /** null = suppressed ("fewer than k"). */
  values: (number | null)[]
  k: number | null
  unit: string
}
export interface MonthlySeries extends CountSeries {
  /** YYYY-MM, ascending. */
  months: string[]
}
export interface CategorySeries extends CountSeries {
  labels: string[]
}

/** A count as the table says it: the number, or "fewer than k". */
const countText = (s: CountSeries, v: number | null | undefined) => v ?? `fewer than ${s.k ?? 5}`
/** The chart's figures as a table under it. */
const seriesTable = (s: CountSeries, first: string, rows: (string | number)[][]) =>
  tableDetails(`${s.title} (table)`, { caption: s.title, head: [first, s.unit[0]!.toUpperCase() + s.unit.slice(1)], rows })
/** Options both charts share: the width of the container, no legend or cursor, a y axis from 0. */
const baseOptions = (container: HTMLElement, height: number) => ({
  width: width(container),
  height,
  legend: { show: false },
  cursor: { show: false },
})
const yRange: uPlot.Scale['range'] = (_u, _min, max) => [0, Math.max(5, max * 1.1)]

/** A line chart of a monthly count, then the same as a table. Returns a destroy function. */
export function monthlyChart(container: HTMLElement, s: MonthlySeries): () => void {
  const shown = s.values.filter((v): v is number => v !== null)
  const peak = shown.length ? s.months[s.values.indexOf(Math.max(...shown))] : undefined
  const description = shown.length
    ? `${s.title}: ${s.months.length} months from ${monthName(s.months[0]!)} to ${monthName(s.months.at(-1)!)}; highest in ${monthName(peak!)} with ${Math.max(...shown).toLocaleString('en-GB')} ${s.unit}. The table below lists every month.`
    : `${s.title}: no counts to show.`
  const { fig, plot } = figure(s.title, description)
  container.append(fig)
  const xs = s.months.map((m) => Date.UTC(Number(m.slice(0, 4)), Number(m.slice(5, 7)) - 1, 1) / 1000)
  const chart = new uPlot(
    {
      ...baseOptions(container, 170),
      scales: { x: { time: true }, y: { range: yRange } },
      axes: [axis({ space: 50 }), axis({ size: 50, values: (_u: uPlot, splits: number[]) => splits.map(compact) } as Partial<uPlot.Axis>)],
      series: [{}, { label: s.unit, stroke: SERIES, width: 2, points: { show: true, size: 5, fill: SERIES }, spanGaps: false }],
    },
    [xs, s.values],
    plot,
  )
  fig.append(
    seriesTable(
      s,
      'Month',
      s.months.map((m, i) => [monthName(m), countText(s, s.values[i])]),
    ),
  )
  return () => chart.destroy()
}

/** A bar chart of counts per category (e.g. borough), then the same as a table. */
export function barChart(container: HTMLElement, s: CategorySeries): () => void {
  const shown = s.values.map((v, i) => [s.labels[i]!, v] as const)
  const description = shown.length
    ? `${s.title}: ${shown
        .slice(0, 3)
        .map(([l, v]) => `${l} ${countText(s, v)}`)
        .join(', ')}${shown.length > 3 ? `, and ${shown.length - 3} more in the table below` : ''}.`
    : `${s.title}: no counts to show.`
  const { fig, plot } = figure(s.title, description)
  container.append(fig)
  const xs = s.labels.map((_, i) => i)
  const short = s.labels.map((l) => (l.length > 10 ? `${l.slice(0, 9)}…` : l))
  const chart = new uPlot(
    {
      ...baseOptions(container, 200),
      scales: { x: { time: false, range: [-0.6, Math.max(0.6, xs.length - 0.4)] }, y: { range: yRange } },
      axes: [
        axis({
          values: (_u, splits) => splits.map((i) => (Number.isInteger(i) ? (short[i] ?? '') : '')),
          rotate: -45,
          size: 64,
          space: 14,
          grid: { show: false },
        } as Partial<uPlot.Axis>),
        axis({ size: 50, values: (_u: uPlot, splits: number[]) => splits.map(compact) } as Partial<uPlot.Axis>),
      ],
      series: [{}, { label: s.unit, fill: SERIES, stroke: SERIES, width: 0, paths: uPlot.paths.bars!({ size: [0.7, 40] }), points: { show: false } }],
    },
    [xs, s.values],
    plot,
  )
  fig.append(
    seriesTable(
      s,
      'Borough',
      shown.map(([l, v]) => [l, countText(s, v)]),
    ),
  )
  return () => chart.destroy()
}
