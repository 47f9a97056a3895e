import type { Me } from '../panels/registry.js'
import { el } from '../ui/notices.js'
import { signIn, signInProblem } from './session.js'

/**
 * The sign-in form: labelled fields, the refusal (401/423/429) in an alert next to the button and
 * linked to the fields with aria-describedby, focus back on the email field after a refusal.
 */
export function renderSignIn(container: HTMLElement, onSignedIn: (me: Me) => void): void {
  const form = el('form', undefined, 'sign-in')
  form.id = 'sign-in-form'
  form.noValidate = false
  form.setAttribute('aria-labelledby', 'sign-in-title')
  const heading = el('h2', 'Sign in')
  heading.id = 'sign-in-title'
  const intro = el('p', 'The boundaries are public. Sign in to see what your role may see: hotspots, your caseload, reports or exports.', 'hint')

  const field = (id: string, label: string, type: string, autocomplete: string) => {
    const input = el('input')
    input.id = id
    input.name = id.replace('sign-in-', '')
    input.type = type
    input.required = true
    input.autocomplete = autocomplete as AutoFill
    input.setAttribute('aria-describedby', 'sign-in-error')
    const l = el('label', label)
    l.htmlFor = id
    const row = el('div', undefined, 'field')
    row.append(l, input)
    return { row, input }
  }
  const email = field('sign-in-email', 'Email', 'email', 'username')
  const password = field('sign-in-password', 'Password', 'password', 'current-password')
  const button = el('button', 'Sign in', 'primary')
  button.type = 'submit'
  const error = el('p', undefined, 'problem')
  error.id = 'sign-in-error'
  error.setAttribute('role', 'alert')
  error.hidden = true

  form.append(email.row, password.row, button, error)
  form.addEventListener('submit', async (event) => {
    event.preventDefault()
    error.hidden = true
    button.disabled = true
    button.textContent = 'Signing in…'
    try {
      const me = await signIn(email.input.value.trim(), password.input.value)
      password.input.value = ''
      onSignedIn(me)
    } catch (e) {
      error.textContent = signInProblem(e)
      error.hidden = false
      email.input.setAttribute('aria-invalid', 'true')
      password.input.setAttribute('aria-invalid', 'true')
      email.input.focus()
    } finally {
      button.disabled = false
      button.textContent = 'Sign in'
    }
  })
  container.replaceChildren(heading, intro, form)
}
