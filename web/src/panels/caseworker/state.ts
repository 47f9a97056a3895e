import type { NamedArea } from '../../api.js'
import type { PanelContext } from '../registry.js'
import type { Referral } from './api.js'
import type { PlacedLocation } from './classify.js'
import type { CaseworkLayers } from './map-layers.js'

/** One map-click mode at a time: placing a location, or the relocation destination. */
export type Picking = 'location' | 'destination' | null

/** What the casework panel holds while mounted: created by `mount`, never shared between mounts. */
export interface CaseworkState {
  boroughs: NamedArea[]
  /** The form's locations, not saved yet. */
  placed: PlacedLocation[]
  caseload: Referral[]
  /** The user chose "Save without a location" for the submit under way. */
  savingWithoutLocation: boolean
  picking: Picking
}

/** The mounted panel: its context, root, state and map layers, handed to the view and form modules. */
export interface Casework {
  ctx: PanelContext
  root: HTMLElement
  $<T extends HTMLElement>(sel: string): T
  state: CaseworkState
  layers: CaseworkLayers
  /** An area's name: the loaded borough list first, the map's names otherwise. */
  name(code: string): string
}

export function createCasework(root: HTMLElement, ctx: PanelContext, layers: CaseworkLayers): Casework {
  const state: CaseworkState = { boroughs: [], placed: [], caseload: [], savingWithoutLocation: false, picking: null }
  return {
    ctx,
    root,
    $: <T extends HTMLElement>(sel: string) => root.querySelector<T>(sel)!,
    state,
    layers,
    name: (code) => state.boroughs.find((b) => b.code === code)?.name ?? ctx.areaName(code),
  }
}

/** A lead sees the organisation's newest 50 referrals, a caseworker their newest 200. */
export const caseloadLimit = (ctx: PanelContext) => (ctx.me.role === 'lead' ? 50 : 200)
