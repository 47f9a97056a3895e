import { el } from '../../ui/notices.js'
import { listReferrals, programmeName, type Referral } from './api.js'
import { points } from './layers.js'
import { caseloadLimit, type Casework } from './state.js'
import { problemText } from './view.js'

const ROLE_NAMES = { at_risk: 'At risk', victim: 'Victim', both: 'Both' } as const

/** The cross-boundary kinds of a referral, in words ('—' for none). */
const crossBoundaryText = (r: Referral) =>
  [
    r.crossBoundary.multiBorough && 'multi-borough',
    r.crossBoundary.fundingMismatch && 'funding mismatch',
    r.crossBoundary.borderZone.length > 0 && 'border zone',
    r.crossBoundary.straddlingAreas.length > 0 && 'straddling area',
  ]
    .filter(Boolean)
    .join(', ') || '—'

function caseloadTable(caseload: Referral[], name: (code: string) => string): HTMLTableElement {
  const table = el('table', undefined, 'data-table')
  table.createCaption().textContent = 'Referrals, newest first'
  const head = table.createTHead().insertRow()
  for (const h of ['Reference', 'Subject role', 'Programme', 'Boroughs', 'Cross-boundary']) head.append(Object.assign(el('th', h), { scope: 'col' }))
  const body = table.createTBody()
  for (const r of caseload.slice(0, 100)) {
    const row = body.insertRow()
    row.insertCell().textContent = r.externalId
    row.insertCell().textContent = ROLE_NAMES[r.subjectRole]
    row.insertCell().textContent = programmeName(r.programme)
    row.insertCell().textContent = r.crossBoundary.boroughs.map(name).join(', ')
    row.insertCell().textContent = crossBoundaryText(r)
  }
  return table
}

/** The caseload's summary line, its dots on the map, its table and the relocation check's choice of referral. */
export function renderCaseload(cw: Casework): void {
  const { caseload } = cw.state
  const n = caseload.length
  const locs = caseload.flatMap((r) => r.locations.map((l) => ({ ...l, label: r.externalId, programme: programmeName(r.programme) })))
  cw.$('#cw-caseload-summary').textContent =
    `${n} referral${n === 1 ? '' : 's'} with ${locs.length} located events on the map${n >= caseloadLimit(cw.ctx) ? ` (the newest ${n})` : ''}.`
  cw.layers.caseload.set(points(locs))
  cw.$('#cw-caseload').replaceChildren(caseloadTable(caseload, cw.name))
  const select = cw.$<HTMLSelectElement>('#cw-reloc-ref')
  select.replaceChildren(...caseload.map((r) => Object.assign(el('option', `${r.externalId} (${programmeName(r.programme)})`), { value: r.id })))
}

export async function loadCaseload(cw: Casework): Promise<void> {
  try {
    cw.state.caseload = (await listReferrals(caseloadLimit(cw.ctx))).items
    renderCaseload(cw)
  } catch (e) {
    cw.$('#cw-caseload-summary').textContent = problemText(e)
  }
}
