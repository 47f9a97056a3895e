import { onActivity } from '../activity.js'

/** Requests shorter than this show nothing, so quick answers do not flicker. */
const SHOW_AFTER_MS = 150

/**
 * The progress line on the map: a moving bar along the map's top edge and a short "Loading hot
 * spots…" while any request is in flight, so a user sees the map is working where they look.
 * `data-busy` on the element is what the browser tests and the interactions benchmark wait for.
 */
export function mountProgress(box: HTMLElement): () => void {
  const text = box.querySelector<HTMLElement>('.map-progress-text')!
  let timer: number | undefined
  return onActivity((names) => {
    box.dataset.busy = String(names.length > 0)
    if (!names.length) {
      window.clearTimeout(timer)
      timer = undefined
      box.hidden = true
      text.textContent = ''
      return
    }
    const unique = [...new Set(names)]
    text.textContent = `Loading ${unique.slice(0, 3).join(', ')}${unique.length > 3 ? '…' : ''}…`
    if (box.hidden && timer === undefined)
      timer = window.setTimeout(() => {
        timer = undefined
        if (box.dataset.busy === 'true') box.hidden = false
      }, SHOW_AFTER_MS)
  })
}
