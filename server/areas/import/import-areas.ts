import { sql, type Kysely, type Transaction } from 'kysely'
import type { AreaKind, DB } from '../../db/types.js'
import { Problem, type FieldError } from '../../errors/problem.js'
import type { AreaInput } from './features.js'
import { assignParentBoroughs, rebuildAreaParts, rebuildBoroughBorders } from './derived.js'

export interface ImportAreasOptions {
  kind: AreaKind
  /** EPSG code of the input coordinates. */
  srid: number
  source: string
  licence: string
  validFrom?: string | null
  validTo?: string | null
  synthetic?: boolean
}

export interface ImportAreasReport {
  kind: AreaKind
  imported: number
  replaced: number
  /** Features whose geometry was invalid and repaired with ST_MakeValid. */
  repaired: { code: string; reason: string }[]
  borders?: number
}

const BATCH = 250

/**
 * Replaces every area of one kind in a single transaction: stage, transform to EPSG:27700,
 * repair invalid geometries (reported), insert, then rebuild the subdivided parts, parent codes
 * and (for boroughs) the shared borders. Anything wrong rolls the whole import back.
 */
export async function importAreas(db: Kysely<DB>, areas: AreaInput[], opts: ImportAreasOptions): Promise<ImportAreasReport> {
  if (areas.length === 0) throw new Problem(400, 'validation-failed', 'features: nothing to import', [{ field: 'features', message: 'empty' }])
  if (opts.srid === 4326) checkLonLatRange(areas)
  return db.transaction().execute(async (trx) => {
    const known = await sql<{ n: number }>`select count(*)::int as n from spatial_ref_sys where srid = ${opts.srid}`.execute(trx)
    if (!known.rows[0]?.n)
      throw new Problem(400, 'validation-failed', `crs: EPSG:${opts.srid} is not a known CRS`, [{ field: 'crs', message: 'unknown EPSG code' }])

    await sql`create temporary table area_stage (ord int, code text, name text, parent_code text, raw geometry) on commit drop`.execute(trx)
    for (let i = 0; i < areas.length; i += BATCH) await stageBatch(trx, areas.slice(i, i + BATCH), i, opts.srid)

    const invalid = await sql<{ code: string; reason: string }>`
      select code, ST_IsValidReason(raw) as reason from area_stage where not ST_IsValid(raw) order by ord`.execute(trx)
    const { numDeletedRows } = await trx.deleteFrom('areas').where('kind', '=', opts.kind).executeTakeFirst()
    await sql`
      insert into areas (kind, code, name, parent_code, geom, valid_from, valid_to, source, licence, synthetic)
      select ${opts.kind}, code, name, parent_code,
             ST_Multi(ST_CollectionExtract(case when ST_IsValid(raw) then raw else ST_MakeValid(raw) end, 3)),
             ${opts.validFrom ?? null}::date, ${opts.validTo ?? null}::date, ${opts.source}, ${opts.licence}, ${opts.synthetic ?? false}
      from area_stage order by ord`.execute(trx)
    const empty = await sql<{ code: string }>`select code from areas where kind = ${opts.kind} and ST_IsEmpty(geom)`.execute(trx)
    if (empty.rows.length) {
      throw new Problem(
        400,
        'validation-failed',
        `${empty.rows.length} feature(s) have no area once repaired`,
        empty.rows.map((r) => ({ field: `code ${r.code}`, message: 'geometry has no area once repaired' })),
      )
    }

    await rebuildAreaParts(trx, opts.kind)
    if (opts.kind !== 'borough') await assignParentBoroughs(trx, opts.kind)
    const report: ImportAreasReport = {
      kind: opts.kind,
      imported: areas.length,
      replaced: Number(numDeletedRows),
      repaired: invalid.rows,
    }
    if (opts.kind === 'borough') report.borders = await rebuildBoroughBorders(trx)
    return report
  })
}

async function stageBatch(trx: Transaction<DB>, batch: AreaInput[], offset: number, srid: number) {
  const rows = batch.map((a, i) => ({
    ord: offset + i,
    code: a.code,
    name: a.name,
    parent_code: a.parentCode,
    geometry: a.geometry ?? null,
    wkb: a.wkb ?? null,
  }))
  try {
    // GeoJSON, or WKB (a GeoPackage's, possibly with Z or M, dropped: boundaries are flat).
    await sql`
      insert into area_stage (ord, code, name, parent_code, raw)
      select f.ord, f.code, f.name, f.parent_code,
             ST_Transform(ST_SetSRID(ST_Force2D(coalesce(ST_GeomFromGeoJSON(f.geometry::text), ST_GeomFromWKB(decode(f.wkb, 'hex')))), ${srid}::int), 27700)
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as f(ord int, code text, name text, parent_code text, geometry jsonb, wkb text)`.execute(trx)
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err)
    throw new Problem(
      400,
      'validation-failed',
      `features[${offset}..${offset + batch.length - 1}]: geometry could not be read or transformed from EPSG:${srid} (${detail})`,
      [{ field: `features[${offset}..${offset + batch.length - 1}].geometry`, message: detail }],
    )
  }
}

function checkLonLatRange(areas: AreaInput[]) {
  const errors: FieldError[] = []
  for (const a of areas) {
    if (!a.geometry) continue // WKB from a GeoPackage, whose CRS the file states
    const bad = firstPosition((a.geometry as { coordinates: unknown }).coordinates, ([lon, lat]) => Math.abs(lon) > 180 || Math.abs(lat) > 90)
    if (bad) errors.push({ field: `code ${a.code}`, message: `position (${bad[0]}, ${bad[1]}) is outside the lon/lat range; is the file in another CRS?` })
  }
  if (errors.length) throw new Problem(400, 'validation-failed', `${errors.length} feature(s) have coordinates outside the lon/lat range`, errors)
}

/** The first position in nested coordinate arrays that matches. */
function firstPosition(c: unknown, test: (p: [number, number]) => boolean): [number, number] | undefined {
  if (!Array.isArray(c)) return undefined
  if (typeof c[0] === 'number') return test(c as [number, number]) ? (c as [number, number]) : undefined
  for (const x of c) {
    const hit = firstPosition(x, test)
    if (hit) return hit
  }
  return undefined
}
