import { fetchBorder, ProblemError } from '../../api.js'
import { api } from '../../http.js'
import { period } from '../../state/filters.js'
import { el } from '../../ui/notices.js'
import type { PanelContext } from '../registry.js'
import { borderZoneLayer, fillBorderChoices } from './border-zone-layer.js'
import { activityResult, borderZoneForm, borderZoneLegend, type BorderActivity } from './border-zone-view.js'

/**
 * Border-zone activity for one pair of boroughs: the zone within D metres of their shared border on
 * the map, and the referrals on each side per month (GET /analysis/border-activity) in words and as
 * a table. Brent | Westminster is chosen first.
 */
export function mountBorderZone(body: HTMLElement, ctx: PanelContext): () => void {
  const { filters } = ctx
  const { form, pair, distance, show } = borderZoneForm(ctx.limits.borderZoneM)
  const legend = el('div')
  const result = el('div', undefined, 'border-result')
  result.setAttribute('aria-live', 'polite')
  result.id = 'border-zone-result'
  body.append(form, legend, result)
  const layer = borderZoneLayer(ctx)
  fillBorderChoices(ctx, pair)
  const chosenPair = () => pair.value.split(',') as [string, string]
  const showLegend = ([a, b]: [string, string], d: number) =>
    ctx.tools.setLegend('border-zone', 'Border zone', show.checked ? borderZoneLegend([ctx.areaName(a), ctx.areaName(b)], d) : null)

  let controller: AbortController | undefined
  const load = async () => {
    controller?.abort()
    const c = (controller = new AbortController())
    const [a, b] = chosenPair()
    const d = Math.min(2000, Math.max(1, Math.round(Number(distance.value) || ctx.limits.borderZoneM)))
    layer.distance = d
    layer.setVisible(show.checked)
    const span = period(filters.get())
    result.replaceChildren(el('p', 'Loading…', 'hint'))
    try {
      const [border, activity, sides] = await Promise.all([
        fetchBorder(a, b, c.signal),
        api<BorderActivity>('/analysis/border-activity', { query: { between: `${a},${b}`, distance: d, from: span.from, to: span.to }, signal: c.signal }),
        layer.sides([a, b], d, c.signal),
      ])
      if (c.signal.aborted) return
      layer.draw(sides)
      showLegend([a, b], d)
      const out = activityResult(activity, [a, b], d, border.properties.lengthM, span, activity.k ?? ctx.k, ctx.areaName)
      result.replaceChildren(...out.nodes)
      ctx.announce(out.sentence)
    } catch (e) {
      if (c.signal.aborted || (e as Error).name === 'AbortError') return
      result.replaceChildren(el('p', e instanceof ProblemError ? e.detail : String(e), 'problem'))
    }
  }
  pair.addEventListener('change', () => void load())
  distance.addEventListener('change', () => void load())
  show.addEventListener('change', () => {
    layer.setVisible(show.checked)
    showLegend(chosenPair(), layer.distance)
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
    layer.remove()
  }
}
