/** An entry's detail as "field: value" pairs in words, not JSON; long values are cut. */
export const detailText = (detail: unknown): string => {
  if (detail === null || detail === undefined) return '—'
  if (typeof detail !== 'object') return String(detail)
  const words = (k: string) =>
    k
      .replace(/([a-z])([A-Z])/g, '$1 $2')
      .replace(/[_-]/g, ' ')
      .toLowerCase()
  const value = (v: unknown): string => (Array.isArray(v) ? v.map(value).join(', ') : v !== null && typeof v === 'object' ? detailText(v) : String(v))
  const s = Object.entries(detail as Record<string, unknown>)
    .map(([k, v]) => `${words(k)}: ${value(v)}`)
    .join('; ')
  return s.length > 140 ? `${s.slice(0, 139)}…` : s
}
