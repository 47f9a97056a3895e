import type { FeatureCollection } from 'geojson'
import type { GeoJSONSource } from 'maplibre-gl'
import { fetchBorder, ProblemError } from '../../api.js'
import { api } from '../../http.js'
import { BORDER_ZONE_BEFORE, BORDER_ZONE_LAYERS, BORDER_ZONE_SOURCE, borderZoneLayers, borderZoneSides } from '../../layers/border-zone.js'
import { addOverlay, legendList, legendRow, removeOverlay, setOverlayData, setOverlayVisible } from '../../layers/overlay.js'
import { BORDER_ZONE } from '../../layers/palette.js'
import { monthLabel, period } from '../../state/filters.js'
import { el } from '../../ui/notices.js'
import { tableDetails } from '../../ui/table.js'
import type { PanelContext } from '../registry.js'

const BRENT_WESTMINSTER = 'E09000005,E09000033'
type Disclosed = { count: number | null; suppressed: boolean }
interface BorderActivity {
  between: [string, string]
  distanceM: number
  k: number | null
  rows: ({ month: string; side: string } & Disclosed)[]
  totals: Disclosed & { sides: ({ side: string } & Disclosed)[]; months: ({ month: string } & Disclosed)[] }
}

/**
 * Border-zone activity for one pair of boroughs: the zone within D metres of their shared border on
 * the map, and the referrals on each side per month (GET /analysis/border-activity) in words and as
 * a table. Brent | Westminster is chosen first.
 */
