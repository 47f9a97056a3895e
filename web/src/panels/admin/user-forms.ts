import type { ApiJson } from '../../api.js'
import { ROLE_NAMES } from '../../shell/session.js'
import { toggle } from '../../ui/fields.js'
import { el } from '../../ui/notices.js'
import type { PanelContext, Role } from '../registry.js'
import { sendChange, waitingText } from './approvals.js'
import { boroughSelect, field, input, problem, select, selected, statusLine, when } from './form.js'

export type User = ApiJson<'/api/v1/users'>['items'][number]

const ROLES = Object.entries(ROLE_NAMES) as [Role, string][]
export const locked = (u: User) => u.lockedUntil !== null && new Date(u.lockedUntil) > new Date()

/** What the user forms need of the panel: the users loaded, reloading them (keeping one chosen), area names. */
export interface UsersPanel {
  users: User[]
  load(keep?: string): Promise<void>
  areaNames(codes: string[] | null): string
  ctx: PanelContext
}

function disabledToggle() {
  const disabled = input('checkbox', 'disabled')
  return { disabled, row: toggle('users-manage-disabled', 'Disabled (cannot sign in)', disabled) }
}

/** "Change a user": role, borough scope, disabled, unlock (PATCH /users/{id}; a widening waits for approval). */
export function manageUserForm(manage: HTMLFormElement, panel: UsersPanel): { who: HTMLSelectElement; fill(): void } {
  const status = statusLine('users-manage-status')
  const who = select('user', [])
  const role = select('role', ROLES)
  const scope = boroughSelect('boroughs', panel.ctx)
  const { disabled, row } = disabledToggle()
  const save = Object.assign(el('button', 'Save changes'), { type: 'submit' })
  const unlock = Object.assign(el('button', 'Unlock'), { type: 'button', id: 'users-unlock' })
  const title = el('h3', 'Change a user')
  title.id = 'users-manage-title'
  const actions = el('div', undefined, 'actions')
  actions.append(save, unlock)
  const roleHint = "Granting a lead, caseworker or admin role, or more boroughs, waits for another admin's approval; narrowing applies at once."
  manage.append(
    title,
    field('users-manage-user', 'User', who),
    field('users-manage-role', 'Role', role, roleHint),
    field('users-manage-boroughs', 'Borough scope', scope, 'Choose none for every borough. Ctrl/Cmd-click to choose several.'),
    row,
    actions,
    status.node,
  )
  const fill = () => {
    const u = panel.users.find((x) => x.id === who.value)
    if (!u) return
    role.value = u.role
    for (const o of scope.options) o.selected = u.boroughs?.includes(o.value) ?? false
    disabled.checked = u.disabled
    unlock.disabled = !locked(u)
    unlock.textContent = locked(u) ? `Unlock (locked until ${when(u.lockedUntil)})` : 'Unlock (not locked)'
  }
  who.addEventListener('change', fill)
  const patch = async (change: Record<string, unknown>, done: string) => {
    try {
      const out = await sendChange<User>(`/users/${who.value}`, 'PATCH', change)
      if ('pending' in out) {
        await panel.load(who.value)
        status.ok(waitingText(out.pending))
        return
      }
      const u = out.done
      await panel.load(u.id)
      status.ok(`${done}: ${u.displayName} (${u.email}) is now ${ROLE_NAMES[u.role]}, ${panel.areaNames(u.boroughs)}${u.disabled ? ', disabled' : ''}.`)
    } catch (e) {
      status.fail(`Not saved: ${problem(e)}`)
    }
  }
  manage.addEventListener('submit', (e) => {
    e.preventDefault()
    const chosen = selected(scope)
    void patch({ role: role.value, boroughs: chosen.length ? chosen : null, disabled: disabled.checked }, 'Saved')
  })
  unlock.addEventListener('click', () => void patch({ unlock: true }, 'Unlocked'))
  return { who, fill }
}

/** "Add a user" (POST /users; a lead, caseworker or admin waits for approval). */
export function createUserForm(create: HTMLFormElement, panel: UsersPanel): void {
  const status = statusLine('users-create-status')
  const email = input('email', 'email', true)
  const name = input('text', 'displayName', true)
  const newRole = select('role', ROLES)
  const password = input('password', 'password', true)
  password.minLength = 12
  password.autocomplete = 'new-password'
  const newScope = boroughSelect('boroughs', panel.ctx)
  const title = el('h3', 'Add a user')
  title.id = 'users-create-title'
  create.append(
    title,
    field('users-new-email', 'Email', email),
    field('users-new-name', 'Display name', name),
    field('users-new-role', 'Role', newRole, 'A project lead, caseworker or admin is added only after another admin approves.'),
    field('users-new-password', 'Initial password', password, 'At least 12 characters; the user should change it.'),
    field('users-new-boroughs', 'Borough scope (commissioners, partners)', newScope, 'Choose none for every borough.'),
    Object.assign(el('button', 'Add user'), { type: 'submit' }),
    status.node,
  )
  create.addEventListener('submit', async (e) => {
    e.preventDefault()
    try {
      const chosen = selected(newScope)
      const out = await sendChange<User>('/users', 'POST', {
        email: email.value.trim(),
        displayName: name.value.trim(),
        role: newRole.value,
        password: password.value,
        ...(chosen.length ? { boroughs: chosen } : {}),
      })
      create.reset()
      if ('pending' in out) return status.ok(waitingText(out.pending))
      const u = out.done
      await panel.load(u.id)
      status.ok(`Added ${u.displayName} (${u.email}) as ${ROLE_NAMES[u.role]}.`)
    } catch (err) {
      status.fail(`Not added: ${problem(err)}`)
    }
  })
}
