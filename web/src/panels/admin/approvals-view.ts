import { el } from '../../ui/notices.js'
import { dataTable } from '../../ui/table.js'
import type { ApprovalRequest } from './approvals.js'
import { when } from './form.js'

const STATUS: Record<ApprovalRequest['status'], string> = { pending: 'waiting', approved: 'approved', rejected: 'rejected', withdrawn: 'withdrawn' }

/** A button that stays disabled while its action runs. */
function actionButton(text: string, label: string, onClick: () => Promise<void>): HTMLButtonElement {
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

/** What a row's buttons do. */
export interface ApprovalActions {
  decide(r: ApprovalRequest, action: 'approve' | 'reject' | 'withdraw'): Promise<void>
  fetchToken(r: ApprovalRequest): Promise<void>
}

/** The action cell of a request: approve or reject another's, withdraw one's own, fetch an approved token of one's own. */
function actionsOf(r: ApprovalRequest, actions: ApprovalActions): (Node | string)[] {
  if (r.status === 'pending' && !r.mine)
    return [
      actionButton('Approve', `Approve: ${r.summary}`, () => actions.decide(r, 'approve')),
      ' ',
      actionButton('Reject', `Reject: ${r.summary}`, () => actions.decide(r, 'reject')),
    ]
  if (r.status === 'pending')
    return [el('span', 'Another admin must decide. ', 'hint'), actionButton('Withdraw', `Withdraw: ${r.summary}`, () => actions.decide(r, 'withdraw'))]
  if (r.mine && r.kind === 'token.create' && r.status === 'approved' && r.tokenRevealed === false)
    return [actionButton('Fetch the token (once)', `Fetch the token of: ${r.summary}`, () => actions.fetchToken(r))]
  return []
}

export function approvalsTable(items: ApprovalRequest[], all: boolean, actions: ApprovalActions): HTMLTableElement {
  const table = dataTable({
    caption: `${items.length} approval requests${all ? '' : ' waiting or ready'}`,
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
    const nodes = actionsOf(r, actions)
    if (nodes.length) cell.append(...nodes)
  })
  return table
}

/** A fetched token, shown this once, with a button to copy it. */
export function tokenSecret(t: { name: string; token: string; expiresAt: string }, status: { ok(text: string): void; fail(text: string): void }): Node[] {
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
  return [
    el(
      'p',
      `This is the only time the token “${t.name}” is shown, and fetching it was recorded in the audit log. Give it to the partner now; only its hash is kept. It expires ${when(t.expiresAt)}.`,
      'warning',
    ),
    code,
    copy,
  ]
}
