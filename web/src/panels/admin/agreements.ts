import { ProblemError } from '../../api.js'
import { api } from '../../http.js'
import { el } from '../../ui/notices.js'
import { dataTable, scrollableTable, scrollBox } from '../../ui/table.js'
import type { PanelContext } from '../registry.js'
import { sendChange, waitingText, type ApprovalRequest } from './approvals.js'
import { boroughSelect, field, input, select, selected, statusLine, when } from './form.js'

interface Agreement {
  id: string
  name: string
  partnerOrganisation: { id: string; name: string }
  boroughs: string[]
  level: 'aggregate' | 'generalised'
  fields: string[]
  k: number
  includeVictims: boolean
  validFrom: string
  validUntil: string
  inForce: boolean
  cellM: number
}
interface Token {
  id: string
  name: string
  createdAt: string
  expiresAt: string
  revokedAt: string | null
}

const FIELDS = ['programme', 'subjectRole', 'ageBand', 'month', 'borough', 'ward', 'kind'] as const
const problem = (e: unknown) => (e instanceof ProblemError ? e.detail : String(e))
const today = () => new Date().toISOString().slice(0, 10)
const inAYear = () => new Date(Date.now() + 365 * 864e5).toISOString().slice(0, 10)

/**
 * Data-sharing agreements (GET/POST /agreements) and their partner API tokens
 * (GET/POST /agreements/{id}/tokens, DELETE …/{tokenId}); a new token is shown once.
 */
