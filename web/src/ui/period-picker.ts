import { defaultFixedPeriod, fixedPeriodOptions, parsePeriodValue, periodValue, type FixedPeriod, type FixedPeriodBounds } from '../state/fixed-periods.js'
import { el } from './notices.js'

export interface PeriodPicker {
  /** The labelled field (label, select and a hint), to place in a form. */
  field: HTMLDivElement
  select: HTMLSelectElement
  /** The chosen period (always a fixed one); null only when no period has ended within the bounds. */
  get(): FixedPeriod | null
}

const GROUPS: [keyof ReturnType<typeof fixedPeriodOptions>, string][] = [
  ['financial-year', 'Financial years (April to March)'],
  ['quarter', 'Calendar quarters'],
  ['month', 'Single months'],
]

/**
 * A select of fixed periods — financial years, calendar quarters and single months that have ended —
 * the only periods the server gives an aggregate reader (see state/fixed-periods.ts). `wanted` (a
 * shared link's from/to) is chosen when it is a fixed period, else the last complete quarter.
 */
export function periodPicker(
  id: string,
  options: { bounds?: FixedPeriodBounds; wanted?: { from?: string; to?: string }; now?: Date; label?: string } = {},
): PeriodPicker {
  const now = options.now ?? new Date()
  const groups = fixedPeriodOptions(now, options.bounds)
  const chosen = defaultFixedPeriod(groups, now, options.wanted)
  const field = el('div', undefined, 'field')
  const label = el('label', options.label ?? 'Period')
  label.htmlFor = id
  const select = el('select')
  select.id = id
  const hintId = `${id}-hint`
  select.setAttribute('aria-describedby', hintId)
  const hint = el('p', 'Figures are published for whole months, calendar quarters and financial years only.', 'hint')
  hint.id = hintId
  for (const [kind, title] of GROUPS) {
    const list = groups[kind]
    // A linked period that is no longer (or not yet) on offer is still shown, in its own group.
    if (chosen && chosen.kind === kind && !list.some((p) => periodValue(p) === periodValue(chosen))) list.unshift(chosen)
    if (!list.length) continue
    const group = el('optgroup')
    group.label = title
    for (const p of list) group.append(Object.assign(el('option', p.label), { value: periodValue(p) }))
    select.append(group)
  }
  if (chosen) select.value = periodValue(chosen)
  field.append(label, select, hint)
  return { field, select, get: () => parsePeriodValue(select.value) }
}
