import { api } from '../../http.js'
import { ROLE_NAMES } from '../../shell/session.js'
import { el } from '../../ui/notices.js'
import { scrollableTable, scrollBox } from '../../ui/table.js'
import type { PanelContext } from '../registry.js'
import { problem, when } from './form.js'
import { createUserForm, locked, manageUserForm, type User, type UsersPanel } from './user-forms.js'

function usersTable(list: HTMLElement, ctx: PanelContext, panel: UsersPanel): void {
  scrollableTable(
    {
      caption: `${panel.users.length} accounts in ${ctx.me.organisation.name}`,
      head: ['Name', 'Email', 'Role', 'Boroughs', 'Status'],
      rows: panel.users.map((u) => [
        u.displayName,
        u.email,
        ROLE_NAMES[u.role],
        panel.areaNames(u.boroughs),
        u.disabled ? 'disabled' : locked(u) ? `locked until ${when(u.lockedUntil)}` : 'active',
      ]),
    },
    list,
  )
}

/** Accounts of the organisation (GET/POST /users, PATCH /users/{id}): list, create, change, disable, unlock. */
export function mountUsers(body: HTMLElement, ctx: PanelContext): () => void {
  const list = scrollBox('Accounts', 'users-list')
  const manage = el('form', undefined, 'admin-form')
  manage.setAttribute('aria-labelledby', 'users-manage-title')
  const create = el('form', undefined, 'admin-form')
  create.setAttribute('aria-labelledby', 'users-create-title')
  body.append(list, manage, create)
  const panel: UsersPanel = {
    ctx,
    users: [],
    areaNames: (codes) => (codes ? codes.map(ctx.areaName).join(', ') : 'all boroughs'),
    async load(keep) {
      try {
        panel.users = (await api<{ items: User[] }>('/users')).items
      } catch (e) {
        list.replaceChildren(el('p', `Users could not load: ${problem(e)}`, 'problem'))
        return
      }
      usersTable(list, ctx, panel)
      const current = keep ?? who.value
      who.replaceChildren(...panel.users.map((u) => Object.assign(el('option', `${u.displayName} — ${u.email}`), { value: u.id })))
      if (panel.users.some((u) => u.id === current)) who.value = current
      fill()
    },
  }
  const { who, fill } = manageUserForm(manage, panel)
  createUserForm(create, panel)
  void panel.load()
  return () => {}
}
