import { el } from '../../ui/notices.js'
import { registerPanel, type PanelContext } from '../registry.js'
import { loadCaseload } from './caseload.js'
import { wireReferralForm } from './form.js'
import { caseworkLayers, mapPicker } from './map-layers.js'
import { addLocation, renderPlaced, wireAddLocation } from './placed.js'
import { setDestination, wireRelocationCheck } from './relocation.js'
import { createCasework, type Casework } from './state.js'
import { caseworkHtml } from './view.js'

/** The funding-borough choice, once the map has loaded the boroughs (their names, without asking again). */
function showBoroughs(cw: Casework, list: { code: string; name: string }[]): void {
  cw.state.boroughs = list
  const select = cw.$<HTMLSelectElement>('#cw-funding')
  // No borough is chosen for the user: a silent default would make most referrals a funding mismatch.
  select.replaceChildren(
    Object.assign(el('option', 'Choose the funding borough…'), { value: '' }),
    ...list.map((b) => Object.assign(el('option', b.name), { value: b.code })),
  )
  select.value = ''
  renderPlaced(cw)
}

function mount(root: HTMLElement, ctx: PanelContext): () => void {
  root.innerHTML = caseworkHtml(ctx.me.role === 'lead')
  const cw = createCasework(root, ctx, caseworkLayers(ctx))
  const picker = mapPicker(ctx, { location: cw.$('#cw-pick'), destination: cw.$('#cw-reloc-pick') }, cw.state, (mode, lon, lat) => {
    if (mode === 'location') return void addLocation(cw, lon, lat)
    setDestination(cw, lon, lat)
    picker.setPicking(null)
  })
  wireAddLocation(cw)
  wireReferralForm(cw)
  wireRelocationCheck(cw)
  ctx.whenBoroughsKnown((list) => showBoroughs(cw, list))
  void loadCaseload(cw)
  renderPlaced(cw)
  return () => {
    picker.remove()
    cw.layers.remove()
  }
}

registerPanel({ id: 'casework', title: 'Casework', roles: ['caseworker', 'lead'], order: 40, mount })
