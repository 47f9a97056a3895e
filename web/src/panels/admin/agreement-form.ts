import { toggle } from '../../ui/fields.js'
import { el } from '../../ui/notices.js'
import type { PanelContext } from '../registry.js'
import { sendChange, waitingText, type ApprovalRequest } from './approvals.js'
import { boroughSelect, field, input, problem, select, selected, statusLine } from './form.js'

const FIELDS = ['programme', 'subjectRole', 'ageBand', 'month', 'borough', 'ward', 'kind'] as const
const today = () => new Date().toISOString().slice(0, 10)
const inAYear = () => new Date(Date.now() + 365 * 864e5).toISOString().slice(0, 10)

/** A checkbox for each field an agreement may give; programme, month and borough ticked. */
function fieldBoxes(): { fieldset: HTMLFieldSetElement; boxes: HTMLInputElement[] } {
  const fieldset = el('fieldset')
  fieldset.append(el('legend', 'Fields the partner may receive'))
  const boxes = FIELDS.map((f) => {
    const b = input('checkbox', 'fields')
    b.value = f
    b.checked = ['programme', 'month', 'borough'].includes(f)
    fieldset.append(toggle(`agreement-field-${f}`, f, b))
    return b
  })
  return { fieldset, boxes }
}

function victimsToggle(): { row: HTMLElement; victims: HTMLInputElement } {
  const victims = input('checkbox', 'includeVictims')
  return { row: toggle('agreement-victims', 'Include victims', victims), victims }
}

/** The controls of the new-agreement form. */
function agreementControls(ctx: PanelContext) {
  const level = select('level', [
    ['aggregate', 'Aggregate counts only'],
    ['generalised', 'Generalised points and counts'],
  ])
  const cell = select('cellM', [
    ['250', '250 m'],
    ['500', '500 m'],
    ['1000', '1000 m'],
  ])
  const k = input('number', 'k')
  k.min = '3'
  k.max = '100'
  k.value = String(ctx.k)
  const from = input('date', 'validFrom', true)
  from.value = today()
  const until = input('date', 'validUntil', true)
  until.value = inAYear()
  const name = input('text', 'name', true)
  const partner = input('text', 'partnerOrganisation', true)
  return { name, partner, level, cell, boroughs: boroughSelect('boroughs', ctx), ...fieldBoxes(), k, ...victimsToggle(), from, until }
}

/** "Make a new agreement": a request that another admin approves (POST /agreements answers 202). */
export function newAgreementForm(create: HTMLDetailsElement, ctx: PanelContext): void {
  const form = el('form')
  form.setAttribute('aria-label', 'New data-sharing agreement')
  const c = agreementControls(ctx)
  const status = statusLine('agreements-create-status')
  form.append(
    field('agreement-name', 'Name', c.name),
    field('agreement-partner', 'Partner organisation', c.partner, 'Registered if new.'),
    field('agreement-level', 'Level', c.level),
    field('agreement-cell', 'Cell size', c.cell, 'Every cell the partner reads: generalised points, hexagons, exports.'),
    field('agreement-boroughs', 'Boroughs', c.boroughs, 'At least one.'),
    c.fieldset,
    field('agreement-k', 'Smallest count shown (k)', c.k),
    c.row,
    field('agreement-from', 'In force from', c.from),
    field('agreement-until', 'Until', c.until),
    Object.assign(el('button', 'Ask for the agreement'), { type: 'submit' }),
    status.node,
  )
  create.append(el('summary', 'Make a new agreement (another admin approves it)'), form)
  form.addEventListener('submit', async (e) => {
    e.preventDefault()
    try {
      const out = await sendChange<ApprovalRequest>('/agreements', 'POST', {
        name: c.name.value.trim(),
        partnerOrganisation: c.partner.value.trim(),
        level: c.level.value,
        cellM: Number(c.cell.value),
        boroughs: selected(c.boroughs),
        fields: c.boxes.filter((b) => b.checked).map((b) => b.value),
        k: Number(c.k.value),
        includeVictims: c.victims.checked,
        validFrom: c.from.value,
        validUntil: c.until.value,
      })
      status.ok(waitingText('pending' in out ? out.pending : out.done))
    } catch (err) {
      status.fail(`Not made: ${problem(err)}`)
    }
  })
}
