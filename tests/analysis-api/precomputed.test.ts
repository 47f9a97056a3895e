import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedReferrals } from '../access/seed.js'
import { createTestApp, type TestApp } from '../helpers/app.js'
import { withActor } from '../../server/db/scoped.js'
import { hexCounts, PRECOMPUTED_HEX_SIZES, precomputedLeadCells } from '../../server/analysis-data/hex.repository.js'
import { leadHexCounts } from '../../server/analysis-data/lead-counts.repository.js'
import type { Actor } from '../../server/auth/actor.js'

/**
 * A lead's hex counts at the precomputed sizes come from tile_hex_counts (migration 0012) instead of
 * binning every location: they must equal analysis_hex_counts cell for cell, for every filter grain,
 * and follow a new referral at once (the triggers keep the table current). The hot-spot analyses
 * read a lead's distinct-referral counts from there too (leadHexCounts): they must equal binning the
 * organisation's located events.
 */

let t: TestApp
let lead: Actor
let programme: string

beforeAll(async () => {
  t = await createTestApp()
  await seedReferrals(t.database.system, t.world.orgs)
  lead = (await t.world.as('leadA')).actor
  const { rows } = await sql<{ slug: string }>`select slug from programmes order by slug limit 1`.execute(t.database.system)
  programme = rows[0]!.slug
}, 300_000)
afterAll(() => t?.close())

type Cells = Map<string, number>
const asMap = (rows: Array<{ line: string; q: number | null; r: number | null; n: number | string | null }>): Cells =>
  new Map(rows.filter((r) => r.line === 'cell').map((r) => [`${r.q}:${r.r}`, Number(r.n)]))

async function both(size: number, from: string, to: string, f: { programme?: string; subjectRole?: string; ageBand?: string }) {
  return withActor(t.database.db, lead, async (trx) => {
    const fast = await hexCounts(trx, size, from, to, f)
    const { rows } = await sql<{ line: string; q: number; r: number; n: string }>`
      select line, cell_q as q, cell_r as r, n from analysis_hex_counts(${size}::integer, ${from}::date, ${to}::date,
        ${f.programme ?? null}::text, ${f.subjectRole ?? null}::text, ${f.ageBand ?? null}::text)`.execute(trx)
    return { fast, slow: rows }
  })
}

describe('precomputed hex counts for leads', () => {
  it('equal analysis_hex_counts at every precomputed size and filter grain', async () => {
    const filters = [{}, { programme }, { subjectRole: 'at_risk' }, { ageBand: '16-17' }, { programme, subjectRole: 'victim', ageBand: '14-15' }]
    let compared = 0
    for (const size of PRECOMPUTED_HEX_SIZES) {
      for (const f of filters) {
        const { fast, slow } = await both(size, '2026-01-01', '2026-06-01', f)
        expect(asMap(fast), `size ${size} ${JSON.stringify(f)}`).toEqual(asMap(slow))
        const total = (rows: typeof fast | typeof slow) => Number(rows.find((r) => r.line === 'total')?.n)
        expect(total(fast)).toBe(total(slow))
        compared += asMap(fast).size
      }
    }
    expect(compared).toBeGreaterThan(20)
  })

  it('follow a new referral at once', async () => {
    const before = asMap((await both(250, '2026-03-01', '2026-03-01', {})).fast)
    const client = await t.world.as('leadA')
    const res = await client.post('/api/v1/referrals', {
      externalId: 'PRECOMPUTED-1',
      programme,
      subjectRole: 'at_risk',
      ageBand: '16-17',
      fundingBorough: 'E09000005',
      openedOn: '2026-03-01',
      locations: [{ kind: 'incident', lon: -0.195, lat: 51.534, observedOn: '2026-03-10', precision: 'exact' }],
    })
    expect(res.statusCode).toBe(201)
    const { fast, slow } = await both(250, '2026-03-01', '2026-03-01', {})
    expect(asMap(fast)).toEqual(asMap(slow))
    const sum = (m: Cells) => [...m.values()].reduce((a, b) => a + b, 0)
    expect(sum(asMap(fast))).toBe(sum(before) + 1)
  })

  it('give the hot-spot analyses the same counts as binning every located event, for leads only', async () => {
    const filters = [{}, { programme }, { subjectRole: 'victim' }, { programme, subjectRole: 'at_risk', ageBand: '16-17' }]
    let compared = 0
    for (const size of PRECOMPUTED_HEX_SIZES) {
      for (const f of filters) {
        for (const [from, to] of [
          ['2026-01-01', '2026-06-01'],
          ['2025-07-01', '2026-06-01'],
          ['2026-04-01', '2026-04-01'],
        ] as const) {
          const { kept, binned } = await withActor(t.database.db, lead, async (trx) => {
            const kept = await leadHexCounts(trx, size, from, to, f, { unit: 'referrals', kind: null })
            const { rows } = await sql<{ q: number; r: number; n: string }>`
              select h.q, h.r, count(distinct l.referral_id) as n
              from analysis_exact_locations(${from}::date, ${to}::date, ${f.programme ?? null}::text, ${f.subjectRole ?? null}::text, ${f.ageBand ?? null}::text) l
              cross join lateral tile_hex_axial(ST_X(l.geom), ST_Y(l.geom), ${size}::double precision) h
              group by h.q, h.r`.execute(trx)
            return { kept, binned: rows }
          })
          const cells = (rows: Array<{ q: number; r: number; n: number | string }>) => new Map(rows.map((r) => [`${r.q}:${r.r}`, Number(r.n)]))
          expect(cells(kept), `size ${size} ${from}..${to} ${JSON.stringify(f)}`).toEqual(cells(binned))
          compared += kept.length
        }
      }
    }
    expect(compared).toBeGreaterThan(50)
    const commissioner = (await t.world.as('commissionerA')).actor
    await expect(withActor(t.database.db, commissioner, (trx) => precomputedLeadCells(trx, 500, '2026-01-01', '2026-06-01', {}))).rejects.toThrow(/leads only/)
  })
})
