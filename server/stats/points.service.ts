import { sql, type Kysely } from 'kysely'
import type { Actor } from '../auth/actor.js'
import { agreementInForce } from '../auth/agreements.js'
import type { DB } from '../db/types.js'
import { forbidden, invalid } from '../errors/problem.js'
import { OGL_ATTRIBUTION } from '../geodata/attribution.js'

export interface PointsQuery {
  from: string
  to: string
  cell?: number | undefined
  kind?: string | undefined
}

/**
 * Generalised points: located events snapped to the centre of a fixed square cell of the British
 * National Grid, counted as distinct referrals — by the database (generalised_points): exact for a
 * lead (cells under k dropped), perturbed by the cell-key method for everyone else (cells published
 * as 0 dropped; 250, 500 or 1000 m, a partner exactly its agreement's cell size and fixed periods).
 */
export async function generalisedPoints(db: Kysely<DB>, actor: Actor, q: PointsQuery) {
  if (q.to < q.from) throw invalid('to', `must not be before from (${q.from})`)
  let cell = q.cell ?? 250
  if (actor.role === 'partner') {
    const agreement = await agreementInForce(db)
    if (agreement.level !== 'generalised') throw forbidden(`The agreement "${agreement.name}" allows aggregate counts only, not generalised points.`)
    cell = q.cell ?? agreement.cellM
  }
  const { rows } = await sql<{ lon: number; lat: number; referrals: number }>`
    select ST_X(p) as lon, ST_Y(p) as lat, referrals from (
      select ST_Transform(ST_SetSRID(ST_MakePoint(g.x, g.y), 27700), 4326) as p, g.referrals
      from generalised_points(${`${q.from}-01`}::date, (${`${q.to}-01`}::date + interval '1 month')::date, ${cell}::int, ${q.kind ?? null}) g
    ) s`.execute(db)
  return {
    type: 'FeatureCollection' as const,
    attribution: OGL_ATTRIBUTION,
    cellM: cell,
    features: rows.map((r) => ({
      type: 'Feature' as const,
      geometry: { type: 'Point', coordinates: [Math.round(r.lon * 1e6) / 1e6, Math.round(r.lat * 1e6) / 1e6] },
      properties: { referrals: Number(r.referrals) },
    })),
  }
}
