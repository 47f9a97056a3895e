import type { Me } from '../panels/registry.js'
import { el } from '../ui/notices.js'
import { ROLE_NAMES } from './session.js'

/** Who is signed in — name, role, organisation (and a partner's agreement) — and the sign-out button. */
export function renderAccount(container: HTMLElement, me: Me | null, onSignOut: () => void): void {
  if (!me) {
    container.replaceChildren()
    container.hidden = true
    return
  }
  const who = el('p', undefined, 'account-who')
  who.id = 'account-summary'
  const name = el('strong', me.user?.displayName ?? 'Partner token')
  const role = el('span', ROLE_NAMES[me.role], 'role-badge')
  role.dataset.role = me.role
  who.append('Signed in: ', name, ' ', role, ` ${me.organisation.name}`)
  if (me.user) who.title = me.user.email
  if (me.agreement) who.append(el('span', ` · agreement “${me.agreement.name}” until ${me.agreement.validUntil}`, 'account-agreement'))
  const button = el('button', 'Sign out')
  button.type = 'button'
  button.id = 'sign-out'
  button.addEventListener('click', onSignOut)
  container.replaceChildren(who, button)
  container.hidden = false
}
