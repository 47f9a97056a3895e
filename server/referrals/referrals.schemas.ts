import { Type, type Static } from 'typebox'
import { AGE_BANDS, LOCATION_KINDS, LOCATION_PRECISIONS, REFERRAL_SOURCES, REFERRAL_STATUSES, RISK_LEVELS, SUBJECT_ROLES } from '../db/types.js'
import { DateString, StringEnum } from '../schemas/common.js'

/** Request and response shapes of /api/v1/referrals (every object closed: unknown fields are rejected). */
const closed = { additionalProperties: false } as const

export { DateString }
export const Uuid = Type.String({ format: 'uuid' })
const BoroughCode = Type.String({ minLength: 1, maxLength: 64, description: 'GSS code of a loaded borough', examples: ['E09000033'] })
const Slug = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$', description: 'Programme slug', examples: ['mentoring'] })

const Lon = Type.Number({ minimum: -180, maximum: 180, description: 'WGS84 longitude' })
const Lat = Type.Number({ minimum: -90, maximum: 90, description: 'WGS84 latitude' })
const LocationKind = StringEnum(LOCATION_KINDS)
const Precision = StringEnum(LOCATION_PRECISIONS)

export const LocationInput = Type.Object(
  {
    kind: LocationKind,
    lon: Lon,
    lat: Lat,
    observedOn: DateString('Date of the event'),
    precision: Precision,
  },
  closed,
)
export type LocationInput = Static<typeof LocationInput>

/** lon and lat travel together. */
export const LocationPatch = Type.Object(
  {
    kind: Type.Optional(LocationKind),
    lon: Type.Optional(Lon),
    lat: Type.Optional(Lat),
    observedOn: Type.Optional(DateString('Date of the event')),
    precision: Type.Optional(Precision),
  },
  { ...closed, minProperties: 1, dependencies: { lon: ['lat'], lat: ['lon'] } },
)
export type LocationPatch = Static<typeof LocationPatch>

const referralFields = {
  externalId: Type.String({ minLength: 1, maxLength: 64, pattern: '\\S', description: 'Pseudonymous client reference, never a name' }),
  programme: Slug,
  subjectRole: StringEnum(SUBJECT_ROLES, { description: 'Victims must never be confused with people at risk of offending' }),
  ageBand: StringEnum(AGE_BANDS),
  fundingBorough: BoroughCode,
  openedOn: DateString('Date the referral was opened'),
}
const optionalFields = {
  referralSource: StringEnum(REFERRAL_SOURCES),
  status: StringEnum(REFERRAL_STATUSES),
  closedOn: DateString('Date the referral was closed'),
  riskLevel: StringEnum(RISK_LEVELS),
  restricted: Type.Boolean({ description: 'Processing restricted: left out of analysis and exports' }),
  caseworkerId: Type.String({ format: 'uuid', description: "The caseworker whose caseload it is (set by leads; a caseworker's own referrals are theirs)" }),
}
const nullable = <T extends import('typebox').TSchema>(t: T) => Type.Union([t, Type.Null()])

export const ReferralInput = Type.Object(
  {
    ...referralFields,
    referralSource: Type.Optional(optionalFields.referralSource),
    status: Type.Optional(optionalFields.status),
    closedOn: Type.Optional(optionalFields.closedOn),
    riskLevel: Type.Optional(optionalFields.riskLevel),
    restricted: Type.Optional(optionalFields.restricted),
    caseworkerId: Type.Optional(optionalFields.caseworkerId),
    locations: Type.Optional(Type.Array(LocationInput, { maxItems: 100 })),
  },
  closed,
)
export type ReferralInput = Static<typeof ReferralInput>

/** PATCH: any referral field; null clears an optional one. Locations have their own routes. */
export const ReferralPatch = Type.Object(
  {
    externalId: Type.Optional(referralFields.externalId),
    programme: Type.Optional(referralFields.programme),
    subjectRole: Type.Optional(referralFields.subjectRole),
    ageBand: Type.Optional(referralFields.ageBand),
    fundingBorough: Type.Optional(referralFields.fundingBorough),
    openedOn: Type.Optional(referralFields.openedOn),
    referralSource: Type.Optional(nullable(optionalFields.referralSource)),
    status: Type.Optional(optionalFields.status),
    closedOn: Type.Optional(nullable(optionalFields.closedOn)),
    riskLevel: Type.Optional(nullable(optionalFields.riskLevel)),
    restricted: Type.Optional(optionalFields.restricted),
    caseworkerId: Type.Optional(nullable(optionalFields.caseworkerId)),
  },
  { ...closed, minProperties: 1 },
)
export type ReferralPatch = Static<typeof ReferralPatch>

export const NearestBorder = nullable(Type.Object({ code: Type.String(), distanceM: Type.Number({ description: 'metres to the nearest other borough' }) }))

export const Location = Type.Object(
  {
    id: Uuid,
    kind: LocationKind,
    lon: Type.Number(),
    lat: Type.Number(),
    observedOn: Type.String(),
    precision: Precision,
    borough: nullable(Type.String()),
    ward: nullable(Type.String()),
    lsoa: nullable(Type.String()),
    estate: nullable(Type.String()),
    patch: nullable(Type.String()),
    nearestBorder: NearestBorder,
  },
  { description: 'A located event; area codes are assigned by the database' },
)
export type Location = Static<typeof Location>

export const CrossBoundary = Type.Object({
  multiBorough: Type.Boolean({ description: 'Locations fall in two or more boroughs' }),
  boroughs: Type.Array(Type.String()),
  fundingMismatch: Type.Boolean({ description: 'The funding borough differs from a borough of residence or activity' }),
  borderZone: Type.Array(
    Type.Object({
      between: Type.Array(Type.String(), { minItems: 2, maxItems: 2 }),
      distanceM: Type.Number({ description: 'closest location to that border, metres' }),
    }),
    { description: 'Border pairs with a location within D metres' },
  ),
  straddlingAreas: Type.Array(Type.String(), { description: 'Estates and patches meeting two or more boroughs that hold a location' }),
})
export type CrossBoundary = Static<typeof CrossBoundary>

export const Referral = Type.Object({
  id: Uuid,
  externalId: Type.String(),
  programme: Type.String(),
  subjectRole: StringEnum(SUBJECT_ROLES),
  ageBand: StringEnum(AGE_BANDS),
  referralSource: nullable(StringEnum(REFERRAL_SOURCES)),
  fundingBorough: Type.String(),
  status: StringEnum(REFERRAL_STATUSES),
  openedOn: Type.String(),
  closedOn: nullable(Type.String()),
  riskLevel: nullable(StringEnum(RISK_LEVELS)),
  restricted: Type.Boolean(),
  caseworkerId: nullable(Type.String({ format: 'uuid' })),
  locations: Type.Array(Location),
  crossBoundary: CrossBoundary,
})
export type Referral = Static<typeof Referral>
