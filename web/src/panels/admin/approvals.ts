import { ProblemError } from '../../api.js'
import { api, apiResponse } from '../../http.js'
import { el } from '../../ui/notices.js'
import { dataTable, scrollBox } from '../../ui/table.js'
import type { PanelContext } from '../registry.js'
import { statusLine, when } from './form.js'

/** An approval request as GET /approvals lists it (server/admin/admin.schemas.ts ApprovalRequest). */
export interface ApprovalRequest {
  id: string
  kind: 'user.create' | 'user.change' | 'agreement.create' | 'agreement.change' | 'token.create'
  status: 'pending' | 'approved' | 'rejected' | 'withdrawn'
  summary: string
  targetId: string | null
  requestedBy: { id: string; displayName: string }
  requestedAt: string
  decidedBy: { id: string; displayName: string } | null
  decidedAt: string | null
  reason: string | null
  resultId: string | null
  mine: boolean
  tokenRevealed: boolean | null
}

/** Fired on window when a panel made a request, so the approvals list reloads. */
export const APPROVALS_CHANGED = 'crossborough:approvals-changed'
export const approvalsChanged = () => window.dispatchEvent(new Event(APPROVALS_CHANGED))

/**
 * A change the API answered 202 to is waiting for a second admin: the sentence to show. Returns
 * the request when the answer was one, else the parsed body.
 */
export async function sendChange<T>(path: string, method: 'POST' | 'PATCH', body: unknown): Promise<{ pending: ApprovalRequest } | { done: T }> {
  const res = await apiResponse(path, { method, body })
  const json = (await res.json()) as unknown
  if (res.status === 202) {
    approvalsChanged()
    return { pending: json as ApprovalRequest }
  }
  return { done: json as T }
}

export const waitingText = (r: ApprovalRequest) =>
  `Waiting for approval: “${r.summary}”. Another admin of your organisation must approve it (Approvals panel); nothing has changed yet.`

const problem = (e: unknown) => (e instanceof ProblemError ? e.detail : String(e))
const STATUS: Record<ApprovalRequest['status'], string> = { pending: 'waiting', approved: 'approved', rejected: 'rejected', withdrawn: 'withdrawn' }

/**
 * Approval requests of the organisation (GET /approvals): another admin's pending request can be
 * approved or rejected (never one's own, which can be withdrawn); an approved token is fetched,
 * once, by the admin who asked for it.
 */
