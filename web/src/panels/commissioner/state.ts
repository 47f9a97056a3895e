import { ProblemError } from '../../api.js'
import { aborted, supersede } from '../../http.js'
import { el } from '../../ui/notices.js'
import { scrollableTable } from '../../ui/table.js'
import type { PanelContext } from '../registry.js'
import { areasOf, counts, flows, type Flows, type Period } from './api.js'
import { shareBars } from './bars.js'

export const problemText = (e: unknown) => (e instanceof ProblemError ? `${e.title}: ${e.detail}` : e instanceof Error ? e.message : String(e))
export const pct = (v: number) => `${(v * 100).toFixed(1)} %`
export type Geography = 'borough' | 'ward'

/**
 * The funding panel while mounted (either view): its root, the cancellers of superseded requests,
 * the chart on show and the number of the latest counts request. Created by the mount.
 */
export interface FundingPanel {
  ctx: PanelContext
  root: HTMLElement
  $<T extends HTMLElement>(sel: string): T
  // A newer period or choice cancels the request it supersedes.
  next: { funding(): AbortSignal; counts(): AbortSignal; flows(): AbortSignal }
  destroyChart: (() => void) | null
  seq: number
}

export function createFundingPanel(root: HTMLElement, ctx: PanelContext): FundingPanel {
  return {
    ctx,
    root,
    $: <T extends HTMLElement>(sel: string) => root.querySelector<T>(sel)!,
    next: { funding: supersede(), counts: supersede(), flows: supersede() },
    destroyChart: null,
    seq: 0,
  }
}

export const geography = (panel: FundingPanel) => panel.$<HTMLSelectElement>('#cm-geo').value as Geography

/** The share chart under the funding table (replacing the last), summarised by its three largest shares. */
export function showShares(panel: FundingPanel, rows: { borough: { name: string }; share: number | null }[], words: string, caption?: string): void {
  panel.destroyChart?.()
  const top = [...rows].filter((x) => x.share !== null).sort((a, b) => b.share! - a.share!)
  const summary = top.length
    ? `${words}: ${top
        .slice(0, 3)
        .map((x) => `${x.borough.name} ${pct(x.share!)}`)
        .join(', ')}. The table lists every borough.`
    : 'No shares to show.'
  panel.destroyChart = rows.length
    ? shareBars(
        panel.$('#cm-chart'),
        rows.map((x) => x.borough.name),
        rows.map((x) => x.share),
        summary,
        caption,
      )
    : null
}

type Counts = Awaited<ReturnType<typeof counts>>
type Areas = Awaited<ReturnType<typeof areasOf>>

/** Fetches the counts by area and the areas, and hands both to `render` unless a newer request came since. */
export async function loadCounts(panel: FundingPanel, p: Period, geo: Geography, render: (c: Counts, areas: Areas) => void): Promise<void> {
  const mine = ++panel.seq
  panel.$('#cm-counts-summary').textContent = 'Loading…'
  try {
    const [c, areas] = await Promise.all([counts(p, geo, panel.next.counts()), areasOf(geo)])
    if (mine !== panel.seq) return
    render(c, areas)
  } catch (e) {
    if (aborted(e)) return
    if (mine === panel.seq) panel.$('#cm-counts-summary').textContent = problemText(e)
  }
}

type FlowCell = Flows['matrix']['cells'][number]

/** The flows between boroughs as a table, largest first; `keep` picks the cells, `count` says a cell's count. */
export async function loadFlows(
  panel: FundingPanel,
  p: Period,
  opts: {
    keep(c: FlowCell): boolean
    count(c: FlowCell): string | number
    caption(): string
    failure(e: unknown): string
    /** Called with every answer, then (`shown`) once a table of it is on the page. */
    answered?(f: Flows): void
    shown?(f: Flows): void
  },
): Promise<void> {
  const out = panel.$('#cm-flows')
  try {
    const f = await flows(p, panel.next.flows())
    opts.answered?.(f)
    const name = new Map(f.boroughs.map((b) => [b.code, b.name]))
    const cells = f.matrix.cells.filter((c) => c.origin !== c.destination && opts.keep(c))
    if (!cells.length) return void out.replaceChildren(el('p', 'No flows between boroughs in this period.', 'hint'))
    cells.sort((a, b) => (b.count ?? 0) - (a.count ?? 0))
    scrollableTable(
      {
        caption: opts.caption(),
        head: ['From (home)', 'To (incident)', 'Referrals'],
        rows: cells.map((c) => [name.get(c.origin) ?? c.origin, name.get(c.destination) ?? c.destination, opts.count(c)]),
      },
      out,
    )
    opts.shown?.(f)
  } catch (e) {
    if (aborted(e)) return
    out.replaceChildren(el('p', opts.failure(e), 'hint'))
  }
}
