import { ProblemError } from '../../api.js'
import { HOTSPOT_LABELS } from '../../layers/palette.js'
import { el } from '../../ui/notices.js'
import { relocationCheck, type RelocationResult } from './api.js'
import type { Casework } from './state.js'
import { problemText, readCoords } from './view.js'

/** The relocation check's answer, a sentence a line. */
const resultLines = (r: RelocationResult) => [
  `Destination borough: ${r.destination.borough.name}.`,
  r.crossesBoroughs === null
    ? 'Whether the move crosses boroughs is unknown (no home or relocation origin on record).'
    : r.crossesBoroughs
      ? `The move crosses boroughs (from ${r.origin?.borough?.name ?? 'unknown'}).`
      : 'The move stays within the same borough.',
  ...(r.exclusionZones ?? []).map((z) => (z.inside ? `Inside exclusion zone "${z.name}".` : `Exclusion zone "${z.name}": ${Math.round(z.distanceM)} m away.`)),
  r.hotspots?.nearest
    ? `Nearest current hot spot: ${Math.round(r.hotspots.nearest.distanceM)} m away (${HOTSPOT_LABELS[r.hotspots.nearest.class as keyof typeof HOTSPOT_LABELS] ?? 'hot spot'}).`
    : 'No current hotspot.',
]

/** The relocation check form: a referral of the caseload and a destination (picked on the map or typed). */
export function wireRelocationCheck(cw: Casework): void {
  cw.$<HTMLFormElement>('#cw-reloc').addEventListener('submit', async (ev) => {
    ev.preventDefault()
    const out = cw.$('#cw-reloc-result')
    const id = cw.$<HTMLSelectElement>('#cw-reloc-ref').value
    const c = readCoords(cw.$, '#cw-reloc-lon', '#cw-reloc-lat')
    if (!id || !c) return void out.replaceChildren(el('p', 'Choose a referral and a destination (map or longitude/latitude).', 'problem'))
    out.replaceChildren(el('p', 'Checking…', 'hint'))
    try {
      const r = await relocationCheck(id, c[0], c[1])
      out.replaceChildren(...resultLines(r).map((t) => el('p', t)))
      if (r.warnings?.length) {
        const ul = el('ul', undefined, 'warnings')
        ul.append(...r.warnings.map((w) => el('li', w.message)))
        out.append(el('strong', 'Warnings'), ul)
      }
    } catch (e) {
      out.replaceChildren(el('p', e instanceof ProblemError && e.status === 404 && !id ? 'The relocation check is not available.' : problemText(e), 'problem'))
    }
  })
}

/** A destination picked on the map fills the check's coordinates. */
export function setDestination(cw: Casework, lon: number, lat: number): void {
  cw.$<HTMLInputElement>('#cw-reloc-lon').value = lon.toFixed(6)
  cw.$<HTMLInputElement>('#cw-reloc-lat').value = lat.toFixed(6)
}
