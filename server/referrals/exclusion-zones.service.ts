import type { Kysely } from 'kysely'
import { serviceArea } from '../areas/areas.repository.js'
import type { Actor } from '../auth/actor.js'
import type { DB } from '../db/types.js'
import { notFound } from '../errors/problem.js'
import * as zones from './exclusion-zones.repository.js'
import type { ExclusionZone, ExclusionZoneInput } from './exclusion-zones.schemas.js'
import { Checks } from './validation.js'

const positions = (coords: unknown): number[][] =>
  Array.isArray(coords) && typeof coords[0] === 'number' ? [coords as number[]] : Array.isArray(coords) ? coords.flatMap(positions) : []

/** Adds an exclusion zone (relocation programmes): inside the service area, closed rings, valid. */
export async function addExclusionZone(db: Kysely<DB>, actor: Actor, referralId: string, input: ExclusionZoneInput): Promise<ExclusionZone> {
  const checks = new Checks()
  const area = await serviceArea(db)
  const pts = positions(input.geometry.coordinates)
  if (!area || pts.some(([x, y]) => x! < area[0] || x! > area[2] || y! < area[1] || y! > area[3])) {
    checks.add('geometry.coordinates', 'has positions outside the service area (the loaded boroughs plus 2 km)')
  }
  const rings = input.geometry.type === 'Polygon' ? input.geometry.coordinates : input.geometry.coordinates.flat()
  if (rings.some((r) => r[0]![0] !== r[r.length - 1]![0] || r[0]![1] !== r[r.length - 1]![1])) {
    checks.add('geometry.coordinates', 'has a ring whose first and last positions differ')
  }
  checks.throwIfAny()
  const geojson = JSON.stringify(input.geometry)
  const reason = await zones.invalidReason(db, geojson)
  if (reason) checks.add('geometry', `is not a valid polygon: ${reason}`)
  checks.throwIfAny()
  const row = await zones.insertZone(db, actor, referralId, input.name, geojson)
  if (!row) throw notFound(`Referral ${referralId}`)
  return { id: row.id, name: row.name, geometry: JSON.parse(row.geometry) as ExclusionZone['geometry'] }
}

export async function removeExclusionZone(db: Kysely<DB>, actor: Actor, referralId: string, id: string): Promise<void> {
  if (!(await zones.deleteZone(db, actor, referralId, id))) throw notFound(`Exclusion zone ${id} of referral ${referralId}`)
}

export async function exclusionZones(db: Kysely<DB>, actor: Actor, referralId: string): Promise<ExclusionZone[]> {
  const rows = await zones.listZones(db, actor, referralId)
  if (!rows) throw notFound(`Referral ${referralId}`)
  return rows.map((row) => ({ id: row.id, name: row.name, geometry: JSON.parse(row.geometry) as ExclusionZone['geometry'] }))
}
