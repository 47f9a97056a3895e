import { api } from '../../http.js'
import { el } from '../../ui/notices.js'
import { scrollableTable, scrollBox } from '../../ui/table.js'
import type { PanelContext } from '../registry.js'
import { field, input, problem, when } from './form.js'
import { verificationText, type Verification } from './verdict.js'
import { detailText } from './detail-text.js'

interface Entry {
  id: number
  at: string
  userId: string | null
  role: string | null
  action: string
  detail: unknown
  rows: number | null
  hash: string
}
const PAGE = 25
/** The organisation's audit log (GET /audit, newest first, paged) and the chain's verification (GET /audit/verify). */
export function mountAudit(body: HTMLElement, ctx: PanelContext): () => void {
  const verify = Object.assign(el('button', 'Verify the audit chain', 'primary'), { type: 'button', id: 'audit-verify' })
  const verdict = el('div', undefined, 'audit-verdict')
  verdict.id = 'audit-verdict'
  verdict.setAttribute('role', 'status')
  verdict.setAttribute('aria-live', 'polite')
  const filter = el('form', undefined, 'audit-filter')
  const action = input('text', 'action')
  action.pattern = '[a-z][a-z0-9_.\\-]{0,63}'
  action.placeholder = 'e.g. user.create'
  filter.append(field('audit-action', 'Only this action', action), Object.assign(el('button', 'Show'), { type: 'submit' }))
  const list = scrollBox('Audit log', 'audit-list')
  const more = Object.assign(el('button', 'Older entries'), { type: 'button', id: 'audit-more', hidden: true })
  body.append(verify, verdict, filter, list, more)

  let next: number | null = null
  let entries: Entry[] = []
  const render = () =>
    scrollableTable(
      {
        caption: `The ${entries.length} newest audit entries${action.value ? ` for “${action.value}”` : ''} of ${ctx.me.organisation.name}`,
        head: ['Entry', 'When', 'Role', 'Action', 'Rows', 'Detail'],
        rows: entries.map((e) => [e.id, when(e.at), e.role ?? '—', e.action, e.rows ?? '—', detailText(e.detail)]),
      },
      list,
    )
  const load = async (append: boolean) => {
    try {
      const page = await api<{ items: Entry[]; next: number | null }>('/audit', {
        query: { limit: PAGE, before: append ? next : undefined, action: action.value || undefined },
      })
      entries = append ? [...entries, ...page.items] : page.items
      next = page.next
      more.hidden = next === null
      render()
    } catch (e) {
      list.replaceChildren(el('p', `The audit log could not load: ${problem(e)}`, 'problem'))
    }
  }
  filter.addEventListener('submit', (e) => {
    e.preventDefault()
    void load(false)
  })
  more.addEventListener('click', () => void load(true))
  verify.addEventListener('click', async () => {
    verify.disabled = true
    verdict.className = 'audit-verdict'
    verdict.textContent = 'Checking every entry of the chain…'
    try {
      const v = await api<Verification>('/audit/verify')
      verdict.className = `audit-verdict ${v.ok ? 'ok' : 'broken'}`
      verdict.dataset.ok = String(v.ok)
      verdict.textContent = verificationText(v)
      await load(false) // the verification itself is audited
    } catch (e) {
      verdict.className = 'audit-verdict broken'
      verdict.textContent = `The verification could not run: ${problem(e)}`
    } finally {
      verify.disabled = false
    }
  })
  void load(false)
  return () => {}
}
