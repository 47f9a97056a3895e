import type { Filters } from '../panels/registry.js'
import { defaultFilters, monthLabel, monthsBetween } from '../state/filters.js'
import type { Store } from '../state/store.js'
import { el } from './notices.js'

/** Least milliseconds each month is shown while playing (longer when its figures take longer). */
const STEP_MS = 1500

/** The months of the filters' period (the default period where the filters name none). */
const periodMonths = (f: Filters) => {
  const d = defaultFilters()
  return monthsBetween(f.from ?? d.from!, f.to ?? d.to!)
}
/** What the slider reads: the month, or the whole period from its first to its last month. */
const text = (f: Filters, list: string[]) => (f.month ? monthLabel(f.month) : `Whole period, ${monthLabel(list[0] ?? '')} to ${monthLabel(list.at(-1) ?? '')}`)

/** The slider, its read-out and the Play and Whole period buttons. */
function sliderControls() {
  const wrap = el('div', undefined, 'time-slider')
  const label = el('label', 'Month')
  label.htmlFor = 'time-slider'
  const input = el('input')
  input.type = 'range'
  input.id = 'time-slider'
  input.min = '0'
  input.step = '1'
  const value = el('output', undefined, 'time-value')
  value.htmlFor.add('time-slider')
  value.setAttribute('aria-hidden', 'true')
  const play = el('button', 'Play', 'play')
  play.type = 'button'
  play.id = 'time-play'
  play.setAttribute('aria-pressed', 'false')
  const whole = el('button', 'Whole period')
  whole.type = 'button'
  whole.id = 'time-whole'
  const controls = el('div', undefined, 'time-controls')
  controls.append(play, whole)
  wrap.append(label, input, value, controls)
  return { wrap, input, value, play, whole }
}

/**
 * A time slider over the months of the filters' period: position 0 is the whole period, 1…n one
 * month each (the `month` filter). A native range input, so arrow keys, Page Up/Down, Home and
 * End work; aria-valuetext reads "March 2026". Play steps through the months; Pause (or any key
 * on the slider) stops.
 */
export function renderTimeSlider(
  container: HTMLElement,
  filters: Store<Filters>,
  announce: (m: string) => void,
  drawn: () => Promise<void> = () => Promise.resolve(),
): () => void {
  const { wrap, input, value, play, whole } = sliderControls()
  container.append(wrap)

  // Play advances only once the month on show has been fetched and drawn, so the label never runs
  // ahead of the map; `playing` is a token that Pause (or a newer Play) invalidates.
  let timer: number | undefined
  let playing = 0
  const months = () => periodMonths(filters.get())

  const sync = () => {
    const f = filters.get()
    const list = months()
    input.max = String(list.length)
    const index = f.month ? list.indexOf(f.month) + 1 : 0
    input.value = String(Math.max(0, index))
    const t = text(f, list)
    input.setAttribute('aria-valuetext', t)
    value.textContent = t
  }
  const stop = () => {
    if (timer === undefined) return
    playing++
    window.clearTimeout(timer)
    timer = undefined
    play.textContent = 'Play'
    play.setAttribute('aria-pressed', 'false')
    announce(`Paused at ${text(filters.get(), months())}.`)
  }
  const step = () => {
    const list = months()
    const f = filters.get()
    const next = f.month ? (list[list.indexOf(f.month) + 1] ?? list[0]) : list[0]
    filters.set({ month: next })
  }
  play.addEventListener('click', () => {
    if (timer !== undefined) return stop()
    play.textContent = 'Pause'
    play.setAttribute('aria-pressed', 'true')
    const token = ++playing
    const advance = async () => {
      const started = performance.now()
      step()
      value.dataset.drawn = 'false'
      await drawn()
      if (token !== playing) return
      value.dataset.drawn = 'true'
      timer = window.setTimeout(() => void advance(), Math.max(0, STEP_MS - (performance.now() - started)))
    }
    timer = -1
    void advance()
  })
  whole.addEventListener('click', () => {
    stop()
    filters.set({ month: undefined })
    announce(text(filters.get(), months()))
  })
  input.addEventListener('keydown', () => stop())
  input.addEventListener('input', () => {
    const list = months()
    const i = Number(input.value)
    filters.set({ month: i === 0 ? undefined : list[i - 1] })
  })
  const unsubscribe = filters.subscribe(sync)
  sync()
  return () => {
    stop()
    unsubscribe()
  }
}
