import { sql, type Kysely } from 'kysely'
import type { Actor } from '../auth/actor.js'
import type { DB } from '../db/types.js'
import { forbidden, invalid } from '../errors/problem.js'

/**
 * The study area of the hex analyses (hot spots, emerging hot spots, evaluation): the hexagons whose
 * centre lies in the chosen boroughs, empty ones included. Which boroughs decides the answer — a
 * hot spot is "more than the rest of the study area" — so it is chosen in this order and always
 * stated in the response:
 * 1. `requested`: the boroughs the lead asks for (each must be a borough in force, and within the
 *    lead's own borough scope if they have one);
 * 2. `working`: the organisation's working boroughs, set by an administrator (migration 0024),
 *    within the lead's scope;
 * 3. `scope`: the lead's borough scope;
 * 4. `all`: every borough in force.
 */

export type StudyAreaSource = 'requested' | 'working' | 'scope' | 'all'

export interface StudyAreaChoice {
  /** Borough codes, sorted; every borough in force when source is 'all'. */
  boroughs: string[]
  /** The same as null when every borough in force is in (the query then needs no filter). */
  filter: string[] | null
  source: StudyAreaSource
  /** Code → name of the chosen boroughs. */
  names: Map<string, string>
}

/** `boroughs` query parameter: comma-separated GSS codes. */
export const BOROUGHS_PATTERN = '^[A-Z][0-9]{8}(,[A-Z][0-9]{8})*$'

export async function boroughsInForce(db: Kysely<DB>): Promise<Map<string, string>> {
  const { rows } = await sql<{ code: string; name: string }>`
    select code, name from areas where kind = 'borough' and (valid_to is null or valid_to > current_date) order by code`.execute(db)
  return new Map(rows.map((r) => [r.code, r.name]))
}

export async function workingBoroughs(db: Kysely<DB>): Promise<string[] | null> {
  const {
    rows: [row],
  } = await sql<{ b: string[] | null }>`select organisation_working_boroughs() as b`.execute(db)
  return row?.b ?? null
}

/** Sets the working boroughs (an administrator; the database checks both the role and the codes). Empty clears them. */
export async function setWorkingBoroughs(db: Kysely<DB>, boroughs: readonly string[]): Promise<string[] | null> {
  const {
    rows: [row],
  } = await sql<{ b: string[] | null }>`select organisation_set_working_boroughs(${[...boroughs]}::text[]) as b`.execute(db)
  return row?.b ?? null
}

export function parseBoroughs(param: string | undefined): string[] | undefined {
  if (param === undefined || param === '') return undefined
  return [...new Set(param.split(','))].sort()
}

export async function chooseStudyArea(db: Kysely<DB>, actor: Actor, requested: readonly string[] | undefined): Promise<StudyAreaChoice> {
  const inForce = await boroughsInForce(db)
  const scope = actor.boroughs
  const within = (codes: readonly string[]) => (scope === null ? [...codes] : codes.filter((c) => scope.includes(c)))
  let boroughs: string[]
  let source: StudyAreaSource
  if (requested !== undefined && requested.length > 0) {
    const unknown = requested.find((c) => !inForce.has(c))
    if (unknown !== undefined) throw invalid('boroughs', `no borough in force has the code ${unknown}`)
    const outside = requested.find((c) => scope !== null && !scope.includes(c))
    if (outside !== undefined) throw forbidden(`Borough ${outside} is outside your borough scope.`)
    boroughs = [...requested]
    source = 'requested'
  } else {
    const working = within((await workingBoroughs(db)) ?? []).filter((c) => inForce.has(c))
    if (working.length > 0) {
      boroughs = working
      source = 'working'
    } else if (scope !== null) {
      boroughs = scope.filter((c) => inForce.has(c))
      source = 'scope'
    } else {
      boroughs = [...inForce.keys()]
      source = 'all'
    }
  }
  boroughs.sort()
  const all = boroughs.length === inForce.size
  return { boroughs, filter: all ? null : boroughs, source, names: new Map(boroughs.map((c) => [c, inForce.get(c)!])) }
}

/** "Brent, Camden and Westminster", "all 33 London boroughs", "12 boroughs". */
export function describeBoroughs(choice: StudyAreaChoice): string {
  if (choice.filter === null) return `all ${choice.boroughs.length} boroughs`
  const names = [...choice.names.values()].sort()
  if (names.length > 4) return `${names.length} boroughs`
  return names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`
}
