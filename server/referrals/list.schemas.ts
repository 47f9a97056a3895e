import { Type, type Static } from 'typebox'
import { AGE_BANDS, REFERRAL_STATUSES, SUBJECT_ROLES } from '../db/types.js'
import { ProgrammeSlug, StringEnum } from '../schemas/common.js'
import { DateString, Referral } from './referrals.schemas.js'

export const BorderZoneM = Type.Number({ minimum: 1, maximum: 5000, description: 'D of border-zone activity, metres (default from config)' })

/** Filters of GET /api/v1/referrals; the page size bounds come from config. */
export const listQuery = (page: { default: number; max: number }) =>
  Type.Object(
    {
      from: Type.Optional(DateString('Opened on or after')),
      to: Type.Optional(DateString('Opened on or before')),
      programme: Type.Optional(ProgrammeSlug()),
      borough: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Any location in this borough' })),
      multiBorough: Type.Optional(Type.Boolean()),
      fundingMismatch: Type.Optional(Type.Boolean()),
      borderZone: Type.Optional(
        Type.String({
          pattern: '^[A-Za-z0-9_-]{1,64},[A-Za-z0-9_-]{1,64}$',
          description: 'A location within D metres of this border pair',
          examples: ['E09000005,E09000033'],
        }),
      ),
      straddling: Type.Optional(Type.Boolean({ description: 'A location in an estate or patch meeting two or more boroughs' })),
      subjectRole: Type.Optional(StringEnum(SUBJECT_ROLES)),
      ageBand: Type.Optional(StringEnum(AGE_BANDS)),
      status: Type.Optional(StringEnum(REFERRAL_STATUSES)),
      borderZoneM: Type.Optional(BorderZoneM),
      limit: Type.Optional(Type.Integer({ minimum: 1, maximum: page.max, default: page.default })),
      cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Opaque: `next` of the previous page' })),
    },
    { additionalProperties: false },
  )

export type ListQuery = Static<ReturnType<typeof listQuery>>

export const ReferralPage = Type.Object({
  items: Type.Array(Referral),
  next: Type.Union([Type.String(), Type.Null()], { description: 'Cursor of the next page, null on the last' }),
})
