import { Type, type Static } from 'typebox'
import { ROLES } from '../auth/actor.js'
import { DateString, StringEnum } from '../schemas/common.js'

const closed = { additionalProperties: false } as const
const Borough = Type.String({ pattern: '^[A-Z][0-9]{8}$', description: 'GSS code of a borough' })
const Day = DateString

export const User = Type.Object({
  id: Type.String({ format: 'uuid' }),
  email: Type.String(),
  displayName: Type.String(),
  role: StringEnum(ROLES),
  boroughs: Type.Union([Type.Array(Type.String()), Type.Null()]),
  disabled: Type.Boolean(),
  lockedUntil: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
})
export type User = Static<typeof User>

export const UserInput = Type.Object(
  {
    email: Type.String({ minLength: 3, maxLength: 254, pattern: '^[^@\\s]+@[^@\\s]+$' }),
    displayName: Type.String({ minLength: 1, maxLength: 200 }),
    role: StringEnum(ROLES),
    password: Type.String({ minLength: 12, maxLength: 1024 }),
    boroughs: Type.Optional(Type.Array(Borough, { minItems: 1, maxItems: 40, uniqueItems: true })),
  },
  closed,
)
export type UserInput = Static<typeof UserInput>

export const UserPatch = Type.Object(
  {
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    role: Type.Optional(StringEnum(ROLES)),
    boroughs: Type.Optional(Type.Union([Type.Array(Borough, { minItems: 1, maxItems: 40, uniqueItems: true }), Type.Null()])),
    disabled: Type.Optional(Type.Boolean()),
    unlock: Type.Optional(Type.Literal(true, { description: 'Clear a lockout after failed sign-ins' })),
  },
  { ...closed, minProperties: 1 },
)
export type UserPatch = Static<typeof UserPatch>

export const AGREEMENT_FIELDS = ['programme', 'subjectRole', 'ageBand', 'month', 'borough', 'ward', 'kind'] as const

export const Agreement = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  partnerOrganisation: Type.Object({ id: Type.String({ format: 'uuid' }), name: Type.String() }),
  boroughs: Type.Array(Type.String()),
  level: StringEnum(['aggregate', 'generalised'] as const),
  fields: Type.Array(Type.String()),
  k: Type.Integer(),
  includeVictims: Type.Boolean(),
  validFrom: Type.String(),
  validUntil: Type.String(),
  inForce: Type.Boolean(),
  cellM: Type.Integer({ description: 'The fixed cell size in metres of every cell the partner reads' }),
})
export type Agreement = Static<typeof Agreement>

export const AgreementInput = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    partnerOrganisation: Type.String({ minLength: 1, maxLength: 200, description: 'Name of the partner organisation (registered if new)' }),
    boroughs: Type.Array(Borough, { minItems: 1, maxItems: 40, uniqueItems: true }),
    level: StringEnum(['aggregate', 'generalised'] as const),
    fields: Type.Optional(Type.Array(StringEnum(AGREEMENT_FIELDS), { uniqueItems: true })),
    k: Type.Optional(Type.Integer({ minimum: 3, maximum: 100 })),
    includeVictims: Type.Optional(Type.Boolean()),
    cellM: Type.Optional(
      Type.Unsafe<250 | 500 | 1000>({
        type: 'integer',
        enum: [250, 500, 1000],
        description: "Cell size in metres of every cell the partner reads (generalised points, hexes, exports); default 250. Fixed for the agreement's life.",
      }),
    ),
    validFrom: Day('First day in force'),
    validUntil: Day('Last day in force'),
  },
  closed,
)
export type AgreementInput = Static<typeof AgreementInput>

export const AgreementPatch = Type.Object(
  {
    validUntil: Type.Optional(Day('Last day in force (set to yesterday to end it now)')),
    boroughs: Type.Optional(Type.Array(Borough, { minItems: 1, maxItems: 40, uniqueItems: true })),
    fields: Type.Optional(Type.Array(StringEnum(AGREEMENT_FIELDS), { uniqueItems: true })),
    k: Type.Optional(Type.Integer({ minimum: 3, maximum: 100 })),
    includeVictims: Type.Optional(Type.Boolean()),
  },
  { ...closed, minProperties: 1 },
)
export type AgreementPatch = Static<typeof AgreementPatch>

export const Token = Type.Object({
  id: Type.String({ format: 'uuid' }),
  agreementId: Type.String({ format: 'uuid' }),
  name: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  expiresAt: Type.String({ format: 'date-time' }),
  revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
})
export const NewToken = Type.Intersect([Token, Type.Object({ token: Type.String({ description: 'Shown once; only its hash is stored' }) })])
export const TokenInput = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    days: Type.Optional(Type.Integer({ minimum: 1, maximum: 366, default: 90 })),
  },
  closed,
)

export const AuditEntry = Type.Object({
  id: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  userId: Type.Union([Type.String(), Type.Null()]),
  organisationId: Type.Union([Type.String(), Type.Null()], { description: "Whose user acted: another organisation for a partner's read of your data" }),
  role: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  detail: Type.Unknown(),
  rows: Type.Union([Type.Integer(), Type.Null()]),
  hash: Type.String(),
})

export const APPROVAL_KINDS = ['user.create', 'user.change', 'agreement.create', 'agreement.change', 'token.create'] as const
export type ApprovalKind = (typeof APPROVAL_KINDS)[number]
export const APPROVAL_STATUSES = ['pending', 'approved', 'rejected', 'withdrawn'] as const

const Person = Type.Object({ id: Type.String({ format: 'uuid' }), displayName: Type.String() })

/** A grant waiting for (or decided by) a second admin: see docs/accounts.md "Approvals". */
export const ApprovalRequest = Type.Object({
  id: Type.String({ format: 'uuid' }),
  kind: StringEnum(APPROVAL_KINDS),
  status: StringEnum(APPROVAL_STATUSES),
  summary: Type.String({ description: 'What the change grants, in one sentence' }),
  targetId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()], { description: 'The user or agreement changed (the agreement of a token)' }),
  change: Type.Unknown({ description: 'The change as it will be applied (never a password)' }),
  requestedBy: Person,
  requestedAt: Type.String({ format: 'date-time' }),
  decidedBy: Type.Union([Person, Type.Null()]),
  decidedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  reason: Type.Union([Type.String(), Type.Null()]),
  resultId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()], { description: 'What the approval created or changed' }),
  mine: Type.Boolean({ description: 'You made this request (so you cannot approve or reject it; you may withdraw it)' }),
  tokenRevealed: Type.Union([Type.Boolean(), Type.Null()], { description: 'For an approved token: whether its requester has fetched it' }),
})
export type ApprovalRequest = Static<typeof ApprovalRequest>

export const ApprovalQuery = Type.Object(
  {
    status: Type.Optional(StringEnum(APPROVAL_STATUSES)),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  },
  closed,
)

export const RejectInput = Type.Object(
  {
    reason: Type.Optional(Type.String({ maxLength: 500 })),
  },
  closed,
)
