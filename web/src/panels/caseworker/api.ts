import { lookupPoint, type Lookup, type NamedArea } from '../../api.js'
import { api } from '../../http.js'

export const LOCATION_KINDS = ['home', 'incident', 'school', 'hangout', 'relocation_from', 'relocation_to'] as const
export type LocationKind = (typeof LOCATION_KINDS)[number]
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

export interface CrossBoundary {
  multiBorough: boolean
  boroughs: string[]
  fundingMismatch: boolean
  borderZone: { between: [string, string]; distanceM: number }[]
  straddlingAreas: string[]
}
export interface Referral {
  id: string
  externalId: string
  programme: string
  subjectRole: 'at_risk' | 'victim' | 'both'
  ageBand: string
  fundingBorough: string
  status: string
  openedOn: string
  locations: {
    id: string
    kind: LocationKind
    lon: number
    lat: number
    observedOn: string
    borough: string | null
    nearestBorder: { code: string; distanceM: number } | null
  }[]
  crossBoundary: CrossBoundary
}
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

export interface RelocationResult {
  referralId: string
  destination: { lon: number; lat: number; borough: NamedArea }
  origin: { kind: string; borough: NamedArea | null } | null
  crossesBoroughs: boolean | null
  exclusionZones: { id: string; name: string; distanceM: number; inside: boolean }[]
  hotspots: { nearest: { cell: string; class: string; distanceM: number; inside: boolean } | null; from: string; to: string; sizeM: number }
  thresholdM: number
  warnings: { code: string; message: string }[]
}
export const relocationCheck = (referralId: string, lon: number, lat: number) =>
  api<RelocationResult>('/relocation-check', { method: 'POST', body: { referralId, destination: { lon, lat } } })

export const boroughList = async (): Promise<NamedArea[]> => {
  const fc = await api<GeoJSON.FeatureCollection<GeoJSON.Geometry, NamedArea>>('/areas', { query: { kind: 'borough' } })
  return fc.features.map((f) => ({ code: f.properties.code, name: f.properties.name })).sort((a, b) => a.name.localeCompare(b.name))
}

export { lookupPoint, type Lookup }
