import type { MapMouseEvent } from 'maplibre-gl'
import { ProblemError, type NamedArea } from '../../api.js'
import { el } from '../../ui/notices.js'
import { registerPanel, type PanelContext } from '../registry.js'
import {
  AGE_BANDS,
  boroughList,
  programmeName,
  createReferral,
  KIND_NAMES,
  listReferrals,
  LOCATION_KINDS,
  lookupPoint,
  PROGRAMMES,
  relocationCheck,
  type LocationKind,
  type Referral,
} from './api.js'
import { classify, describe, type PlacedLocation } from './classify.js'
import { KIND_COLOURS, pointLayer, points } from './layers.js'
import { legendList, legendRow } from '../../layers/overlay.js'
import { HOTSPOT_LABELS } from '../../layers/palette.js'

/** A refusal in words: a taken reference says so rather than the service's field name. */
const problemText = (e: unknown) => {
  if (!(e instanceof ProblemError)) return e instanceof Error ? e.message : String(e)
  if (e.status === 409) return 'A referral with this reference already exists. Choose another reference.'
  if (e.status === 400 || e.status === 422) return `Check the form: ${e.detail}`
  return e.detail || e.title
}
const today = () => new Date().toISOString().slice(0, 10)
const ROLE_NAMES = { at_risk: 'At risk', victim: 'Victim', both: 'Both' } as const
const options = (pairs: readonly (readonly [string, string])[]) => pairs.map(([v, t]) => `<option value="${v}">${t}</option>`).join('')

