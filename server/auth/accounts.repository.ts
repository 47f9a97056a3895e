import { sql, type Kysely } from 'kysely'
import type { DB } from '../db/types.js'
import { invalid } from '../errors/problem.js'
import type { Role } from './actor.js'
import { hashPassword, MIN_PASSWORD_LENGTH } from './passwords.js'
import { newSecret, secretHash, TOKEN_PREFIX } from './tokens.js'

/** The organisation with this name, created if missing. */
export async function ensureOrganisation(db: Kysely<DB>, name: string, synthetic = false): Promise<string> {
  const { rows } = await sql<{ id: string }>`
    with found as (select id from organisations where name = ${name}),
         made as (insert into organisations (name, synthetic) select ${name}, ${synthetic} where not exists (select 1 from found) returning id)
    select id from found union all select id from made`.execute(db)
  return rows[0]!.id
}

export interface NewUser {
  organisationId: string
  email: string
  displayName: string
  role: Role
  password: string
  boroughs?: string[] | null
  synthetic?: boolean
}

/** Creates a user with an argon2id password hash. Runs as the owner (CLI, demo) or as an admin (RLS). */
export async function createUser(db: Kysely<DB>, u: NewUser): Promise<string> {
  if (u.password.length < MIN_PASSWORD_LENGTH) throw invalid('password', `must be at least ${MIN_PASSWORD_LENGTH} characters`)
  const scoped = u.role === 'commissioner' || u.role === 'partner'
  if (!scoped && u.boroughs?.length) throw invalid('boroughs', 'only commissioners and partners are scoped to boroughs')
  const row = await db
    .insertInto('users')
    .values({
      organisation_id: u.organisationId,
      email: u.email.trim().toLowerCase(),
      display_name: u.displayName,
      role: u.role,
      boroughs: scoped ? (u.boroughs ?? null) : null,
      password_hash: await hashPassword(u.password),
      locked_until: null,
      ...(u.synthetic ? { synthetic: true } : {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

export interface NewAgreement {
  organisationId: string
  partnerOrganisationId: string
  name: string
  boroughs: string[]
  level: 'aggregate' | 'generalised'
  fields: string[]
  k: number
  includeVictims: boolean
  validFrom: string
  validUntil: string
  /** The fixed cell size in metres (250, 500, 1000) of every cell the partner reads; default 250. */
  cellM?: number | undefined
}

export async function createAgreement(db: Kysely<DB>, a: NewAgreement): Promise<string> {
  const row = await db
    .insertInto('agreements')
    .values({
      organisation_id: a.organisationId,
      partner_organisation_id: a.partnerOrganisationId,
      name: a.name,
      boroughs: a.boroughs,
      level: a.level,
      fields: a.fields,
      k: a.k,
      include_victims: a.includeVictims,
      valid_from: a.validFrom,
      valid_until: a.validUntil,
      ...(a.cellM !== undefined ? { cell_m: a.cellM } : {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

/** A new partner token for an agreement: the secret is returned once; only its hash is stored. */
export async function createToken(db: Kysely<DB>, agreementId: string, name: string, expiresAt: Date): Promise<{ id: string; token: string }> {
  const token = newSecret(TOKEN_PREFIX)
  const row = await db
    .insertInto('api_tokens')
    .values({
      token_hash: secretHash(token),
      agreement_id: agreementId,
      name,
      expires_at: expiresAt,
      revoked_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return { id: row.id, token }
}
