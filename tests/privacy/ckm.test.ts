import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Role } from '../../server/auth/actor.js'
import type { Database } from '../../server/db/database.js'
import { withActor } from '../../server/db/scoped.js'
import { KEY_RANGE, publish } from '../helpers/ckm.js'
import { createTestDatabase } from '../helpers/db.js'

/**
 * The cell-key method's published-value rule (docs/disclosure.md): the test helper's independent
 * TypeScript rule (tests/helpers/ckm.ts) has the properties the contract promises, checked over every
 * one of the 2^20 keys, and agrees with the database's ckm_publish (migration 0021) on a grid of
 * (n, key, k, d) that includes every boundary of the rule.
 */

const KS = [3, 5, 10]
const DS = [1, 2, 3, 8]

describe('publish (the rule itself, every key)', () => {
  it('publishes 0 for 0 whatever the key', () => {
    for (const k of KS) for (const d of DS) for (let key = 0; key < KEY_RANGE; key += 4099) expect(publish(0, key, k, d)).toBe(0)
    expect(publish(0, KEY_RANGE - 1, 5, 2)).toBe(0)
  })

  it('never publishes 1..k−1; below k it publishes k or 0 with mean n (within k/2^20); at or above k within ±min(D, n−k), never below k, mean n', () => {
    for (const k of KS) {
      for (const d of DS) {
        for (let n = 1; n <= k + 2 * d + 2; n++) {
          let sum = 0
          let min = Infinity
          let max = -Infinity
          let small = 0
          for (let key = 0; key < KEY_RANGE; key++) {
            const p = publish(n, key, k, d)
            sum += p
            if (p < min) min = p
            if (p > max) max = p
            if (p >= 1 && p < k) small++
          }
          const where = `n=${n} k=${k} d=${d}`
          expect(small, where).toBe(0)
          if (n < k) {
            // Only 0 and k come out: k for the ⌈n·2^20/k⌉ keys below n/k of the range, so the mean is
            // n up to the rounding of the key range (less than k/2^20).
            expect([min, max], where).toEqual([0, k])
            expect(sum, where).toBe(k * Math.ceil((n * KEY_RANGE) / k))
            expect(Math.abs(sum / KEY_RANGE - n), where).toBeLessThan(k / KEY_RANGE)
          } else {
            const m = Math.min(d, n - k)
            expect(min, where).toBe(n - m)
            expect(max, where).toBe(n + m)
            expect(min, where).toBeGreaterThanOrEqual(k)
            expect(max - n, where).toBeLessThanOrEqual(d)
            // The noise is symmetric in its weights; the 2^20 keys fall into the W = 3·2^m − 2 slots
            // with at most one key's difference, so the mean is n to within W/2^20 of a slot's share
            // (a few millionths of a referral), never biased by more than that.
            expect(Math.abs(sum / KEY_RANGE - n), where).toBeLessThan(1e-5)
          }
        }
      }
    }
  })

  it('gives each value j of −m..m the share 2^(m−|j|) / (3·2^m − 2) of the keys (within a slot): mostly 0 or ±1, ±m rarely', () => {
    for (const [n, k, d] of [
      [9, 5, 2],
      [6, 5, 2],
      [20, 5, 3],
      [10, 10, 2],
      [30, 5, 8],
      [13, 5, 8],
    ] as const) {
      const m = Math.min(d, n - k)
      const w = 3 * 2 ** m - 2
      const tally = new Map<number, number>()
      for (let key = 0; key < KEY_RANGE; key++) {
        const j = publish(n, key, k, d) - n
        tally.set(j, (tally.get(j) ?? 0) + 1)
      }
      expect([...tally.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: 2 * m + 1 }, (_, i) => i - m))
      for (const [j, c] of tally) {
        const slots = 2 ** (m - Math.abs(j))
        expect(Math.abs(c - (KEY_RANGE * slots) / w), `n=${n} d=${d} j=${j}`).toBeLessThanOrEqual(slots)
      }
    }
  })

  it('refuses what is not an integer key in range', () => {
    expect(() => publish(3, KEY_RANGE, 5, 2)).toThrow(/key/)
    expect(() => publish(3, -1, 5, 2)).toThrow(/key/)
    expect(() => publish(3.5, 1, 5, 2)).toThrow(/n/)
  })
})