export function mountBorderZone(body: HTMLElement, ctx: PanelContext): () => void {
  const { map, filters } = ctx
  const form = el('form', undefined, 'border-form')
  form.addEventListener('submit', (e) => e.preventDefault())
  const pairRow = el('div', undefined, 'field')
  const pairLabel = el('label', 'Border')
  pairLabel.htmlFor = 'border-pair'
  const pair = el('select')
  pair.id = 'border-pair'
  const fallback = el('option', 'Brent | Westminster')
  fallback.value = BRENT_WESTMINSTER
  pair.append(fallback)
  pairRow.append(pairLabel, pair)
  const distRow = el('div', undefined, 'field')
  const distLabel = el('label', 'Distance from the border (metres)')
  distLabel.htmlFor = 'border-distance'
  const distance = el('input')
  distance.id = 'border-distance'
  distance.type = 'number'
  distance.min = '50'
  distance.max = '2000'
  distance.step = '50'
  distance.value = String(ctx.limits.borderZoneM)
  distRow.append(distLabel, distance)
  const showRow = el('div', undefined, 'toggle')
  const show = el('input')
  show.type = 'checkbox'
  show.id = 'border-zone-show'
  show.checked = true
  const showLabel = el('label', 'Show the zone on the map')
  showLabel.htmlFor = show.id
  showRow.append(show, showLabel)
  form.append(pairRow, distRow, showRow)
  const legendFor = (a: string, b: string, d: number) =>
    legendList('Border zone', [
      legendRow('fill', BORDER_ZONE.fill, `${ctx.areaName(a)} side, within ${d} m of the border`),
      legendRow('fill', BORDER_ZONE.other, `${ctx.areaName(b)} side, within ${d} m of the border`),
    ])
  const legend = el('div')
  const result = el('div', undefined, 'border-result')
  result.setAttribute('aria-live', 'polite')
  result.id = 'border-zone-result'
  body.append(form, legend, result)

  addOverlay(map, BORDER_ZONE_SOURCE, borderZoneLayers(), BORDER_ZONE_BEFORE)
  // The boroughs' shapes, read once from the base map, to cut the zone into its two sides.
  let boroughShapes: Promise<FeatureCollection> | undefined
  const shapes = () => (boroughShapes ??= map.getSource<GeoJSONSource>('boroughs')!.getData() as Promise<FeatureCollection>)
  const stopIdentify = ctx.tools.identify('borderzone-band', (f) => ({ title: String(f.properties.label), lines: [`Within ${lastDistance} m of the border`] }))
  let lastDistance = ctx.limits.borderZoneM

  // Every shared border, by name, from the base map's borders source.
  void map
    .getSource<GeoJSONSource>('borders')
    ?.getData()
    .then((data) => {
      const options = (data as FeatureCollection).features
        .map((f) => f.properties as { between: [string, string]; names: [string, string] })
        .filter((p) => p?.between && p.names)
        .map((p) => ({ value: p.between.join(','), text: p.names.join(' | ') }))
        .sort((a, b) => a.text.localeCompare(b.text))
      if (!options.length) return
      const chosen = pair.value
      pair.replaceChildren(...options.map((o) => Object.assign(el('option', o.text), { value: o.value })))
      pair.value = options.some((o) => o.value === chosen) ? chosen : BRENT_WESTMINSTER
    })
    .catch(() => {
      /* the fallback option stays */
    })

  let controller: AbortController | undefined
  const load = async () => {
    controller?.abort()
    const c = (controller = new AbortController())
    const [a, b] = pair.value.split(',') as [string, string]
    const d = Math.min(2000, Math.max(1, Math.round(Number(distance.value) || ctx.limits.borderZoneM)))
    lastDistance = d
    setOverlayVisible(map, [...BORDER_ZONE_LAYERS], show.checked)
    const { from, to } = period(filters.get())
    result.replaceChildren(el('p', 'Loading…', 'hint'))
    try {
      const [border, activity, boroughs] = await Promise.all([
        fetchBorder(a, b),
        api<BorderActivity>('/analysis/border-activity', { query: { between: `${a},${b}`, distance: d, from, to }, signal: c.signal }),
        shapes(),
      ])
      if (c.signal.aborted) return
      const side = (code: string) => boroughs.features.find((f) => f.properties?.code === code) as Parameters<typeof borderZoneSides>[2][number]
      setOverlayData(map, BORDER_ZONE_SOURCE, borderZoneSides(border, d, [side(a), side(b)].filter(Boolean)))
      ctx.tools.setLegend('border-zone', 'Border zone', show.checked ? legendFor(a, b, d) : null)
      const k = activity.k ?? ctx.k
      const value = (x: Disclosed) => (x.count === null ? `fewer than ${k}` : x.count.toLocaleString('en-GB'))
      const names = [ctx.areaName(a), ctx.areaName(b)]
      const sides = activity.totals.sides.map((s) => `${value(s)} on the ${ctx.areaName(s.side)} side`).join(' and ')
      const sentence = `Within ${d} m of the ${names.join(' | ')} border (${(border.properties.lengthM / 1000).toFixed(1)} km long), ${monthLabel(from)}${from === to ? '' : ` to ${monthLabel(to)}`}: ${sides || 'no referrals'}.`
      const months = [...new Set(activity.rows.map((r) => r.month))].sort()
      const cell = (month: string, side: string) => activity.rows.find((r) => r.month === month && r.side === side)
      result.replaceChildren(
        el('p', sentence, 'result-sentence'),
        tableDetails('Border-zone activity by month (table)', {
          caption: `Referrals within ${d} m of the ${names.join(' | ')} border, by month and side`,
          head: ['Month', ...[a, b].map((s) => `${ctx.areaName(s)} side`)],
          rows: months.map((m) => [
            monthLabel(m),
            ...[a, b].map((s) => {
              const r = cell(m, s)
              return r ? value(r) : '0'
            }),
          ]),
        }),
      )
      ctx.announce(sentence)
    } catch (e) {
      if (c.signal.aborted || (e as Error).name === 'AbortError') return
      result.replaceChildren(el('p', e instanceof ProblemError ? e.detail : String(e), 'problem'))
    }
  }
  pair.addEventListener('change', () => void load())
  distance.addEventListener('change', () => void load())
  show.addEventListener('change', () => {
    setOverlayVisible(map, [...BORDER_ZONE_LAYERS], show.checked)
    const [a, b] = pair.value.split(',') as [string, string]
    ctx.tools.setLegend('border-zone', 'Border zone', show.checked ? legendFor(a, b, lastDistance) : null)
  })
  const unsubscribe = filters.subscribe((f, prev) => {
    const a = period(f),
      b = period(prev)
    if (a.from !== b.from || a.to !== b.to) void load()
  })
  void load()
  return () => {
    unsubscribe()
    controller?.abort()
    stopIdentify()
    ctx.tools.setLegend('border-zone', '', null)
    removeOverlay(map, BORDER_ZONE_SOURCE, [...BORDER_ZONE_LAYERS])
  }
}
