import type { Filters } from '../panels/registry.js'
import { defaultFilters } from '../state/filters.js'
import type { Store } from '../state/store.js'
import { el } from './notices.js'

type Option = [value: string, label: string]

export const PROGRAMMES: Option[] = [
  ['', 'All programmes'],
  ['mentoring', 'Mentoring'],
  ['family-support', 'Family support'],
  ['relocation', 'Relocation'],
]
export const SUBJECT_ROLES: Option[] = [
  ['', 'Everyone'],
  ['at_risk', 'At risk'],
  ['victim', 'Victim'],
  ['both', 'At risk and victim'],
]
export const AGE_BANDS: Option[] = [
  ['', 'All ages'],
  ['10-13', '10–13'],
  ['14-15', '14–15'],
  ['16-17', '16–17'],
  ['18-20', '18–20'],
  ['21-24', '21–24'],
]
export const CROSS_BOUNDARY: Option[] = [
  ['', 'Any'],
  ['crossBorderHotspot', 'Cross-border hot spots only'],
  ['multiBorough', 'Multi-borough referrals (flows between boroughs)'],
  ['borderZone', 'Border-zone activity'],
]

function select(id: string, label: string, options: Option[], value: string | undefined, onChange: (v: string | undefined) => void): HTMLElement {
  const row = el('div', undefined, 'field')
  const l = el('label', label)
  l.htmlFor = id
  const s = el('select')
  s.id = id
  for (const [v, text] of options) {
    const o = el('option', text)
    o.value = v
    s.append(o)
  }
  s.value = value ?? ''
  s.addEventListener('change', () => onChange(s.value || undefined))
  row.append(l, s)
  return row
}

function monthInput(id: string, label: string, value: string | undefined, onChange: (v: string) => void): HTMLElement {
  const row = el('div', undefined, 'field')
  const l = el('label', label)
  l.htmlFor = id
  const input = el('input')
  input.type = 'month'
  input.id = id
  input.value = value ?? ''
  input.addEventListener('change', () => /^\d{4}-\d{2}$/.test(input.value) && onChange(input.value))
  row.append(l, input)
  return row
}

/**
 * The filters every analysis layer and figure reads: period, programme, subject role, age band and
 * cross-boundary kind. Changes go to the filters store (and so to the URL hash).
 */
export function renderFiltersForm(container: HTMLElement, filters: Store<Filters>): () => void {
  const form = el('form', undefined, 'filters')
  form.setAttribute('aria-label', 'Filters')
  form.addEventListener('submit', (e) => e.preventDefault())
  const d = defaultFilters()
  const build = () => {
    const f = filters.get()
    const period = el('fieldset', undefined, 'period')
    period.append(
      el('legend', 'Period (whole months)'),
      monthInput('filter-from', 'From', f.from ?? d.from, (v) =>
        filters.set({ from: v, month: undefined, ...(v > (filters.get().to ?? d.to!) ? { to: v } : {}) }),
      ),
      monthInput('filter-to', 'To', f.to ?? d.to, (v) => filters.set({ to: v, month: undefined, ...(v < (filters.get().from ?? d.from!) ? { from: v } : {}) })),
    )
    form.replaceChildren(
      period,
      select('filter-programme', 'Programme', PROGRAMMES, f.programme, (v) => filters.set({ programme: v })),
      select('filter-subject-role', 'Subject role', SUBJECT_ROLES, f.subjectRole, (v) => filters.set({ subjectRole: v })),
      select('filter-age-band', 'Age band', AGE_BANDS, f.ageBand, (v) => filters.set({ ageBand: v })),
      select('filter-cross-boundary', 'Cross-boundary kind', CROSS_BOUNDARY, f.crossBoundary, (v) => filters.set({ crossBoundary: v })),
    )
  }
  build()
  container.append(form)
  // Rebuild only when a value changed from elsewhere (a pasted link), never under the user's hands.
  const unsubscribe = filters.subscribe((f, prev) => {
    const keys = ['from', 'to', 'programme', 'subjectRole', 'ageBand', 'crossBoundary'] as const
    if (keys.some((k) => f[k] !== prev[k]) && !form.contains(document.activeElement)) build()
  })
  return unsubscribe
}
