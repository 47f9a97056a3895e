import { randomBytes } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { DB } from '../db/types.js'
import { notFound, Problem } from '../errors/problem.js'
import * as repo from './drawn.repository.js'
import type { DrawnAreaChange, NewDrawnArea } from './drawn.schemas.js'

const GSS_LIKE = /^[EWSNK]\d{8}$/

/** A drawn area as a GeoJSON Feature (the geometry parsed back from the database's text). */
export function drawnFeature(row: repo.DrawnAreaRow, locationsReassigned?: number) {
  return {
    type: 'Feature' as const,
    id: row.code,
    geometry: JSON.parse(row.geometry) as { type: string; coordinates: unknown[] },
    properties: {
      code: row.code,
      name: row.name,
      kind: row.kind,
      parentCode: row.parentCode,
      synthetic: false,
      drawn: true as const,
      boroughs: row.boroughs,
      areaM2: row.areaM2,
      drawnAt: row.drawnAt,
      ...(locationsReassigned === undefined ? {} : { locationsReassigned }),
    },
  }
}

/** Rings whose last position is not their first: PostGIS refuses to parse those at all (an error, not a reason). */
function unclosedRings(geometry: unknown): Array<{ field: string; message: string }> {
  const g = geometry as { type?: string; coordinates?: unknown }
  const polygons = (g.type === 'MultiPolygon' ? g.coordinates : [g.coordinates]) as number[][][][]
  const problems: Array<{ field: string; message: string }> = []
  for (const [i, rings] of polygons.entries()) {
    for (const [j, ring] of rings.entries()) {
      const [first, last] = [ring[0], ring[ring.length - 1]]
      if (!first || !last || first[0] !== last[0] || first[1] !== last[1]) {
        const field = g.type === 'MultiPolygon' ? `geometry.coordinates[${i}][${j}]` : `geometry.coordinates[${j}]`
        problems.push({ field, message: 'is not a closed ring: its last position must repeat its first' })
      }
    }
  }
  return problems
}

async function checkGeometry(db: Kysely<DB>, geometry: unknown): Promise<string> {
  const geojson = JSON.stringify(geometry)
  const unclosed = unclosedRings(geometry)
  if (unclosed.length) throw new Problem(400, 'validation-failed', unclosed.map((p) => `${p.field} ${p.message}`).join('; '), unclosed)
  const problems = await repo.geometryProblems(db, geojson)
  if (problems.length) throw new Problem(400, 'validation-failed', problems.map((p) => `${p.field} ${p.message}`).join('; '), problems)
  return geojson
}

/** The area with that code, if the actor's organisation drew it; otherwise why not (404/403). */
async function ownArea(db: Kysely<DB>, organisationId: string, code: string): Promise<repo.AreaOwner> {
  const area = await repo.areaOwner(db, code)
  if (!area) throw notFound(`Area ${code}`)
  if (area.kind !== 'estate' && area.kind !== 'patch') {
    throw new Problem(403, 'forbidden', `${code} is a ${area.kind}: official boundaries change only by import (npm run import:areas), never here.`)
  }
  if (area.organisationId === null) throw new Problem(403, 'forbidden', `${code} was imported, not drawn; it changes only by import.`)
  if (area.organisationId !== organisationId) throw new Problem(403, 'forbidden', `${code} was drawn by another organisation; only its leads may change it.`)
  return area
}

/** Draws a new estate or patch (leads): checked, stored in EPSG:27700 with its parts, locations reassigned. */
export async function drawArea(db: Kysely<DB>, input: NewDrawnArea) {
  const code = input.code ?? `${input.kind === 'estate' ? 'EST' : 'PAT'}-${randomBytes(4).toString('hex').toUpperCase()}`
  if (GSS_LIKE.test(code))
    throw new Problem(400, 'validation-failed', 'code must not look like a GSS code', [{ field: 'code', message: 'must not look like a GSS code (E09000005)' }])
  const geojson = await checkGeometry(db, input.geometry)
  if (await repo.codeTaken(db, code)) throw new Problem(409, 'conflict', `An area with code ${code} exists already; choose another code.`)
  const { id, reassigned } = await repo.createDrawn(db, input.kind, code, input.name.trim(), geojson)
  return drawnFeature((await repo.drawnById(db, id))!, reassigned)
}

/** Renames and/or redraws one of the organisation's drawn areas. */
export async function changeArea(db: Kysely<DB>, organisationId: string, code: string, change: DrawnAreaChange) {
  await ownArea(db, organisationId, code)
  const geojson = change.geometry === undefined ? null : await checkGeometry(db, change.geometry)
  const { id, reassigned } = await repo.updateDrawn(db, code, change.name?.trim() ?? null, geojson)
  return drawnFeature((await repo.drawnById(db, id))!, reassigned)
}

/** Deletes one of the organisation's drawn areas; its locations lose (or change) that code. */
export async function eraseArea(db: Kysely<DB>, organisationId: string, code: string): Promise<number> {
  await ownArea(db, organisationId, code)
  return repo.deleteDrawn(db, code)
}

export async function drawnAreas(db: Kysely<DB>) {
  return (await repo.listDrawn(db)).map((r) => drawnFeature(r))
}
