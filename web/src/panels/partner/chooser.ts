import { api } from '../../http.js'
import { el } from '../../ui/notices.js'
import type { Me } from '../registry.js'
import { longDate } from './agreement.js'
import { problemText } from './view.js'

/**
 * Several agreements in force and none chosen for this session: the partner chooses one (POST
 * /session/agreement) and the page starts again under it — the scope never changes silently.
 */
export function mountChooser(root: HTMLElement, choices: NonNullable<Me['agreementChoices']>): () => void {
  const form = el('form')
  form.id = 'pt-choose'
  const intro = el(
    'p',
    'Your organisation has more than one data-sharing agreement in force. Choose the one this session acts under; everything you see and export then follows it.',
  )
  const field = el('div', undefined, 'field')
  const label = el('label', 'Agreement')
  label.htmlFor = 'pt-choice'
  const select = el('select')
  select.id = 'pt-choice'
  for (const c of choices) select.append(Object.assign(el('option', `${c.name} (${c.owner.name}, until ${longDate(c.validUntil)})`), { value: c.id }))
  field.append(label, select)
  const submit = Object.assign(el('button', 'Act under this agreement'), { type: 'submit' })
  const error = el('p', undefined, 'problem')
  error.setAttribute('role', 'alert')
  form.append(intro, field, submit, error)
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault()
    error.textContent = ''
    submit.disabled = true
    try {
      await api('/session/agreement', { method: 'POST', body: { agreementId: select.value } })
      location.reload()
    } catch (e) {
      error.textContent = problemText(e)
      submit.disabled = false
    }
  })
  root.replaceChildren(form)
  return () => {}
}