export function mountApprovals(body: HTMLElement, _ctx: PanelContext): () => void {
  const intro = el(
    'p',
    'Granting a casework or admin role, widening a borough scope, making or widening a data-sharing agreement and issuing a partner token each need a second admin: one asks, another approves. Nobody approves their own request.',
    'hint',
  )
  const list = scrollBox('Approval requests', 'approvals-list')
  list.setAttribute('aria-live', 'polite')
  const status = statusLine('approvals-status')
  const secret = el('div', undefined, 'secret')
  secret.id = 'approval-token-secret'
  const showAll = Object.assign(el('input'), { type: 'checkbox', id: 'approvals-all' })
  const showAllLabel = el('label', 'Show decided requests too')
  showAllLabel.htmlFor = showAll.id
  const toggle = el('div', undefined, 'toggle')
  toggle.append(showAll, showAllLabel)
  body.append(intro, toggle, list, status.node, secret)

  const button = (text: string, label: string, onClick: () => Promise<void>) => {
    const b = Object.assign(el('button', text), { type: 'button' })
    b.setAttribute('aria-label', label)
    b.addEventListener('click', () => {
      b.disabled = true
      void onClick().finally(() => {
        b.disabled = false
      })
    })
    return b
  }

  const decide = async (r: ApprovalRequest, action: 'approve' | 'reject' | 'withdraw') => {
    try {
      const reason = action === 'reject' ? (window.prompt(`Why reject “${r.summary}”? (optional)`) ?? '') : undefined
      const done = await api<ApprovalRequest>(`/approvals/${r.id}/${action}`, { method: 'POST', body: action === 'reject' ? { reason } : undefined })
      status.ok(`${action === 'approve' ? 'Approved and applied' : action === 'reject' ? 'Rejected' : 'Withdrawn'}: ${done.summary}.`)
      await load()
    } catch (e) {
      status.fail(`Not done: ${problem(e)}`)
    }
  }

  const fetchToken = async (r: ApprovalRequest) => {
    try {
      const t = await api<{ name: string; token: string; expiresAt: string }>(`/approvals/${r.id}/token`, { method: 'POST' })
      const code = el('code', t.token)
      code.id = 'approval-token-value'
      const copy = Object.assign(el('button', 'Copy token'), { type: 'button' })
      copy.addEventListener(
        'click',
        () =>
          void navigator.clipboard?.writeText(t.token).then(
            () => status.ok('Copied to the clipboard.'),
            () => status.fail('Copy failed; select the token and copy it by hand.'),
          ),
      )
      secret.replaceChildren(
        el(
          'p',
          `This is the only time the token “${t.name}” is shown, and fetching it was recorded in the audit log. Give it to the partner now; only its hash is kept. It expires ${when(t.expiresAt)}.`,
          'warning',
        ),
        code,
        copy,
      )
      status.ok(`Token “${t.name}” fetched.`)
      await load()
    } catch (e) {
      status.fail(`No token: ${problem(e)}`)
    }
  }

  const load = async () => {
    let items: ApprovalRequest[]
    try {
      items = (await api<{ items: ApprovalRequest[] }>('/approvals', { query: { status: showAll.checked ? undefined : 'pending' } })).items
      if (!showAll.checked) {
        // Approved tokens of mine still to fetch are listed too.
        const approved = (await api<{ items: ApprovalRequest[] }>('/approvals', { query: { status: 'approved' } })).items
        items = [...items, ...approved.filter((r) => r.mine && r.kind === 'token.create' && r.tokenRevealed === false)]
      }
    } catch (e) {
      list.replaceChildren(el('p', `Approval requests could not load: ${problem(e)}`, 'problem'))
      return
    }
    if (!items.length) {
      list.replaceChildren(el('p', showAll.checked ? 'No approval requests yet.' : 'Nothing is waiting for approval.', 'hint'))
      return
    }
    const table = dataTable({
      caption: `${items.length} approval requests${showAll.checked ? '' : ' waiting or ready'}`,
      head: ['Request', 'Asked by', 'When', 'Status', 'Action'],
      rows: items.map((r) => [
        r.summary,
        r.mine ? `${r.requestedBy.displayName} (you)` : r.requestedBy.displayName,
        when(r.requestedAt),
        r.decidedBy ? `${STATUS[r.status]} by ${r.decidedBy.displayName}${r.reason ? ` (${r.reason})` : ''}` : STATUS[r.status],
        '',
      ]),
    })
    items.forEach((r, i) => {
      const cell = table.tBodies[0]!.rows[i]!.cells[4]!
      if (r.status === 'pending' && !r.mine) {
        cell.append(
          button('Approve', `Approve: ${r.summary}`, () => decide(r, 'approve')),
          ' ',
          button('Reject', `Reject: ${r.summary}`, () => decide(r, 'reject')),
        )
      } else if (r.status === 'pending') {
        cell.append(
          el('span', 'Another admin must decide. ', 'hint'),
          button('Withdraw', `Withdraw: ${r.summary}`, () => decide(r, 'withdraw')),
        )
      } else if (r.mine && r.kind === 'token.create' && r.status === 'approved' && r.tokenRevealed === false) {
        cell.append(button('Fetch the token (once)', `Fetch the token of: ${r.summary}`, () => fetchToken(r)))
      }
    })
    list.replaceChildren(table)
  }
  showAll.addEventListener('change', () => void load())
  const reload = () => void load()
  window.addEventListener(APPROVALS_CHANGED, reload)
  void load()
  return () => window.removeEventListener(APPROVALS_CHANGED, reload)
}
