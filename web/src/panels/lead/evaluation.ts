import { ProblemError, type ApiJson } from '../../api.js'
import { api } from '../../http.js'
import { addMonths, isPartialMonth, monthLabel, period } from '../../state/filters.js'
import { field } from '../../ui/fields.js'
import { el } from '../../ui/notices.js'
import { tableDetails } from '../../ui/table.js'
import type { Filters, PanelContext } from '../registry.js'

/** The evaluation as GET /analysis/evaluate answers it (the generated API types). */
type Evaluation = ApiJson<'/api/v1/analysis/evaluate'>

const pct = (x: number | null | undefined) => (typeof x === 'number' ? `${Math.round(x * 1000) / 10} %` : '—')

/** Words for the figures when the answer has no summary of its own. */
function inWords(r: Evaluation, share: number): string {
  if (r.summary) return r.summary
  const hit = typeof r.test?.hitRate === 'number' ? `${pct(r.test.hitRate)} of the test period's referrals fell in them` : 'the hit rate is not known'
  const pai = typeof r.test?.pai === 'number' ? `, ${r.test.pai.toFixed(1)} times what the same area picked at random would catch (PAI)` : ''
  return `The busiest ${pct(share)} of the area in the training period caught ${hit}${pai}.`
}

const SHARES = [
  ['0.01', '1 %'],
  ['0.05', '5 %'],
  ['0.1', '10 %'],
  ['0.2', '20 %'],
] as const

/** The three months before the test month train; the test month is the filters' month, else the period's last. */
function evaluationQuery(f: Filters, share: string) {
  const testMonth = f.month ?? period(f).to
  return {
    trainFrom: addMonths(testMonth, -3),
    trainTo: addMonths(testMonth, -1),
    testFrom: testMonth,
    testTo: testMonth,
    share,
    size: f.hexSize ?? '500',
    programme: f.programme,
    subjectRole: f.subjectRole,
    ageBand: f.ageBand,
  }
}

/** The evaluation in words (warning of a month not over yet), the periods, and the figures as a table. */
function evaluationResult(r: Evaluation, q: ReturnType<typeof evaluationQuery>, words: string, share: number): HTMLElement[] {
  const testMonth = q.testFrom
  const sentence = el(
    'p',
    isPartialMonth(testMonth) ? `${words} The test month is not over yet, so its figures are incomplete: choose a complete month for a fair test.` : words,
    'result-sentence',
  )
  const periods = el('p', `Training: ${monthLabel(q.trainFrom)} to ${monthLabel(q.trainTo)}. Test: ${monthLabel(testMonth)}.`, 'hint')
  return [
    sentence,
    periods,
    tableDetails('Evaluation figures (table)', {
      caption: 'Hot spot evaluation',
      head: ['Measure', 'Value'],
      rows: [
        ['Share of the area chosen', pct(r.hotspots?.areaShare ?? r.share ?? share)],
        ['Hot spot cells', r.hotspots?.cells ?? '—'],
        ['Test referrals in the hot spots (n of N)', r.test ? `${r.test.inHotspots ?? '—'} of ${r.test.total ?? '—'}` : '—'],
        ['Hit rate (n/N)', pct(r.test?.hitRate)],
        ['Predictive accuracy index (PAI)', typeof r.test?.pai === 'number' ? r.test.pai.toFixed(2) : '—'],
        ['Recapture rate index', typeof r.recaptureRate === 'number' ? r.recaptureRate.toFixed(2) : '—'],
      ],
    }),
  ]
}

/**
 * Hotspot evaluation (GET /analysis/evaluate): how well the hotspots of the three months before the
 * period's last month anticipated that month, in plain English first, then the figures.
 */
export function mountEvaluation(body: HTMLElement, ctx: PanelContext): () => void {
  const intro = el(
    'p',
    'Did last quarter’s hot spots anticipate this month? Chooses the busiest share of the map in the three training months and counts how much of the test month fell there.',
    'hint',
  )
  const form = el('form', undefined, 'evaluate-form')
  const share = el('select')
  for (const [v, t] of SHARES) share.append(Object.assign(el('option', t), { value: v }))
  share.value = '0.05'
  const run = el('button', 'Evaluate the hot spots')
  run.type = 'submit'
  run.id = 'evaluate-run'
  form.append(field('evaluate-share', 'Share of the area treated as hot spots', share), run)
  const result = el('div', undefined, 'evaluate-result')
  result.id = 'evaluate-result'
  result.setAttribute('aria-live', 'polite')
  body.append(intro, form, result)

  let controller: AbortController | undefined
  const evaluate = async () => {
    controller?.abort()
    const c = (controller = new AbortController())
    const q = evaluationQuery(ctx.filters.get(), share.value)
    result.replaceChildren(el('p', 'Evaluating…', 'hint'))
    try {
      const r = await api<Evaluation>('/analysis/evaluate', { query: q, signal: c.signal })
      if (c.signal.aborted) return
      const words = inWords(r, Number(share.value))
      result.replaceChildren(...evaluationResult(r, q, words, Number(share.value)))
      ctx.announce(words)
    } catch (e) {
      if (c.signal.aborted || (e as Error).name === 'AbortError') return
      const text =
        e instanceof ProblemError && e.status === 404
          ? 'Hot spot evaluation is not available on this server yet.'
          : `The evaluation could not run: ${e instanceof ProblemError ? e.detail : String(e)}`
      result.replaceChildren(el('p', text, e instanceof ProblemError && e.status === 404 ? 'hint' : 'problem'))
    }
  }
  form.addEventListener('submit', (e) => {
    e.preventDefault()
    void evaluate()
  })
  return () => controller?.abort()
}
