import { perturbedSentence } from '../../ui/disclosure.js'
import type { Me } from '../registry.js'

export type Agreement = NonNullable<Me['agreement']>

export const FIELD_NAMES: Record<string, string> = {
  programme: 'programme',
  subjectRole: 'subject role',
  ageBand: 'age band',
  month: 'month',
  borough: 'borough',
  ward: 'ward',
  kind: 'kind of place',
}
/** What a level allows: wards only when the agreement lists the field, hexagons only at the agreement's cell size. */
const LEVELS: Record<string, (cellM: number, wards: boolean) => string> = {
  aggregate: (_cellM, wards) => `counts per borough${wards ? ' and ward' : ''}`,
  generalised: (cellM, wards) =>
    `counts per borough${wards ? ', ward' : ''}, LSOA or ${cellM} m hexagon, and generalised points: places snapped to the centre of a ${cellM} m grid cell`,
}
/** The agreement's cell size: generalised points, hexagons and exports use exactly this (older servers: 250 m). */
export const cellOf = (a: Agreement): number => a.cellM ?? 250
export const longDate = (d: string) =>
  new Date(`${d}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })

/** The agreement in plain words: what, where, which fields, until when. */
export function agreementSentences(a: Agreement, name: (code: string) => string): string[] {
  return [
    `Agreement "${a.name}" ${a.inForce ? 'is in force' : 'is NOT in force'}: from ${longDate(a.validFrom)} until ${longDate(a.validUntil)}.`,
    `You may see ${LEVELS[a.level]?.(cellOf(a), a.fields.includes('ward')) ?? a.level}, for whole months, calendar quarters or financial years.`,
    `Boroughs: ${a.boroughs.map(name).join(', ')}. Nothing outside them.`,
    a.fields.length ? `Counts may be broken down by: ${a.fields.map((f) => FIELD_NAMES[f] ?? f).join(', ')}.` : 'Counts may not be broken down by any field.',
    perturbedSentence(a.k),
    a.includeVictims ? 'Victims are included in the counts.' : 'Victims are never included.',
    'Exact addresses and individual referrals never leave the service.',
  ]
}
