/**
 * The role-specific parts of the app are panels: each declares which roles see it and mounts into
 * the side panel (and may add layers to the map). The shell (main.ts) mounts the panels for the
 * signed-in user's role and unmounts them on sign-out. The server enforces every rule; a panel only
 * reflects what the role may do.
 */
import type { Map as MapLibreMap } from 'maplibre-gl'
import type { Limits } from '../api.js'
import type { MapTools } from '../map/tools.js'
import type { Store } from '../state/store.js'

export type Role = 'caseworker' | 'lead' | 'commissioner' | 'partner' | 'admin'

/** The signed-in user, exactly as `GET /api/v1/me` (and `POST /api/v1/session`) answer. */
export interface Me {
  user: { id: string; email: string; displayName: string } | null
  role: Role
  organisation: { id: string; name: string }
  /** Borough scope of a commissioner or partner; null = unscoped. */
  boroughs: string[] | null
  agreement: {
    id: string
    name: string
    level: string
    boroughs: string[]
    fields: string[]
    k: number
    /** Cell size in metres of the agreement's generalised points and hexagons (250, 500 or 1000); absent from older servers = 250. */
    cellM?: number
    includeVictims: boolean
    validFrom: string
    validUntil: string
    inForce: boolean
  } | null
  /** A partner session with several agreements in force and none chosen yet: the ones to choose from. */
  agreementChoices?: { id: string; name: string; owner: { id: string; name: string }; validUntil: string }[]
  csrfToken: string | null
  expiresAt: string | null
}

export type { Filters } from '../state/filter-types.js'
import type { Filters } from '../state/filter-types.js'

export interface PanelContext {
  map: MapLibreMap
  me: Me
  /** k of the disclosure rules (the agreement's for a partner): aggregate readers never see a count from 1 to k−1. */
  k: number
  /** Values shared with the service (/api/v1/meta): the border-zone distance, the hex size range. */
  limits: Limits
  filters: Store<Filters>
  /** Polite status message for screen readers (the shell's aria-live region). */
  announce(message: string): void
  /** Name of a borough (or other area) by code, once the boroughs have loaded; the code otherwise. */
  areaName(code: string): string
  /** Calls `fn` with the boroughs by name once the map has loaded them (at once if it has). */
  whenBoroughsKnown(fn: (list: { code: string; name: string }[]) => void): void
  /** The map's shared legend, popups, progress and click ownership (web/src/map/tools.ts). */
  tools: MapTools
}

export interface Panel {
  id: string
  /** Heading shown in the side panel. */
  title: string
  roles: readonly Role[]
  /** Order in the side panel (lower first). */
  order: number
  /** Name of the task tab the panel sits in; panels sharing a name share the tab (default: its title). */
  tab?: string
  /** Renders into `el`; returns a cleanup that removes map layers and listeners. */
  mount(el: HTMLElement, ctx: PanelContext): void | (() => void)
}

const panels: Panel[] = []

export function registerPanel(panel: Panel): void {
  if (panels.some((p) => p.id === panel.id)) throw new Error(`panel ${panel.id} registered twice`)
  panels.push(panel)
}

export function panelsFor(role: Role): Panel[] {
  return panels.filter((p) => p.roles.includes(role)).sort((a, b) => a.order - b.order)
}
