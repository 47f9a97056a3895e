import type { ApiJson } from '../../api.js'
import { api } from '../../http.js'
import { el } from '../../ui/notices.js'
import { dataTable, scrollBox } from '../../ui/table.js'
import { sendChange, waitingText, type ApprovalRequest } from './approvals.js'
import { field, input, problem, select, statusLine, when } from './form.js'

type Token = ApiJson<'/api/v1/agreements/{id}/tokens'>['items'][number]

/** The tokens section: the agreement chosen, its tokens (each revocable) and the request for a new one. */
export function tokensSection() {
  const form = el('form', undefined, 'admin-form')
  form.setAttribute('aria-labelledby', 'tokens-title')
  const title = el('h3', 'Partner API tokens')
  title.id = 'tokens-title'
  const which = select('agreement', [])
  const list = scrollBox('Tokens of the chosen agreement', 'tokens-list')
  list.setAttribute('aria-live', 'polite')
  const name = input('text', 'name', true)
  const days = input('number', 'days')
  days.min = '1'
  days.max = '366'
  days.value = '90'
  const issue = Object.assign(el('button', 'Request a token'), { type: 'submit' })
  const status = statusLine('tokens-status')
  const secret = el('div', undefined, 'secret')
  secret.id = 'token-secret'
  form.append(
    title,
    field('tokens-agreement', 'Agreement', which),
    list,
    field('tokens-name', 'Token name', name, 'What it is for, e.g. “QGIS at the youth offending team”.'),
    field('tokens-days', 'Valid for (days)', days),
    issue,
    status.node,
    secret,
  )
  return { form, which, list, name, days, status, secret }
}
export type TokensSection = ReturnType<typeof tokensSection>

function tokensTable(t: TokensSection, items: Token[]): HTMLTableElement {
  const table = dataTable({
    caption: `${items.length} tokens of this agreement (the secrets are never shown again)`,
    head: ['Name', 'Issued', 'Expires', 'Status', 'Action'],
    rows: items.map((x) => [
      x.name,
      when(x.createdAt),
      when(x.expiresAt),
      x.revokedAt ? `revoked ${when(x.revokedAt)}` : new Date(x.expiresAt) < new Date() ? 'expired' : 'active',
      '',
    ]),
  })
  items.forEach((x, i) => {
    if (x.revokedAt) return
    const cell = table.tBodies[0]!.rows[i]!.cells[4]!
    const b = Object.assign(el('button', 'Revoke'), { type: 'button' })
    b.setAttribute('aria-label', `Revoke token ${x.name}`)
    b.addEventListener('click', async () => {
      try {
        await api<void>(`/agreements/${t.which.value}/tokens/${x.id}`, { method: 'DELETE' })
        await loadTokens(t)
        t.status.ok(`Token “${x.name}” revoked; it no longer works.`)
      } catch (e) {
        t.status.fail(`Not revoked: ${problem(e)}`)
      }
    })
    cell.append(b)
  })
  return table
}

/** The chosen agreement's tokens. */
export async function loadTokens(t: TokensSection): Promise<void> {
  t.secret.replaceChildren()
  if (!t.which.value) return t.list.replaceChildren(el('p', 'No agreement yet.', 'hint'))
  try {
    const items = (await api<{ items: Token[] }>(`/agreements/${t.which.value}/tokens`)).items
    t.list.replaceChildren(tokensTable(t, items))
  } catch (e) {
    t.list.replaceChildren(el('p', `Tokens could not load: ${problem(e)}`, 'problem'))
  }
}

export function wireTokens(t: TokensSection): void {
  t.which.addEventListener('change', () => void loadTokens(t))
  t.form.addEventListener('submit', async (e) => {
    e.preventDefault()
    try {
      const out = await sendChange<ApprovalRequest>(`/agreements/${t.which.value}/tokens`, 'POST', {
        name: t.name.value.trim(),
        days: Number(t.days.value) || 90,
      })
      t.name.value = ''
      const r = 'pending' in out ? out.pending : out.done
      t.status.ok(`${waitingText(r)} Once approved, fetch the token, once, from the Approvals panel.`)
    } catch (err) {
      t.status.fail(`No token requested: ${problem(err)}`)
    }
  })
}
