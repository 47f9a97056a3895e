import { byId, el } from './notices.js'

const SEEN = 'crossborough:no-basemap-note'

/**
 * Without a street basemap the map still works (boundaries, data, labels); this says so once per
 * browser, in a small note on the map that an OK button (or the next visit) takes away.
 */
export function noBasemapNote(): void {
  let seen = false
  try {
    seen = localStorage.getItem(SEEN) === '1'
    localStorage.setItem(SEEN, '1')
  } catch {
    /* storage off: show it */
  }
  if (seen) return
  const note = byId('basemap-note')
  const ok = Object.assign(el('button', 'OK'), { type: 'button', className: 'note-ok' })
  ok.addEventListener('click', () => {
    note.hidden = true
  })
  note.replaceChildren('No street map on this service yet: boundaries and data only. An administrator can add one (see docs/basemap.md). ', ok)
  note.hidden = false
}
