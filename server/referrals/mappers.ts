import type { CrossBoundary, Location, Referral } from './referrals.schemas.js'
import type { ReferralRow } from './referrals.repository.js'
import type { LocationRow } from './locations.repository.js'
import { NOT_CROSS_BOUNDARY } from './classification.js'

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits

/** A location row as the API shows it: lon/lat to 6 decimals, codes by area kind. */
export function toLocation(l: LocationRow): Location {
  return {
    id: l.id,
    kind: l.kind,
    lon: round(l.lon, 6),
    lat: round(l.lat, 6),
    observedOn: l.observed_on,
    precision: l.precision,
    borough: l.borough_code,
    ward: l.ward_code,
    lsoa: l.lsoa_code,
    estate: l.estate_code,
    patch: l.patch_code,
    nearestBorder: l.border_code === null || l.border_distance_m === null ? null : { code: l.border_code, distanceM: round(l.border_distance_m, 1) },
  }
}

/** A referral row, its locations and its classification as the API shows them (the one row → API mapping). */
export function toReferral(r: ReferralRow, locations: LocationRow[], crossBoundary: CrossBoundary | undefined): Referral {
  return {
    id: r.id,
    externalId: r.external_id,
    programme: r.programme,
    subjectRole: r.subject_role,
    ageBand: r.age_band,
    referralSource: r.referral_source,
    fundingBorough: r.funding_borough,
    status: r.status,
    openedOn: r.opened_on,
    closedOn: r.closed_on,
    riskLevel: r.risk_level,
    restricted: r.restricted,
    caseworkerId: r.caseworker_id,
    locations: locations.map(toLocation),
    crossBoundary: crossBoundary ?? NOT_CROSS_BOUNDARY,
  }
}
