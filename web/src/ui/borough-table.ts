import type { FeatureCollection } from 'geojson'
import { el } from './notices.js'

interface BoroughRow {
  code: string
  name: string
  neighbours: string[]
}

/** Which boroughs share a border with which, from the /borders collection. */
export function boroughRows(boroughs: FeatureCollection, borders: FeatureCollection): BoroughRow[] {
  const neighbours = new Map<string, string[]>()
  for (const f of borders.features) {
    const p = f.properties as { between?: [string, string]; names?: [string, string] } | null
    if (!p?.between || !p.names) continue
    const [a, b] = p.between
    neighbours.set(a, [...(neighbours.get(a) ?? []), p.names[1]])
    neighbours.set(b, [...(neighbours.get(b) ?? []), p.names[0]])
  }
  return boroughs.features
    .map((f) => {
      const p = (f.properties ?? {}) as { code: string; name: string }
      return { code: p.code, name: p.name, neighbours: (neighbours.get(p.code) ?? []).sort() }
    })
    .sort((a, b) => a.name.localeCompare(b.name))
}

/** The text alternative of the map: every borough, its code and the boroughs it borders. */
export function renderBoroughTable(container: HTMLElement, rows: BoroughRow[], onShow: (code: string) => void): void {
  const table = el('table', undefined, 'borough-table')
  table.append(el('caption', `${rows.length} boroughs and the boroughs each shares a border with`))
  const head = el('tr')
  for (const h of ['Borough', 'GSS code', 'Shares a border with', 'Map']) {
    const th = el('th', h)
    th.scope = 'col'
    head.append(th)
  }
  table.append(el('thead'), el('tbody'))
  table.tHead!.append(head)
  for (const row of rows) {
    const tr = el('tr')
    const name = el('th', row.name)
    name.scope = 'row'
    const show = el('button', 'Show')
    show.type = 'button'
    show.setAttribute('aria-label', `Show ${row.name} on the map`)
    show.addEventListener('click', () => onShow(row.code))
    const action = el('td')
    action.append(show)
    tr.append(name, el('td', row.code), el('td', row.neighbours.join(', ') || 'none (outer edge only)'), action)
    table.tBodies[0]!.append(tr)
  }
  container.replaceChildren(table)
}