function mount(root: HTMLElement, ctx: PanelContext): () => void {
  const { map } = ctx
  root.innerHTML = `
    <h3 id="cw-caseload-title">${ctx.me.role === 'lead' ? "Your organisation's referrals" : 'Your caseload'}</h3>
    <p id="cw-caseload-summary" class="hint" aria-live="polite">Loading…</p>
    <details><summary>Caseload (table)</summary><div id="cw-caseload" class="table-wrap" tabindex="0" role="region" aria-label="Caseload"></div></details>

    <h3 id="cw-form-title">New referral</h3>
    <form id="cw-form" class="referral-form" novalidate aria-labelledby="cw-form-title">
      <div class="field"><label for="cw-ref">Reference</label>
        <input id="cw-ref" required maxlength="64" autocomplete="off" aria-describedby="cw-ref-hint" />
        <span id="cw-ref-hint" class="hint">A pseudonymous reference such as YP-2026-014 — never a name.</span></div>
      <div class="field"><label for="cw-programme">Programme</label><select id="cw-programme">${options(PROGRAMMES)}</select></div>
      <fieldset class="subject-role"><legend>Subject role (required)</legend>
        <label><input type="radio" name="cw-role" value="at_risk" required /> At risk of gang involvement</label>
        <label class="victim-choice"><input type="radio" name="cw-role" value="victim" /> <strong>Victim</strong> — harmed or exploited; never treated as a suspect</label>
        <label><input type="radio" name="cw-role" value="both" /> Both at risk and a victim</label>
      </fieldset>
      <div class="field"><label for="cw-age">Age band</label><select id="cw-age">${options(AGE_BANDS.map((a) => [a, a] as const))}</select></div>
      <div class="field"><label for="cw-funding">Funding borough (required)</label><select id="cw-funding" required><option value="">Loading boroughs…</option></select></div>
      <div class="field"><label for="cw-opened">Opened on</label><input id="cw-opened" type="date" value="${today()}" max="${today()}" /></div>
      <fieldset><legend>Locations</legend>
        <div class="field"><label for="cw-kind">Kind of place</label><select id="cw-kind">${options(LOCATION_KINDS.map((k) => [k, KIND_NAMES[k]] as const))}</select></div>
        <button type="button" id="cw-pick" aria-pressed="false">Place on the map</button>
        <div class="coords">
          <label for="cw-lon">Longitude</label><input id="cw-lon" inputmode="decimal" size="10" />
          <label for="cw-lat">Latitude</label><input id="cw-lat" inputmode="decimal" size="10" />
          <button type="button" id="cw-add">Add</button>
        </div>
        <p class="hint">Click "Place on the map" and then the map, or type longitude and latitude (e.g. −0.195, 51.534).</p>
        <ol id="cw-locations" class="location-list"></ol>
      </fieldset>
      <div id="cw-live" class="classification" aria-live="polite"></div>
      <button type="submit">Save referral</button>
      <div id="cw-error" class="problem" role="alert"></div>
      <div id="cw-confirm" class="warning" hidden></div>
      <div id="cw-saved" class="classification saved" aria-live="polite"></div>
    </form>

    <h3 id="cw-reloc-title">Relocation check</h3>
    <form id="cw-reloc" novalidate aria-labelledby="cw-reloc-title">
      <div class="field"><label for="cw-reloc-ref">Referral</label><select id="cw-reloc-ref"></select></div>
      <div class="coords">
        <label for="cw-reloc-lon">Longitude</label><input id="cw-reloc-lon" inputmode="decimal" size="10" />
        <label for="cw-reloc-lat">Latitude</label><input id="cw-reloc-lat" inputmode="decimal" size="10" />
      </div>
      <button type="button" id="cw-reloc-pick" aria-pressed="false">Pick the destination on the map</button>
      <button type="submit">Check this destination</button>
      <div id="cw-reloc-result" aria-live="polite"></div>
    </form>`

  const $ = <T extends HTMLElement>(sel: string) => root.querySelector<T>(sel)!
  const caseloadLayer = pointLayer(map, 'caseload-points', 4)
  const placedLayer = pointLayer(map, 'placed-points', 7, true)
  ctx.tools.setLegend(
    'caseload',
    ctx.me.role === 'lead' ? "Organisation's referrals" : 'Your caseload',
    legendList('Caseload by kind of place', [
      ...Object.entries(KIND_COLOURS).map(([kind, colour]) => legendRow('dot', colour, KIND_NAMES[kind as keyof typeof KIND_NAMES])),
      legendRow('ring', '#1f1e1c', 'Placed on the form, not saved yet'),
    ]),
  )
  // A dot's popup names the referral and the kind of place: this user may see both (their caseload).
  const stopIdentify = [
    ctx.tools.identify('caseload-points', (f) => ({
      title: String(f.properties.label || 'Referral'),
      lines: [`${KIND_NAMES[f.properties.kind as keyof typeof KIND_NAMES] ?? 'Place'}${f.properties.programme ? ` · ${f.properties.programme}` : ''}`],
    })),
    ctx.tools.identify('placed-points', (f) => ({
      title: 'Placed on the form (not saved)',
      lines: [KIND_NAMES[f.properties.kind as keyof typeof KIND_NAMES] ?? 'Place'],
    })),
  ]
  let boroughs: NamedArea[] = []
  let placed: PlacedLocation[] = []
  let caseload: Referral[] = []
  let savingWithoutLocation = false
  const name = (code: string) => boroughs.find((b) => b.code === code)?.name ?? ctx.areaName(code)

  // --- caseload -------------------------------------------------------------------------------
  const renderCaseload = () => {
    const n = caseload.length
    const locs = caseload.flatMap((r) => r.locations.map((l) => ({ ...l, label: r.externalId, programme: programmeName(r.programme) })))
    $('#cw-caseload-summary').textContent =
      `${n} referral${n === 1 ? '' : 's'} with ${locs.length} located events on the map${n >= (ctx.me.role === 'lead' ? 50 : 200) ? ` (the newest ${n})` : ''}.`
    caseloadLayer.set(points(locs))
    const table = el('table', undefined, 'data-table')
    table.createCaption().textContent = 'Referrals, newest first'
    const head = table.createTHead().insertRow()
    for (const h of ['Reference', 'Subject role', 'Programme', 'Boroughs', 'Cross-boundary']) head.append(Object.assign(el('th', h), { scope: 'col' }))
    const body = table.createTBody()
    for (const r of caseload.slice(0, 100)) {
      const row = body.insertRow()
      row.insertCell().textContent = r.externalId
      row.insertCell().textContent = ROLE_NAMES[r.subjectRole]
      row.insertCell().textContent = programmeName(r.programme)
      row.insertCell().textContent = r.crossBoundary.boroughs.map(name).join(', ')
      row.insertCell().textContent =
        [
          r.crossBoundary.multiBorough && 'multi-borough',
          r.crossBoundary.fundingMismatch && 'funding mismatch',
          r.crossBoundary.borderZone.length > 0 && 'border zone',
          r.crossBoundary.straddlingAreas.length > 0 && 'straddling area',
        ]
          .filter(Boolean)
          .join(', ') || '—'
    }
    $('#cw-caseload').replaceChildren(table)
    const select = $<HTMLSelectElement>('#cw-reloc-ref')
    select.replaceChildren(...caseload.map((r) => Object.assign(el('option', `${r.externalId} (${programmeName(r.programme)})`), { value: r.id })))
  }
  const loadCaseload = async () => {
    try {
      caseload = (await listReferrals(ctx.me.role === 'lead' ? 50 : 200)).items
      renderCaseload()
    } catch (e) {
      $('#cw-caseload-summary').textContent = problemText(e)
    }
  }

  // --- the form's locations --------------------------------------------------------------------
  const renderPlaced = () => {
    placedLayer.set(points(placed))
    const list = $('#cw-locations')
    list.replaceChildren(
      ...placed.map((p, i) => {
        const li = el('li')
        const where =
          p.lookup === null
            ? 'looking up…'
            : p.lookup.borough
              ? `${p.lookup.borough.name}${p.lookup.nearestBorder ? `, ${Math.round(p.lookup.nearestBorder.distanceM)} m from ${p.lookup.nearestBorder.name}` : ''}`
              : 'outside the loaded boroughs'
        li.append(el('span', `${KIND_NAMES[p.kind]} at ${p.lon.toFixed(5)}, ${p.lat.toFixed(5)} — ${where} `))
        const remove = el('button', 'Remove')
        remove.type = 'button'
        remove.setAttribute('aria-label', `Remove location ${i + 1}`)
        remove.addEventListener('click', () => {
          placed.splice(i, 1)
          renderPlaced()
        })
        li.append(remove)
        return li
      }),
    )
    const c = classify(placed, $<HTMLSelectElement>('#cw-funding').value, ctx.limits.borderZoneM)
    const live = $('#cw-live')
    live.replaceChildren(el('strong', 'As placed so far: '), ...describe(c, name).map((t) => el('div', t)))
    live.dataset.multiBorough = String(c.multiBorough)
    if (c.outside) live.append(el('div', `${c.outside} location(s) outside the loaded boroughs will be refused.`, 'problem'))
    live.append(el('div', `Border zone = within ${ctx.limits.borderZoneM} m of another borough.`, 'hint'))
  }
  const addLocation = async (lon: number, lat: number) => {
    const p: PlacedLocation = { kind: $<HTMLSelectElement>('#cw-kind').value as LocationKind, lon, lat, lookup: null }
    placed.push(p)
    renderPlaced()
    try {
      p.lookup = await lookupPoint(lon, lat)
    } catch {
      p.lookup = { borough: null, ward: null, lsoa: null, estate: null, nearestBorder: null }
    }
    renderPlaced()
    ctx.announce(`${KIND_NAMES[p.kind]} placed in ${p.lookup.borough?.name ?? 'no borough'}.`)
  }

  // One map-click mode at a time: placing a location, or the relocation destination.
  let picking: 'location' | 'destination' | null = null
  const pickButtons = { location: $<HTMLButtonElement>('#cw-pick'), destination: $<HTMLButtonElement>('#cw-reloc-pick') }
  const setPicking = (mode: typeof picking) => {
    picking = mode
    for (const [k, b] of Object.entries(pickButtons)) b.setAttribute('aria-pressed', String(k === mode))
    map.getCanvas().style.cursor = mode ? 'crosshair' : ''
    ctx.tools.claimClicks('casework', mode !== null)
  }
  const onMapClick = (e: MapMouseEvent) => {
    if (picking === 'location') void addLocation(e.lngLat.lng, e.lngLat.lat)
    else if (picking === 'destination') {
      $<HTMLInputElement>('#cw-reloc-lon').value = e.lngLat.lng.toFixed(6)
      $<HTMLInputElement>('#cw-reloc-lat').value = e.lngLat.lat.toFixed(6)
      setPicking(null)
    }
  }
  map.on('click', onMapClick)
  pickButtons.location.addEventListener('click', () => setPicking(picking === 'location' ? null : 'location'))
  pickButtons.destination.addEventListener('click', () => setPicking(picking === 'destination' ? null : 'destination'))
  const readCoords = (lonSel: string, latSel: string): [number, number] | null => {
    const lon = Number($<HTMLInputElement>(lonSel).value.replace('−', '-'))
    const lat = Number($<HTMLInputElement>(latSel).value.replace('−', '-'))
    return $<HTMLInputElement>(lonSel).value && $<HTMLInputElement>(latSel).value && Number.isFinite(lon) && Number.isFinite(lat) ? [lon, lat] : null
  }
  $('#cw-add').addEventListener('click', () => {
    const c = readCoords('#cw-lon', '#cw-lat')
    if (!c) return void ($('#cw-error').textContent = 'Type a longitude and a latitude as decimal numbers.')
    $('#cw-error').textContent = ''
    if (looksSwapped(c[0], c[1])) return offerSwap(c)
    void addLocation(c[0], c[1])
  })
  // London's longitudes are near 0 and its latitudes near 51.5: typed the other way round, offer to swap.
  const looksSwapped = (lon: number, lat: number) => Math.abs(lat) <= 1 && lon >= 49 && lon <= 61
  const offerSwap = ([lon, lat]: [number, number]) => {
    const box = $('#cw-confirm')
    const swap = Object.assign(el('button', `Swap them: longitude ${lat}, latitude ${lon}`), { type: 'button', id: 'cw-swap' })
    swap.addEventListener('click', () => {
      $<HTMLInputElement>('#cw-lon').value = String(lat)
      $<HTMLInputElement>('#cw-lat').value = String(lon)
      box.hidden = true
      void addLocation(lat, lon)
    })
    box.replaceChildren(
      el('p', `${lon} looks like a latitude and ${lat} like a longitude: in London the longitude is near 0 (−0.5 to 0.3) and the latitude near 51.5.`),
      swap,
    )
    box.hidden = false
    swap.focus()
  }
  // A fixed mistake takes its message away: any edit of the form clears the last error.
  $('#cw-form').addEventListener('input', () => {
    $('#cw-error').textContent = ''
  })
  $('#cw-form').addEventListener('change', () => {
    $('#cw-error').textContent = ''
  })
  $('#cw-funding').addEventListener('change', renderPlaced)

  // --- save --------------------------------------------------------------------------------------
  $<HTMLFormElement>('#cw-form').addEventListener('submit', async (ev) => {
    ev.preventDefault()
    const error = $('#cw-error')
    const saved = $('#cw-saved')
    error.textContent = ''
    const role = root.querySelector<HTMLInputElement>('input[name="cw-role"]:checked')?.value
    const externalId = $<HTMLInputElement>('#cw-ref').value.trim()
    if (!externalId) return void ((error.textContent = 'Give the referral a pseudonymous reference.'), $('#cw-ref').focus())
    if (!role)
      return void ((error.textContent = 'Choose the subject role: at risk, victim or both.'),
      root.querySelector<HTMLInputElement>('input[name="cw-role"]')!.focus())
    if (!$<HTMLSelectElement>('#cw-funding').value)
      return void ((error.textContent = 'Choose the funding borough: the borough that pays for this referral.'), $('#cw-funding').focus())
    const confirm = $('#cw-confirm')
    if (placed.length === 0 && !savingWithoutLocation) {
      const go = Object.assign(el('button', 'Save without a location'), { type: 'button', id: 'cw-save-anyway' })
      go.addEventListener('click', () => {
        savingWithoutLocation = true
        $<HTMLFormElement>('#cw-form').requestSubmit()
      })
      confirm.replaceChildren(
        el('p', 'This referral has no location, so it will be on no map and in no border or cross-borough figure. Add a place, or save it without one.'),
        go,
      )
      confirm.hidden = false
      go.focus()
      return
    }
    savingWithoutLocation = false
    confirm.hidden = true
    const opened = $<HTMLInputElement>('#cw-opened').value
    try {
      const r = await createReferral({
        externalId,
        programme: $<HTMLSelectElement>('#cw-programme').value,
        subjectRole: role,
        ageBand: $<HTMLSelectElement>('#cw-age').value,
        fundingBorough: $<HTMLSelectElement>('#cw-funding').value,
        openedOn: opened,
        locations: placed.map((p) => ({ kind: p.kind, lon: Number(p.lon.toFixed(6)), lat: Number(p.lat.toFixed(6)), observedOn: opened, precision: 'exact' })),
      })
      saved.replaceChildren(el('strong', `Saved ${r.externalId}. Classification: `), ...describe(r.crossBoundary, name).map((t) => el('div', t)))
      if (r.crossBoundary.straddlingAreas.length) saved.append(el('div', `In a straddling estate or patch: ${r.crossBoundary.straddlingAreas.join(', ')}`))
      saved.dataset.multiBorough = String(r.crossBoundary.multiBorough)
      ctx.announce(`Referral ${r.externalId} saved${r.crossBoundary.multiBorough ? ', multi-borough' : ''}.`)
      placed = []
      renderPlaced()
      await loadCaseload()
    } catch (e) {
      error.textContent = problemText(e)
    }
  })

  // --- relocation check ----------------------------------------------------------------------------
  $<HTMLFormElement>('#cw-reloc').addEventListener('submit', async (ev) => {
    ev.preventDefault()
    const out = $('#cw-reloc-result')
    const id = $<HTMLSelectElement>('#cw-reloc-ref').value
    const c = readCoords('#cw-reloc-lon', '#cw-reloc-lat')
    if (!id || !c) return void out.replaceChildren(el('p', 'Choose a referral and a destination (map or longitude/latitude).', 'problem'))
    out.replaceChildren(el('p', 'Checking…', 'hint'))
    try {
      const r = await relocationCheck(id, c[0], c[1])
      const lines = [
        `Destination borough: ${r.destination.borough.name}.`,
        r.crossesBoroughs === null
          ? 'Whether the move crosses boroughs is unknown (no home or relocation origin on record).'
          : r.crossesBoroughs
            ? `The move crosses boroughs (from ${r.origin?.borough?.name ?? 'unknown'}).`
            : 'The move stays within the same borough.',
        ...(r.exclusionZones ?? []).map((z) =>
          z.inside ? `Inside exclusion zone "${z.name}".` : `Exclusion zone "${z.name}": ${Math.round(z.distanceM)} m away.`,
        ),
        r.hotspots?.nearest
          ? `Nearest current hot spot: ${Math.round(r.hotspots.nearest.distanceM)} m away (${HOTSPOT_LABELS[r.hotspots.nearest.class as keyof typeof HOTSPOT_LABELS] ?? 'hot spot'}).`
          : 'No current hotspot.',
      ]
      out.replaceChildren(...lines.map((t) => el('p', t)))
      if (r.warnings?.length) {
        const ul = el('ul', undefined, 'warnings')
        ul.append(...r.warnings.map((w) => el('li', w.message)))
        out.append(el('strong', 'Warnings'), ul)
      }
    } catch (e) {
      out.replaceChildren(el('p', e instanceof ProblemError && e.status === 404 && !id ? 'The relocation check is not available.' : problemText(e), 'problem'))
    }
  })

  void boroughList()
    .then((list) => {
      boroughs = list
      const select = $<HTMLSelectElement>('#cw-funding')
      // No borough is chosen for the user: a silent default would make most referrals a funding mismatch.
      select.replaceChildren(
        Object.assign(el('option', 'Choose the funding borough…'), { value: '' }),
        ...list.map((b) => Object.assign(el('option', b.name), { value: b.code })),
      )
      select.value = ''
      renderPlaced()
    })
    .catch((e: unknown) => ($('#cw-error').textContent = problemText(e)))
  void loadCaseload()
  renderPlaced()

  return () => {
    map.off('click', onMapClick)
    ctx.tools.claimClicks('casework', false)
    for (const stop of stopIdentify) stop()
    ctx.tools.setLegend('caseload', '', null)
    map.getCanvas().style.cursor = ''
    caseloadLayer.remove()
    placedLayer.remove()
  }
}

registerPanel({ id: 'casework', title: 'Casework', roles: ['caseworker', 'lead'], order: 40, mount })
