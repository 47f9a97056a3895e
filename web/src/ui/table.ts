import { el } from './notices.js'

export interface TableData {
  caption: string
  head: string[]
  rows: (string | number)[][]
}

/**
 * An accessible data table: caption, column headers with scope, the first cell of each row a row
 * header; numbers right-aligned and formatted en-GB.
 */
export function dataTable({ caption, head, rows }: TableData, className = 'data-table'): HTMLTableElement {
  const table = el('table', undefined, className)
  table.append(el('caption', caption))
  const thead = el('thead')
  const hr = el('tr')
  for (const h of head) {
    const th = el('th', h)
    th.scope = 'col'
    hr.append(th)
  }
  thead.append(hr)
  const tbody = el('tbody')
  for (const row of rows) {
    const tr = el('tr')
    row.forEach((value, i) => {
      const cell = i === 0 ? el('th') : el('td')
      if (i === 0) (cell as HTMLTableCellElement).scope = 'row'
      cell.textContent = typeof value === 'number' ? value.toLocaleString('en-GB') : value
      if (typeof value === 'number') cell.className = 'num'
      tr.append(cell)
    })
    tbody.append(tr)
  }
  if (rows.length === 0) {
    const tr = el('tr')
    const td = el('td', 'No rows.')
    td.colSpan = head.length
    tr.append(td)
    tbody.append(tr)
  }
  table.append(thead, tbody)
  return table
}

/** A table folded in a <details>, the text alternative of a chart or map layer. */
export function tableDetails(summary: string, data: TableData): HTMLDetailsElement {
  const details = el('details', undefined, 'table-details')
  details.append(el('summary', summary))
  details.append(scrollableTable(data))
  return details
}

/**
 * A table in a scrolling box that keyboard users can reach and scroll (a focusable region named
 * by the table's caption), as WCAG 2.1.1 asks of a scrollable area.
 */
export function scrollableTable(data: TableData, wrap: HTMLElement = scrollBox(data.caption)): HTMLElement {
  wrap.setAttribute('aria-label', data.caption)
  wrap.replaceChildren(dataTable(data))
  return wrap
}

/**
 * An empty scrolling box for a list that arrives later: focusable and named from the start, so it
 * stays reachable by keyboard whenever its content grows past its height.
 */
export function scrollBox(label: string, id?: string): HTMLDivElement {
  const box = el('div', undefined, 'table-wrap')
  if (id) box.id = id
  box.tabIndex = 0
  box.setAttribute('role', 'region')
  box.setAttribute('aria-label', label)
  return box
}
