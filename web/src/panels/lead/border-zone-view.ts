import { FIRST_VIEW } from '../../../../server/analysis-data/first-view.js'
import type { ApiJson } from '../../api.js'
import { legendList, legendRow } from '../../layers/overlay.js'
import { BORDER_ZONE } from '../../layers/palette.js'
import { monthLabel } from '../../state/filters.js'
import { field, toggle } from '../../ui/fields.js'
import { el } from '../../ui/notices.js'
import { tableDetails } from '../../ui/table.js'

/** The border shown first, Brent | Westminster (server/analysis-data/first-view.ts). */
export const BRENT_WESTMINSTER = FIRST_VIEW.border
export type Disclosed = { count: number | null; suppressed: boolean }
/** The border-zone activity as the API answers it (the generated API types). */
export type BorderActivity = ApiJson<'/api/v1/analysis/border-activity'>

/** The border-zone form: the pair of boroughs (Brent | Westminster until the borders load), the distance, showing the zone. */
export function borderZoneForm(distanceM: number) {
  const form = el('form', undefined, 'border-form')
  form.addEventListener('submit', (e) => e.preventDefault())
  const pair = el('select')
  const fallback = el('option', 'Brent | Westminster')
  fallback.value = BRENT_WESTMINSTER
  pair.append(fallback)
  const distance = el('input')
  distance.type = 'number'
  distance.min = '50'
  distance.max = '2000'
  distance.step = '50'
  distance.value = String(distanceM)
  const show = el('input')
  form.append(
    field('border-pair', 'Border', pair),
    field('border-distance', 'Distance from the border (metres)', distance),
    toggle('border-zone-show', 'Show the zone on the map', show),
  )
  show.checked = true
  return { form, pair, distance, show }
}

export const borderZoneLegend = (names: [string, string], d: number) =>
  legendList('Border zone', [
    legendRow('fill', BORDER_ZONE.fill, `${names[0]} side, within ${d} m of the border`),
    legendRow('fill', BORDER_ZONE.other, `${names[1]} side, within ${d} m of the border`),
  ])

/** The activity near a border in words, and by month and side as a table. */
export function activityResult(
  activity: BorderActivity,
  pair: [string, string],
  d: number,
  lengthM: number,
  span: { from: string; to: string },
  k: number,
  areaName: (code: string) => string,
): { sentence: string; nodes: HTMLElement[] } {
  const [a, b] = pair
  const { from, to } = span
  const value = (x: Disclosed) => (x.count === null ? `fewer than ${k}` : x.count.toLocaleString('en-GB'))
  const names = [areaName(a), areaName(b)]
  const sides = activity.totals.sides.map((s) => `${value(s)} on the ${areaName(s.side)} side`).join(' and ')
  const sentence = `Within ${d} m of the ${names.join(' | ')} border (${(lengthM / 1000).toFixed(1)} km long), ${monthLabel(from)}${from === to ? '' : ` to ${monthLabel(to)}`}: ${sides || 'no referrals'}.`
  const months = [...new Set(activity.rows.map((r) => r.month))].sort()
  const cell = (month: string, side: string) => activity.rows.find((r) => r.month === month && r.side === side)
  const table = tableDetails('Border-zone activity by month (table)', {
    caption: `Referrals within ${d} m of the ${names.join(' | ')} border, by month and side`,
    head: ['Month', ...[a, b].map((s) => `${areaName(s)} side`)],
    rows: months.map((m) => [
      monthLabel(m),
      ...[a, b].map((s) => {
        const r = cell(m, s)
        return r ? value(r) : '0'
      }),
    ]),
  })
  return { sentence, nodes: [el('p', sentence, 'result-sentence'), table] }
}
