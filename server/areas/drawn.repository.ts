import { sql, type Kysely } from 'kysely'
import type { DB } from '../db/types.js'
import { asGeoJson4326 } from '../db/spatial.js'

/** A drawn estate or patch as the API shows it; geometry is GeoJSON text in EPSG:4326. */
export interface DrawnAreaRow {
  code: string
  name: string
  kind: 'estate' | 'patch'
  parentCode: string | null
  /** Boroughs it overlaps by more than 1 m² (two or more: a straddling area). */
  boroughs: string[]
  areaM2: number
  drawnAt: string
  geometry: string
}

/** Who may change an area: its kind and the organisation that drew it (null = imported). */
export interface AreaOwner {
  id: number
  kind: string
  organisationId: string | null
}

const drawnColumns = sql`
  a.code, a.name, a.kind, a.parent_code as "parentCode",
  coalesce((select array_agg(b.code order by b.code) from areas b
            where b.kind = 'borough' and (b.valid_to is null or b.valid_to > current_date)
              and ST_Intersects(a.geom, b.geom) and ST_Area(ST_Intersection(a.geom, b.geom)) > 1), '{}') as boroughs,
  round(ST_Area(a.geom)::numeric, 0)::float8 as "areaM2",
  to_char(a.drawn_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "drawnAt",
  ${asGeoJson4326(sql.ref('a.geom'))} as geometry`

/** The current area with that code, with who may change it; undefined when there is none. */
export async function areaOwner(db: Kysely<DB>, code: string): Promise<AreaOwner | undefined> {
  const { rows } = await sql<AreaOwner>`
    select id, kind, organisation_id as "organisationId" from areas
    where code = ${code} and (valid_to is null or valid_to > current_date)
    order by valid_from desc nulls last limit 1`.execute(db)
  return rows[0]
}

/** True when any area, of any kind, current or not, has that code. */
export async function codeTaken(db: Kysely<DB>, code: string): Promise<boolean> {
  const { rows } = await sql<{ taken: boolean }>`select exists (select 1 from areas where code = ${code}) as taken`.execute(db)
  return rows[0]?.taken ?? false
}

/** Everything wrong with a lon/lat polygon as a drawn area (validity with its reason, size, place). */
export async function geometryProblems(db: Kysely<DB>, geojson: string): Promise<Array<{ field: string; message: string }>> {
  const { rows } = await sql<{ field: string; message: string }>`select field, message from drawn_area_problems(${geojson})`.execute(db)
  return rows
}

/** The areas the actor's organisation drew (the organisation comes from the transaction's settings). */
export async function listDrawn(db: Kysely<DB>): Promise<DrawnAreaRow[]> {
  const { rows } = await sql<DrawnAreaRow>`
    select ${drawnColumns} from areas a
    where a.organisation_id = app_org_id() and (a.valid_to is null or a.valid_to > current_date)
    order by a.kind, a.name, a.code`.execute(db)
  return rows
}

export async function drawnById(db: Kysely<DB>, id: number): Promise<DrawnAreaRow | undefined> {
  const { rows } = await sql<DrawnAreaRow>`select ${drawnColumns} from areas a where a.id = ${id}`.execute(db)
  return rows[0]
}

/** Writes the area, its parts, the affected locations' codes and the audit row (migration 0015). */
export async function createDrawn(db: Kysely<DB>, kind: string, code: string, name: string, geojson: string): Promise<{ id: number; reassigned: number }> {
  const { rows } = await sql<{ area_id: string; reassigned: string }>`
    select area_id, reassigned from drawn_area_create(${kind}, ${code}, ${name}, ${geojson})`.execute(db)
  return { id: Number(rows[0]!.area_id), reassigned: Number(rows[0]!.reassigned) }
}

export async function updateDrawn(db: Kysely<DB>, code: string, name: string | null, geojson: string | null): Promise<{ id: number; reassigned: number }> {
  const { rows } = await sql<{ area_id: string; reassigned: string }>`
    select area_id, reassigned from drawn_area_update(${code}, ${name}::text, ${geojson}::text)`.execute(db)
  return { id: Number(rows[0]!.area_id), reassigned: Number(rows[0]!.reassigned) }
}

export async function deleteDrawn(db: Kysely<DB>, code: string): Promise<number> {
  const { rows } = await sql<{ reassigned: string }>`select reassigned from drawn_area_delete(${code})`.execute(db)
  return Number(rows[0]!.reassigned)
}
