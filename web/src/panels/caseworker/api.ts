import { lookupPoint, type ApiJson, type Lookup } from '../../api.js'
import { api } from '../../http.js'

export { LOCATION_KINDS, type LocationKind } from './kinds.js'
import type { LocationKind } from './kinds.js'
export const KIND_NAMES: Record<LocationKind, string> = {
  home: 'Home',
  incident: 'Incident',
  school: 'School',
  hangout: 'Hangout',
  relocation_from: 'Relocated from',
  relocation_to: 'Relocated to',
}
export const PROGRAMMES = [
  ['mentoring', 'Mentoring'],
  ['family-support', 'Family support'],
  ['relocation', 'Relocation'],
] as const
/** A programme's name for people, by its code. */
export const programmeName = (code: string) => PROGRAMMES.find(([c]) => c === code)?.[1] ?? code
export const AGE_BANDS = ['10-13', '14-15', '16-17', '18-20', '21-24'] as const

/** A referral as `GET /referrals` lists it (the generated API types). */
export type Referral = ApiJson<'/api/v1/referrals'>['items'][number]
export interface NewReferral {
  externalId: string
  programme: string
  subjectRole: string
  ageBand: string
  fundingBorough: string
  openedOn: string
  locations: { kind: LocationKind; lon: number; lat: number; observedOn: string; precision: 'exact' | 'postcode' | 'street' | 'area' }[]
}

/** The caller's caseload (row-level security keeps a caseworker to their own). */
export const listReferrals = (limit = 200) => api<{ items: Referral[]; next: string | null }>('/referrals', { query: { limit } })
export const createReferral = (body: NewReferral) => api<Referral>('/referrals', { method: 'POST', body })

export type RelocationResult = ApiJson<'/api/v1/relocation-check', 'post'>
export const relocationCheck = (referralId: string, lon: number, lat: number) =>
  api<RelocationResult>('/relocation-check', { method: 'POST', body: { referralId, destination: { lon, lat } } })

export { lookupPoint, type Lookup }
