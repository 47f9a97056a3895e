import { expect } from 'vitest'
import { modelOf, type Model, type Period, type Pub, type Tally } from './model.js'
import type { AttackClient } from './world.js'

/**
 * The attacker's requests, through the HTTP API only, each answer flattened to `key → published
 * value`. A request the service refuses (400 or 403, problem+json) gives `undefined`: the attacker
 * simply cannot use that table. Anything else but 200 fails the test.
 */

/** Print an attack's figures ([attack] line) and check its outcome: no exact recovery, at most half right, no count 1..k−1. */
export function finish(tally: Tally, minAttempted = 1) {
  console.log(tally.line())
  expect(tally.failures(minAttempted), tally.name).toEqual([])
}

export type Filter = Partial<Record<'programme' | 'subjectRole' | 'ageBand' | 'kind', string>>

export interface Table {
  model: Model
  k: number | null
  values: Map<string, Pub>
  body: any
}

export const requests = { count: 0, refused: 0 }

export async function fetchJson(client: AttackClient, url: string): Promise<any | undefined> {
  requests.count++
  const res = await client.get(url)
  if (res.statusCode === 400 || res.statusCode === 403) {
    expect(res.headers['content-type'], `${client.name} ${url}`).toContain('application/problem+json')
    requests.refused++
    return undefined
  }
  expect(res.statusCode, `${client.name} ${url}: ${res.body.slice(0, 300)}`).toBe(200)
  return res.json()
}

const qs = (params: Record<string, string | number | undefined>) =>
  new URLSearchParams(
    Object.entries(params)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, String(v)]),
  ).toString()

const num = (v: unknown): Pub => (v === null || v === undefined ? null : Number(v))

/**
 * stats/counts: `area|month` cells, `area|*` area totals (over the whole period), `*|month` month
 * totals, `*|*` the grand total. Without by=month a cell is `area|*`.
 */
export async function counts(client: AttackClient, geography: string, p: Period, filter: Filter = {}, byMonth = false): Promise<Table | undefined> {
  const url = `/api/v1/stats/counts?${qs({ geography, from: p.from, to: p.to, by: byMonth ? 'month' : undefined, ...filter })}`
  const body = await fetchJson(client, url)
  if (!body) return undefined
  const values = new Map<string, Pub>()
  for (const c of body.cells) values.set(`${c.area}|${c.month ?? '*'}`, num(c.count))
  for (const a of body.totals.areas) values.set(`${a.area}|*`, num(a.count))
  for (const m of body.totals.months ?? []) values.set(`*|${m.month}`, num(m.count))
  values.set('*|*', num(body.totals.count))
  return { model: modelOf(body), k: body.k, values, body }
}

/** analysis/hexbins: hex id → count, `*` the total. */
export async function hexbins(client: AttackClient, size: number, p: Period, filter: Omit<Filter, 'kind'> = {}): Promise<Table | undefined> {
  const body = await fetchJson(client, `/api/v1/analysis/hexbins?${qs({ size, from: p.from, to: p.to, ...filter })}`)
  if (!body) return undefined
  const values = new Map<string, Pub>()
  for (const f of body.features) values.set(f.properties.id, num(f.properties.count))
  values.set('*', num(body.total.count))
  return { model: modelOf(body), k: body.k, values, body }
}

/** analysis/border-activity: `side|month`, `side|*`, `*|month`, `*|*`. */
export async function borderActivity(client: AttackClient, between: [string, string], distance: number, p: Period): Promise<Table | undefined> {
  const res = await (async () => {
    requests.count++
    return client.get(`/api/v1/analysis/border-activity?${qs({ between: between.join(','), distance, from: p.from, to: p.to })}`)
  })()
  if (res.statusCode === 404) return undefined // the two boroughs share no border
  if (res.statusCode === 400 || res.statusCode === 403) {
    requests.refused++
    return undefined
  }
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200)
  const body = res.json()
  const values = new Map<string, Pub>()
  for (const r of body.rows) values.set(`${r.side}|${r.month.slice(0, 7)}`, num(r.count))
  for (const s of body.totals.sides) values.set(`${s.side}|*`, num(s.count))
  for (const m of body.totals.months) values.set(`*|${m.month.slice(0, 7)}`, num(m.count))
  values.set('*|*', num(body.totals.count))
  return { model: modelOf(body), k: body.k, values, body }
}

/** analysis/flows: `H>D` cells, `H>*` origins, `*>D` destinations, `*>*` the total. */
export async function flows(client: AttackClient, p: Period, filter: Omit<Filter, 'kind'> = {}): Promise<Table | undefined> {
  const body = await fetchJson(client, `/api/v1/analysis/flows?${qs({ from: p.from, to: p.to, ...filter })}`)
  if (!body) return undefined
  const values = new Map<string, Pub>()
  for (const c of body.matrix.cells) values.set(`${c.origin}>${c.destination}`, num(c.count))
  for (const o of body.matrix.origins) values.set(`${o.code}>*`, num(o.count))
  for (const d of body.matrix.destinations) values.set(`*>${d.code}`, num(d.count))
  values.set('*>*', num(body.matrix.total.count))
  return { model: modelOf(body), k: body.k, values, body }
}

export const fundingUrl = (p: Period, basis: string, weight?: number, programme?: string, format?: 'csv' | 'json') =>
  `/api/v1/reports/funding?${qs({ from: p.from, to: p.to, basis, weight, programme, format })}`
