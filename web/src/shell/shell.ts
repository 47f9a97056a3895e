import type { Map as MapLibreMap } from 'maplibre-gl'
import type { MapTools } from '../map/tools.js'
import type { Limits } from '../api.js'
import type { AreaNames } from '../map/names.js'
import type { Filters, Me, PanelContext } from '../panels/registry.js'
import type { Store } from '../state/store.js'
import { byId } from '../ui/notices.js'
import { warmUpPrograms } from '../map/warm-up.js'
import { loadPanels } from '../panels/load.js'
import { renderAccount } from './account.js'
import { mountPanels } from './panels.js'
import { currentUser, ROLE_NAMES, signOut } from './session.js'
import { renderSignIn } from './sign-in.js'

export interface ShellOptions {
  map: MapLibreMap
  filters: Store<Filters>
  /** k of this instance (/api/v1/meta), for "fewer than k" until an answer says otherwise. */
  k: number
  /** Values the page shares with the service (/api/v1/meta), so the two never disagree. */
  limits: Limits
  tools: MapTools
  /** The names of the areas the map has loaded. */
  names: AreaNames
}

declare global {
  interface Window {
    /** The signed-in role, for the browser tests ("" when signed out). */
    __crossboroughRole?: string
  }
}

/** Compiles the programs of every role's layers once the map has loaded (map/warm-up.ts). */
function warmUp(map: MapLibreMap): void {
  const run = () => void import('../panels/warm-up.js').then(({ roleLayers }) => warmUpPrograms(map, roleLayers()))
  if (map.loaded()) run()
  else map.once('idle', run)
}

/**
 * The app shell around the public map: asks who is signed in (`GET /me`), shows the sign-in form
 * or the account in the header, and mounts the role's panels from the registry (unmounted again on
 * sign-out). The server enforces every rule; the shell only reflects the role it answers.
 */
export async function startShell({ map, filters, k, limits, tools, names }: ShellOptions): Promise<void> {
  const signInSection = byId('sign-in')
  const panels = byId('role-panels')
  const account = byId('account')
  const announcer = byId('announcer')
  let unmount: (() => void) | null = null
  // While the sign-in form is first shown, the layers a role will add get their programs compiled.
  let warmed = false

  const announce = (message: string) => {
    // Cleared first so that the same message twice is read twice.
    announcer.textContent = ''
    window.setTimeout(() => (announcer.textContent = message), 50)
  }

  // Which showing is current: a sign-out while the panels' chunk loads wins over the sign-in before it.
  let showing = 0

  const showSignedOut = () => {
    showing++
    if (!warmed) warmUp(map)
    warmed = true
    unmount?.()
    unmount = null
    renderAccount(account, null, () => {})
    signInSection.hidden = false
    renderSignIn(signInSection, async (me) => {
      await showSignedIn(me)
      announce(`Signed in as ${me.user?.displayName ?? 'partner'}, ${ROLE_NAMES[me.role]}, ${me.organisation.name}.`)
      byId('role-panels').querySelector<HTMLElement>('h2')?.focus()
    })
    document.documentElement.dataset.role = ''
    byId('place-panel').hidden = false
    tools.closePopup()
    window.__crossboroughRole = ''
  }

  const showSignedIn = async (me: Me) => {
    const current = ++showing
    await loadPanels()
    if (current !== showing) return
    unmount?.()
    signInSection.hidden = true
    signInSection.replaceChildren()
    renderAccount(account, me, () => void onSignOut())
    tools.closePopup()
    const ctx: PanelContext = {
      map,
      me,
      k: me.agreement?.k ?? k,
      limits,
      filters,
      announce,
      areaName: names.areaName,
      whenBoroughsKnown: names.whenBoroughsKnown,
      tools,
    }
    unmount = mountPanels(panels, byId('panel-tabs'), ctx)
    // Administrators manage accounts and read the audit log: their screens are full-width pages.
    byId('place-panel').hidden = me.role === 'admin'
    if (me.role === 'admin') window.dispatchEvent(new Event('resize'))
    document.documentElement.dataset.role = me.role
    window.__crossboroughRole = me.role
  }

  const onSignOut = async () => {
    try {
      await signOut()
    } catch (e) {
      console.warn('sign-out request failed; the local view is cleared anyway', e)
    }
    showSignedOut()
    announce('Signed out. Only the public map is shown.')
    byId<HTMLInputElement>('sign-in-email').focus()
  }

  let me: Me | null = null
  try {
    me = await currentUser()
  } catch (e) {
    console.warn('could not ask who is signed in', e)
  }
  if (me) await showSignedIn(me)
  else showSignedOut()
  document.documentElement.dataset.shell = 'ready'
}
