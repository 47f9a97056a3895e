import { createWriteStream } from 'node:fs'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { Kysely } from 'kysely'
import type { DB } from '../server/db/types.js'

/** The bulk-import CSV columns (docs/imports.md). */
const HEADER = 'external_id,programme,subject_role,age_band,funding_borough,opened_on,location_kind,lon,lat,observed_on,precision\n'

/** Writes a synthetic import CSV of exactly `rows` locations; returns the referral count and generator used. */
export async function writeBenchCsv(db: Kysely<DB>, path: string, rows: number): Promise<{ referrals: number; generator: string }> {
  let referrals = 0
  const demo = await import('../server/demo/generate.js').catch(() => undefined)
  const seed = await import('../server/demo/seed.js').catch(() => undefined)
  if (demo && seed) {
    // The demo generator (deterministic; a smaller count is a prefix of a larger), cut at `rows` locations.
    const london = await seed.boroughsInDatabase(db)
    const today = new Date().toISOString().slice(0, 10)
    async function* lines() {
      yield HEADER
      let written = 0
      for (const r of demo!.demoReferrals({ count: Number.MAX_SAFE_INTEGER, seed: 20261127, today }, london)) {
        referrals++
        let chunk = ''
        for (const l of r.locations) {
          if (written++ >= rows) break
          chunk += `${r.externalId},${r.programme},${r.subjectRole},${r.ageBand},${r.fundingBorough},${r.openedOn},${l.kind},${l.lon},${l.lat},${l.observedOn},${l.precision}\n`
        }
        yield chunk
        if (written >= rows) return
      }
    }
    await pipeline(Readable.from(lines()), createWriteStream(path))
    return { referrals, generator: 'server/demo/generate.ts (demoReferrals)' }
  }
  throw new Error('server/demo/generate.ts is not available: the bench needs the demo generator')
}
