import type { ApiJson } from '../../api.js'
import { api, apiResponse } from '../../http.js'
import { toggle } from '../../ui/fields.js'
import { el } from '../../ui/notices.js'
import { scrollBox } from '../../ui/table.js'
import type { PanelContext } from '../registry.js'
import { approvalsTable, tokenSecret } from './approvals-view.js'
import { problem, statusLine } from './form.js'

/** An approval request as GET /approvals lists it (the generated API types). */
export type ApprovalRequest = ApiJson<'/api/v1/approvals'>['items'][number]

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

/** The requests waiting (or all of them), and approved tokens of mine still to fetch. */
async function listRequests(all: boolean): Promise<ApprovalRequest[]> {
  const items = (await api<{ items: ApprovalRequest[] }>('/approvals', { query: { status: all ? undefined : 'pending' } })).items
  if (all) return items
  // Approved tokens of mine still to fetch are listed too.
  const approved = (await api<{ items: ApprovalRequest[] }>('/approvals', { query: { status: 'approved' } })).items
  return [...items, ...approved.filter((r) => r.mine && r.kind === 'token.create' && r.tokenRevealed === false)]
}

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
  const showAll = el('input')
  body.append(intro, toggle('approvals-all', 'Show decided requests too', showAll), list, status.node, secret)

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
      secret.replaceChildren(...tokenSecret(t, status))
      status.ok(`Token “${t.name}” fetched.`)
      await load()
    } catch (e) {
      status.fail(`No token: ${problem(e)}`)
    }
  }
  const load = async () => {
    let items: ApprovalRequest[]
    try {
      items = await listRequests(showAll.checked)
    } catch (e) {
      list.replaceChildren(el('p', `Approval requests could not load: ${problem(e)}`, 'problem'))
      return
    }
    if (!items.length) {
      list.replaceChildren(el('p', showAll.checked ? 'No approval requests yet.' : 'Nothing is waiting for approval.', 'hint'))
      return
    }
    list.replaceChildren(approvalsTable(items, showAll.checked, { decide, fetchToken }))
  }
  showAll.addEventListener('change', () => void load())
  const reload = () => void load()
  window.addEventListener(APPROVALS_CHANGED, reload)
  void load()
  return () => window.removeEventListener(APPROVALS_CHANGED, reload)
}