describe('publish agrees with the database (ckm_publish)', { timeout: 240_000 }, () => {
  let database: Database
  beforeAll(async () => {
    database = await createTestDatabase()
  })
  afterAll(() => database?.close())

  it('on a grid of n, key, k and d covering every boundary of the rule', async () => {
    const keys = new Set<number>([0, 1, KEY_RANGE - 1, KEY_RANGE / 2 - 1, KEY_RANGE / 2, KEY_RANGE / 2 + 1])
    for (let i = 1; i < 64; i++) keys.add(Math.floor((i * KEY_RANGE) / 64))
    // The thresholds of n < k (key·k vs n·2^20) and of each noise bucket (key·W vs multiples of 2^20,
    // W = 3·2^m − 2, at the bucket edges t = 2^i − 1 and W − 2^i), ±1.
    for (const k of KS) for (let n = 1; n < k; n++) for (const e of [-1, 0, 1]) keys.add(Math.ceil((n * KEY_RANGE) / k) + e)
    for (let m = 1; m <= 8; m++) {
      const w = 3 * 2 ** m - 2
      for (let i = 0; i <= m + 1; i++) {
        for (const t of [2 ** i - 1, w - 2 ** i]) for (const e of [-1, 0, 1]) keys.add(Math.ceil((t * KEY_RANGE) / w) + e)
      }
    }
    const keyList = [...keys].filter((x) => x >= 0 && x < KEY_RANGE).sort((a, b) => a - b)
    const ns = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 15, 17, 20, 33, 100, 1000, 123457]
    const grid: Array<[number, number, number, number]> = []
    for (const n of ns) for (const key of keyList) for (const k of KS) for (const d of DS) grid.push([n, key, k, d])
    expect(grid.length).toBeGreaterThan(20_000)
    let compared = 0
    let disagreements: string[] = []
    for (let i = 0; i < grid.length; i += 5000) {
      const part = grid.slice(i, i + 5000)
      const { rows } = await sql<{ i: number; p: string | number }>`
        select g.i, ckm_publish(g.n, g.key, g.k, g.d) as p
        from jsonb_to_recordset(${JSON.stringify(part.map(([n, key, k, d], j) => ({ i: j, n, key, k, d })))}::jsonb)
             as g(i int, n bigint, key bigint, k int, d int)`.execute(database.system)
      for (const r of rows) {
        const [n, key, k, d] = part[r.i]!
        const want = publish(n, key, k, d)
        compared++
        if (Number(r.p) !== want) disagreements.push(`n=${n} key=${key} k=${k} d=${d}: sql ${r.p}, ts ${want}`)
      }
      disagreements = disagreements.slice(0, 20)
    }
    expect(compared).toBe(grid.length)
    expect(disagreements).toEqual([])
  })

  it('no request role can read the record keys (only the owner can)', async () => {
    const org = '00000000-0000-0000-0000-0000000000aa'
    for (const role of ['lead', 'caseworker', 'commissioner', 'partner', 'admin'] as Role[]) {
      const actor = { userId: null, organisationId: org, role, boroughs: null, agreementId: null }
      await expect(
        withActor(database.db, actor, (db) => sql`select count(*) from referral_record_keys`.execute(db)),
        role,
      ).rejects.toThrow(/permission denied/)
    }
    await expect(sql`select count(*) from referral_record_keys`.execute(database.system)).resolves.toBeDefined()
  })

  it("the cell key is the sum of the set's record keys modulo 2^20 (each referral's key code added once)", async () => {
    // Keys near the top of the range wrap; a referral repeated (two locations) adds its key once;
    // two referrals with the same record key add it twice (their ordinals differ).
    const { rows } = await sql<{ ck: string | number }>`
      select ckm_key_of(sum(distinct ckm_key_code(x.ordinal, x.key))) as ck
      from (values (1::bigint, ${KEY_RANGE - 1}::int),
                   (1::bigint, ${KEY_RANGE - 1}::int),
                   (2::bigint, ${KEY_RANGE - 3}::int),
                   (3::bigint, 7),
                   (4::bigint, 7)) x (ordinal, key)`.execute(database.system)
    expect(Number(rows[0]!.ck)).toBe((KEY_RANGE - 1 + KEY_RANGE - 3 + 7 + 7) % KEY_RANGE)
    const empty = await sql<{ ck: string | number }>`
      select ckm_key_of(sum(distinct ckm_key_code(x.ordinal, x.key))) as ck from (values (1::bigint, 5)) x (ordinal, key) where false`.execute(database.system)
    expect(Number(empty.rows[0]!.ck)).toBe(0)
  })
})
