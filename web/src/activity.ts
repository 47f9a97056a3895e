/**
 * Requests in flight, for the progress line on the map. Every call to the API goes through
 * `http.ts` or `api.ts`, which report here; the page shows what is loading while anything is.
 */
type Listener = (pending: readonly string[]) => void

const pending = new Map<number, string>()
const listeners = new Set<Listener>()
let next = 0

/** Names the work of a request by its path ("hot spots", "flows"…), for the progress line. */
export function activityName(path: string): string {
  const p = path.replace(/^.*\/api\/v1/, '').split('?')[0] ?? ''
  const known: [RegExp, string][] = [
    [/^\/analysis\/hotspots/, 'hot spots'],
    [/^\/analysis\/hexbins/, 'hexagons'],
    [/^\/analysis\/flows/, 'flows'],
    [/^\/analysis\/clusters/, 'clusters'],
    [/^\/analysis\/border-activity/, 'border zone'],
    [/^\/analysis\/evaluation|^\/analysis\/hotspot-evaluation/, 'hot spot evaluation'],
    [/^\/analysis\/series|^\/stats\/series|^\/stats\/timeseries/, 'figures'],
    [/^\/stats\/points/, 'referral locations'],
    [/^\/stats\/counts/, 'counts by area'],
    [/^\/reports\/funding/, 'funding report'],
    [/^\/referrals/, 'referrals'],
    [/^\/lookup/, 'what is here'],
    [/^\/borders\/zone/, 'border zone'],
    [/^\/borders/, 'border'],
    [/^\/areas/, 'areas'],
    [/^\/audit/, 'audit log'],
    [/^\/relocation-check/, 'relocation check'],
  ]
  return known.find(([re]) => re.test(p))?.[1] ?? 'data'
}

/** Marks a request as started; call the returned function when it has ended (in any way). */
export function begin(path: string): () => void {
  const id = ++next
  pending.set(id, activityName(path))
  emit()
  return () => {
    if (pending.delete(id)) emit()
  }
}

/** Resolves once no request is in flight (at once when none is). */
export function whenIdle(): Promise<void> {
  if (pending.size === 0) return Promise.resolve()
  return new Promise((resolve) => {
    const stop = onActivity((names) => {
      if (names.length) return
      queueMicrotask(() => stop())
      resolve()
    })
  })
}

export function onActivity(listener: Listener): () => void {
  listeners.add(listener)
  listener([...pending.values()])
  return () => listeners.delete(listener)
}

function emit(): void {
  const names = [...pending.values()]
  for (const l of listeners) l(names)
}