export function mountAgreements(body: HTMLElement, ctx: PanelContext): () => void {
  const list = scrollBox('Data-sharing agreements', 'agreements-list')
  const tokens = el('form', undefined, 'admin-form')
  tokens.setAttribute('aria-labelledby', 'tokens-title')
  const create = el('details', undefined, 'admin-form')
  body.append(list, tokens, create)
  let agreements: Agreement[] = []
  const names = (codes: string[]) => codes.map(ctx.areaName).join(', ')

  // Tokens of one agreement.
  const tokensTitle = el('h3', 'Partner API tokens')
  tokensTitle.id = 'tokens-title'
  const which = select('agreement', [])
  const tokenList = scrollBox('Tokens of the chosen agreement', 'tokens-list')
  tokenList.setAttribute('aria-live', 'polite')
  const tokenName = input('text', 'name', true)
  const days = input('number', 'days')
  days.min = '1'
  days.max = '366'
  days.value = '90'
  const issue = Object.assign(el('button', 'Request a token'), { type: 'submit' })
  const tokenStatus = statusLine('tokens-status')
  const secret = el('div', undefined, 'secret')
  secret.id = 'token-secret'
  tokens.append(
    tokensTitle,
    field('tokens-agreement', 'Agreement', which),
    tokenList,
    field('tokens-name', 'Token name', tokenName, 'What it is for, e.g. “QGIS at the youth offending team”.'),
    field('tokens-days', 'Valid for (days)', days),
    issue,
    tokenStatus.node,
    secret,
  )

  const loadTokens = async () => {
    secret.replaceChildren()
    if (!which.value) return tokenList.replaceChildren(el('p', 'No agreement yet.', 'hint'))
    try {
      const items = (await api<{ items: Token[] }>(`/agreements/${which.value}/tokens`)).items
      const table = dataTable({
        caption: `${items.length} tokens of this agreement (the secrets are never shown again)`,
        head: ['Name', 'Issued', 'Expires', 'Status', 'Action'],
        rows: items.map((t) => [
          t.name,
          when(t.createdAt),
          when(t.expiresAt),
          t.revokedAt ? `revoked ${when(t.revokedAt)}` : new Date(t.expiresAt) < new Date() ? 'expired' : 'active',
          '',
        ]),
      })
      items.forEach((t, i) => {
        if (t.revokedAt) return
        const cell = table.tBodies[0]!.rows[i]!.cells[4]!
        const b = Object.assign(el('button', 'Revoke'), { type: 'button' })
        b.setAttribute('aria-label', `Revoke token ${t.name}`)
        b.addEventListener('click', async () => {
          try {
            await api<void>(`/agreements/${which.value}/tokens/${t.id}`, { method: 'DELETE' })
            await loadTokens()
            tokenStatus.ok(`Token “${t.name}” revoked; it no longer works.`)
          } catch (e) {
            tokenStatus.fail(`Not revoked: ${problem(e)}`)
          }
        })
        cell.append(b)
      })
      tokenList.replaceChildren(table)
    } catch (e) {
      tokenList.replaceChildren(el('p', `Tokens could not load: ${problem(e)}`, 'problem'))
    }
  }
  which.addEventListener('change', () => void loadTokens())
  tokens.addEventListener('submit', async (e) => {
    e.preventDefault()
    try {
      const out = await sendChange<ApprovalRequest>(`/agreements/${which.value}/tokens`, 'POST', {
        name: tokenName.value.trim(),
        days: Number(days.value) || 90,
      })
      tokenName.value = ''
      const r = 'pending' in out ? out.pending : out.done
      tokenStatus.ok(`${waitingText(r)} Once approved, fetch the token, once, from the Approvals panel.`)
    } catch (err) {
      tokenStatus.fail(`No token requested: ${problem(err)}`)
    }
  })

  // New agreement.
  const summary = el('summary', 'Make a new agreement (another admin approves it)')
  const form = el('form')
  form.setAttribute('aria-label', 'New data-sharing agreement')
  const name = input('text', 'name', true)
  const partner = input('text', 'partnerOrganisation', true)
  const level = select('level', [
    ['aggregate', 'Aggregate counts only'],
    ['generalised', 'Generalised points and counts'],
  ])
  const cell = select('cellM', [
    ['250', '250 m'],
    ['500', '500 m'],
    ['1000', '1000 m'],
  ])
  const boroughs = boroughSelect('boroughs')
  const fieldset = el('fieldset')
  fieldset.append(el('legend', 'Fields the partner may receive'))
  const boxes = FIELDS.map((f) => {
    const b = input('checkbox', 'fields')
    b.value = f
    b.id = `agreement-field-${f}`
    b.checked = ['programme', 'month', 'borough'].includes(f)
    const l = el('label', f)
    l.htmlFor = b.id
    const row = el('div', undefined, 'toggle')
    row.append(b, l)
    fieldset.append(row)
    return b
  })
  const k = input('number', 'k')
  k.min = '3'
  k.max = '100'
  k.value = String(ctx.k)
  const victims = input('checkbox', 'includeVictims')
  victims.id = 'agreement-victims'
  const victimsRow = el('div', undefined, 'toggle')
  const victimsLabel = el('label', 'Include victims')
  victimsLabel.htmlFor = victims.id
  victimsRow.append(victims, victimsLabel)
  const from = input('date', 'validFrom', true)
  from.value = today()
  const until = input('date', 'validUntil', true)
  until.value = inAYear()
  const createStatus = statusLine('agreements-create-status')
  form.append(
    field('agreement-name', 'Name', name),
    field('agreement-partner', 'Partner organisation', partner, 'Registered if new.'),
    field('agreement-level', 'Level', level),
    field('agreement-cell', 'Cell size', cell, 'Every cell the partner reads: generalised points, hexagons, exports.'),
    field('agreement-boroughs', 'Boroughs', boroughs, 'At least one.'),
    fieldset,
    field('agreement-k', 'Smallest count shown (k)', k),
    victimsRow,
    field('agreement-from', 'In force from', from),
    field('agreement-until', 'Until', until),
    Object.assign(el('button', 'Ask for the agreement'), { type: 'submit' }),
    createStatus.node,
  )
  create.append(summary, form)
  form.addEventListener('submit', async (e) => {
    e.preventDefault()
    try {
      const out = await sendChange<ApprovalRequest>('/agreements', 'POST', {
        name: name.value.trim(),
        partnerOrganisation: partner.value.trim(),
        level: level.value,
        cellM: Number(cell.value),
        boroughs: selected(boroughs),
        fields: boxes.filter((b) => b.checked).map((b) => b.value),
        k: Number(k.value),
        includeVictims: victims.checked,
        validFrom: from.value,
        validUntil: until.value,
      })
      createStatus.ok(waitingText('pending' in out ? out.pending : out.done))
    } catch (err) {
      createStatus.fail(`Not made: ${problem(err)}`)
    }
  })

  const load = async (keep?: string) => {
    try {
      agreements = (await api<{ items: Agreement[] }>('/agreements')).items
    } catch (e) {
      list.replaceChildren(el('p', `Agreements could not load: ${problem(e)}`, 'problem'))
      return
    }
    scrollableTable(
      {
        caption: `${agreements.length} data-sharing agreements`,
        head: ['Agreement', 'Partner', 'Level', 'Cell', 'Boroughs', 'Fields', 'k', 'Valid', 'In force'],
        rows: agreements.map((a) => [
          a.name,
          a.partnerOrganisation.name,
          a.level,
          `${a.cellM} m`,
          names(a.boroughs),
          a.fields.join(', '),
          a.k,
          `${a.validFrom} to ${a.validUntil}`,
          a.inForce ? 'yes' : 'no',
        ]),
      },
      list,
    )
    const current = keep ?? which.value
    which.replaceChildren(...agreements.map((a) => Object.assign(el('option', `${a.name} — ${a.partnerOrganisation.name}`), { value: a.id })))
    if (agreements.some((a) => a.id === current)) which.value = current
    await loadTokens()
  }
  void load()
  return () => {}
}
