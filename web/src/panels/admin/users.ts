import { ProblemError } from '../../api.js'
import { api } from '../../http.js'
import { ROLE_NAMES } from '../../shell/session.js'
import { el } from '../../ui/notices.js'
import { scrollableTable, scrollBox } from '../../ui/table.js'
import type { PanelContext, Role } from '../registry.js'
import { sendChange, waitingText } from './approvals.js'
import { boroughSelect, field, input, select, selected, statusLine, when } from './form.js'

interface User {
  id: string
  email: string
  displayName: string
  role: Role
  boroughs: string[] | null
  disabled: boolean
  lockedUntil: string | null
}

const ROLES = Object.entries(ROLE_NAMES) as [Role, string][]
const problem = (e: unknown) => (e instanceof ProblemError ? e.detail : String(e))
const locked = (u: User) => u.lockedUntil !== null && new Date(u.lockedUntil) > new Date()

/** Accounts of the organisation (GET/POST /users, PATCH /users/{id}): list, create, change, disable, unlock. */
export function mountUsers(body: HTMLElement, ctx: PanelContext): () => void {
  const list = scrollBox('Accounts', 'users-list')
  const manage = el('form', undefined, 'admin-form')
  manage.setAttribute('aria-labelledby', 'users-manage-title')
  const create = el('form', undefined, 'admin-form')
  create.setAttribute('aria-labelledby', 'users-create-title')
  body.append(list, manage, create)
  let users: User[] = []
  const areaNames = (codes: string[] | null) => (codes ? codes.map(ctx.areaName).join(', ') : 'all boroughs')

  // Change a user.
  const manageStatus = statusLine('users-manage-status')
  const who = select('user', [])
  const role = select('role', ROLES)
  const scope = boroughSelect('boroughs')
  const disabled = input('checkbox', 'disabled')
  const save = Object.assign(el('button', 'Save changes'), { type: 'submit' })
  const unlock = Object.assign(el('button', 'Unlock'), { type: 'button', id: 'users-unlock' })
  const disabledRow = el('div', undefined, 'toggle')
  disabled.id = 'users-manage-disabled'
  const disabledLabel = el('label', 'Disabled (cannot sign in)')
  disabledLabel.htmlFor = disabled.id
  disabledRow.append(disabled, disabledLabel)
  const manageTitle = el('h3', 'Change a user')
  manageTitle.id = 'users-manage-title'
  manage.append(
    manageTitle,
    field('users-manage-user', 'User', who),
    field(
      'users-manage-role',
      'Role',
      role,
      "Granting a lead, caseworker or admin role, or more boroughs, waits for another admin's approval; narrowing applies at once.",
    ),
    field('users-manage-boroughs', 'Borough scope', scope, 'Choose none for every borough. Ctrl/Cmd-click to choose several.'),
    disabledRow,
    el('div', undefined, 'actions'),
    manageStatus.node,
  )
  manage.querySelector('.actions')!.append(save, unlock)

  const fillManage = () => {
    const u = users.find((x) => x.id === who.value)
    if (!u) return
    role.value = u.role
    for (const o of scope.options) o.selected = u.boroughs?.includes(o.value) ?? false
    disabled.checked = u.disabled
    unlock.disabled = !locked(u)
    unlock.textContent = locked(u) ? `Unlock (locked until ${when(u.lockedUntil)})` : 'Unlock (not locked)'
  }
  who.addEventListener('change', fillManage)
  const patch = async (change: Record<string, unknown>, done: string) => {
    try {
      const out = await sendChange<User>(`/users/${who.value}`, 'PATCH', change)
      if ('pending' in out) {
        await load(who.value)
        manageStatus.ok(waitingText(out.pending))
        return
      }
      const u = out.done
      await load(u.id)
      manageStatus.ok(`${done}: ${u.displayName} (${u.email}) is now ${ROLE_NAMES[u.role]}, ${areaNames(u.boroughs)}${u.disabled ? ', disabled' : ''}.`)
    } catch (e) {
      manageStatus.fail(`Not saved: ${problem(e)}`)
    }
  }
  manage.addEventListener('submit', (e) => {
    e.preventDefault()
    const chosen = selected(scope)
    void patch({ role: role.value, boroughs: chosen.length ? chosen : null, disabled: disabled.checked }, 'Saved')
  })
  unlock.addEventListener('click', () => void patch({ unlock: true }, 'Unlocked'))

  // Create a user.
  const createStatus = statusLine('users-create-status')
  const email = input('email', 'email', true)
  const name = input('text', 'displayName', true)
  const newRole = select('role', ROLES)
  const password = input('password', 'password', true)
  password.minLength = 12
  password.autocomplete = 'new-password'
  const newScope = boroughSelect('boroughs')
  const createTitle = el('h3', 'Add a user')
  createTitle.id = 'users-create-title'
  create.append(
    createTitle,
    field('users-new-email', 'Email', email),
    field('users-new-name', 'Display name', name),
    field('users-new-role', 'Role', newRole, 'A project lead, caseworker or admin is added only after another admin approves.'),
    field('users-new-password', 'Initial password', password, 'At least 12 characters; the user should change it.'),
    field('users-new-boroughs', 'Borough scope (commissioners, partners)', newScope, 'Choose none for every borough.'),
    Object.assign(el('button', 'Add user'), { type: 'submit' }),
    createStatus.node,
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
      if ('pending' in out) {
        createStatus.ok(waitingText(out.pending))
        return
      }
      const u = out.done
      await load(u.id)
      createStatus.ok(`Added ${u.displayName} (${u.email}) as ${ROLE_NAMES[u.role]}.`)
    } catch (err) {
      createStatus.fail(`Not added: ${problem(err)}`)
    }
  })

  const load = async (keep?: string) => {
    try {
      users = (await api<{ items: User[] }>('/users')).items
    } catch (e) {
      list.replaceChildren(el('p', `Users could not load: ${problem(e)}`, 'problem'))
      return
    }
    scrollableTable(
      {
        caption: `${users.length} accounts in ${ctx.me.organisation.name}`,
        head: ['Name', 'Email', 'Role', 'Boroughs', 'Status'],
        rows: users.map((u) => [
          u.displayName,
          u.email,
          ROLE_NAMES[u.role],
          areaNames(u.boroughs),
          u.disabled ? 'disabled' : locked(u) ? `locked until ${when(u.lockedUntil)}` : 'active',
        ]),
      },
      list,
    )
    const current = keep ?? who.value
    who.replaceChildren(...users.map((u) => Object.assign(el('option', `${u.displayName} — ${u.email}`), { value: u.id })))
    if (users.some((u) => u.id === current)) who.value = current
    fillManage()
  }
  void load()
  return () => {}
}
