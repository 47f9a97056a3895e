import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../server/db/database.js'
import { CUSTOM_PLAN_FUNCTIONS } from '../../migrations/20261205_0028_custom_plans_again.js'
import { createTestDatabase } from '../helpers/db.js'

/**
 * The per-request PL/pgSQL functions are planned for their actual parameters at every call
 * (migrations 0019 and 0028). `create or replace function` replaces a function's settings, so a
 * migration that rewrites one of them without `set plan_cache_mode = force_custom_plan` silently
 * lets PL/pgSQL fall back to a generic plan from the sixth call on; this catches it.
 */

let database: Database
beforeAll(async () => {
  database = await createTestDatabase()
}, 300_000)
afterAll(() => database?.close())

describe('custom plans', () => {
  it('every per-request function with parameters exists and is planned for its actual values at each call', async () => {
    const { rows } = await sql<{ name: string; config: string[] | null }>`
      select p.proname as name, p.proconfig as config from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname = 'public' and p.proname = any(${[...CUSTOM_PLAN_FUNCTIONS]}::text[])`.execute(database.system)
    expect([...new Set(rows.map((r) => r.name))].sort()).toEqual([...CUSTOM_PLAN_FUNCTIONS].sort())
    const without = rows.filter((r) => !(r.config ?? []).includes('plan_cache_mode=force_custom_plan')).map((r) => r.name)
    expect(without).toEqual([])
  })

  it('so is every other per-request function: PL/pgSQL, security definer, stable, with parameters', async () => {
    // A function added later belongs here too: give its definition `set plan_cache_mode = force_custom_plan`.
    const { rows } = await sql<{ name: string }>`
      select p.oid::regprocedure::text as name from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname = 'public' and p.prolang = (select oid from pg_language where lanname = 'plpgsql')
        and p.prosecdef and p.provolatile = 's' and p.pronargs > 0
        and not coalesce('plan_cache_mode=force_custom_plan' = any (p.proconfig), false)
      order by 1`.execute(database.system)
    expect(rows.map((r) => r.name)).toEqual([])
  })
})
