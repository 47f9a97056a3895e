import { parseArgs, type ParseArgsConfig } from 'node:util'
import { sql, type Kysely } from 'kysely'
import { AGREEMENT_FIELDS } from '../admin/admin.schemas.js'
import { audit, type AuditWho } from '../audit/audit.js'
import { createAgreement, createToken, createUser, ensureOrganisation, type NewAgreement } from '../auth/accounts.repository.js'
import { ROLES, type Role } from '../auth/actor.js'
import { MIN_PASSWORD_LENGTH } from '../auth/passwords.js'
import { loadConfig } from '../config.js'
import type { Database } from '../db/database.js'
import type { DB } from '../db/types.js'
import { openCliDatabase } from './database.js'
import { usageHandlers } from './usage.js'

const USAGE = `usage: npm run accounts -- COMMAND [options]

Creates organisations, users, data-sharing agreements and partner tokens as the database owner
(DATABASE_URL, else the embedded database in DATA_DIR). Every change is written to the audit log.

  org:create --name NAME
      Creates an organisation (or finds the one with that name); prints its id.

  user:create --org NAME_OR_ID --email EMAIL --name DISPLAY_NAME
              --role caseworker|lead|commissioner|partner|admin [--boroughs E09000005,E09000033]
      Creates a user; prints the id. The password (at least ${MIN_PASSWORD_LENGTH} characters) is read from
      the environment variable CROSSBOROUGH_PASSWORD, else from standard input (one line; typed
      unechoed at a terminal) - never from the command line. --boroughs scopes commissioners and
      partners.

  agreement:create --org OWNER --partner PARTNER_ORG --name NAME --boroughs CODE,CODE
                   --level aggregate|generalised [--fields a,b] [--k 5] [--cell 250|500|1000] [--victims]
                   --from YYYY-MM-DD --until YYYY-MM-DD
      Creates a data-sharing agreement from OWNER to PARTNER_ORG (names or ids); prints its id.
      --fields: what the partner may break counts down by (${AGREEMENT_FIELDS.join(', ')});
      --k is the suppression threshold (at least 3); --victims lets the partner count victims.

  token:create --agreement ID --name NAME [--days 90]
      Creates a partner API token for the agreement and prints it. It is shown only this once:
      only its hash is stored.

Exit codes: 0 done, 1 failed (nothing changed), 2 bad arguments.`

type Options = NonNullable<ParseArgsConfig['options']>
const str = { type: 'string' } as const
const COMMANDS: Record<string, Options> = {
  'org:create': { name: str },
  'user:create': { org: str, email: str, name: str, role: str, boroughs: str },
  'agreement:create': {
    org: str,
    partner: str,
    name: str,
    boroughs: str,
    level: str,
    fields: str,
    k: str,
    cell: str,
    victims: { type: 'boolean' },
    from: str,
    until: str,
  },
  'token:create': { agreement: str, name: str, days: str },
}

const argv = process.argv.slice(2)
const command = argv[0]
const wantsHelp = argv.includes('--help') || argv.includes('-h')
const fail: (message: string) => never = usageHandlers(USAGE, wantsHelp)
if (!command) fail('give a COMMAND')
const options = COMMANDS[command]
if (!options) fail(`unknown command ${command} (one of ${Object.keys(COMMANDS).join(', ')})`)

let values: Record<string, string | boolean | undefined>
try {
  values = parseArgs({ args: argv.slice(1), options, strict: true, allowPositionals: false }).values as typeof values
} catch (err) {
  fail((err as Error).message)
}

/** An error worth a plain message and exit 1. */
class CliError extends Error {}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const GSS_CODE = /^[A-Z][0-9]{8}$/

function required(name: string): string {
  const v = values[name]
  if (typeof v !== 'string' || v.trim() === '') fail(`--${name} is required`)
  return v.trim()
}

function optional(name: string): string | undefined {
  const v = values[name]
  return typeof v === 'string' ? v.trim() : undefined
}

function list(name: string, pattern: RegExp, what: string): string[] | undefined {
  const v = optional(name)
  if (v === undefined) return undefined
  const items = v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  if (!items.length) fail(`--${name} is empty`)
  const bad = items.find((s) => !pattern.test(s))
  if (bad !== undefined) fail(`--${name}: ${bad} is not ${what}`)
  return [...new Set(items)]
}

function integer(name: string, fallback: number, min: number, max: number): number {
  const v = optional(name)
  if (v === undefined) return fallback
  const n = Number(v)
  if (!/^[0-9]+$/.test(v) || !Number.isSafeInteger(n) || n < min || n > max) fail(`--${name} must be a whole number from ${min} to ${max}`)
  return n
}

function date(name: string): string {
  const v = required(name)
  const d = new Date(`${v}T00:00:00Z`)
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== v) fail(`--${name} must be a date YYYY-MM-DD`)
  return v
}

function name(flag = 'name'): string {
  const v = required(flag)
  if (v.length > 200) fail(`--${flag} must be at most 200 characters`)
  return v
}

/**
 * The password: CROSSBOROUGH_PASSWORD, else one line of standard input (unechoed at a terminal).
 * Never an argument, so it stays out of shell history and the process list.
 */
async function readPassword(): Promise<string> {
  const fromEnv = process.env.CROSSBOROUGH_PASSWORD
  if (fromEnv) return fromEnv
  const stdin = process.stdin
  const tty = stdin.isTTY === true
  if (tty) {
    process.stderr.write('password (not shown): ')
    stdin.setRawMode(true)
  }
  stdin.setEncoding('utf8')
  return new Promise<string>((resolve, reject) => {
    let line = ''
    const done = (err?: Error) => {
      stdin.off('data', onData)
      stdin.off('end', onEnd)
      stdin.off('error', onError)
      if (tty) {
        stdin.setRawMode(false)
        process.stderr.write('\n')
      }
      stdin.pause()
      if (!tty) stdin.destroy()
      if (err) reject(err)
      else resolve(line)
    }
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\n' || ch === '\r') return done()
        if (tty && ch === '\u0003') return done(new CliError('cancelled'))
        if (tty && (ch === '\u007f' || ch === '\b')) line = line.slice(0, -1)
        else line += ch
      }
    }
    const onEnd = () => done()
    const onError = (err: Error) => done(err)
    stdin.on('data', onData)
    stdin.on('end', onEnd)
    stdin.on('error', onError)
    stdin.resume()
  })
}

async function findOrganisation(db: Kysely<DB>, ref: string): Promise<{ id: string; name: string }> {
  const q = db.selectFrom('organisations').select(['id', 'name'])
  const row = UUID.test(ref)
    ? ((await q.where('id', '=', ref.toLowerCase()).executeTakeFirst()) ?? (await q.where('name', '=', ref).executeTakeFirst()))
    : await q.where('name', '=', ref).executeTakeFirst()
  if (!row) throw new CliError(`There is no organisation "${ref}" (create it with: npm run accounts -- org:create --name "${ref}").`)
  return row
}

/** Changes by the CLI: no signed-in user; the organisation concerned; `via: 'cli'` in the detail. */
const byCli = (organisationId: string): AuditWho => ({ userId: null, organisationId, role: null })

/** Validates the arguments of `command` (exit 2 on bad ones), then returns the work to do. */
async function prepare(): Promise<(db: Kysely<DB>) => Promise<void>> {
  switch (command) {
    case 'org:create': {
      const orgName = name()
      return async (db) => {
        const existing = await db.selectFrom('organisations').select('id').where('name', '=', orgName).executeTakeFirst()
        if (existing) {
          console.error(`organisation "${orgName}" already exists`)
          console.log(existing.id)
          return
        }
        const id = await ensureOrganisation(db, orgName)
        // Not one of audit()'s actions yet, so appended directly (the same function audit() calls).
        await sql`select audit_append('organisations.create', ${JSON.stringify({ via: 'cli', id, name: orgName })}::jsonb, 1::bigint,
                                      null::uuid, ${id}::uuid, null::text)`.execute(db)
        console.log(id)
      }
    }
    case 'user:create': {
      const org = required('org')
      const email = required('email').toLowerCase()
      if (!/^[^@\s]+@[^@\s]+$/.test(email)) fail('--email is not an email address')
      const displayName = name()
      const role = required('role') as Role
      if (!ROLES.includes(role)) fail(`--role must be one of ${ROLES.join(', ')}`)
      const boroughs = list('boroughs', GSS_CODE, 'a borough code like E09000005')
      if (boroughs && role !== 'commissioner' && role !== 'partner') fail('--boroughs is only for commissioners and partners')
      const password = await readPassword()
      if (!password) fail('no password: set CROSSBOROUGH_PASSWORD or write it to standard input')
      if (password.length < MIN_PASSWORD_LENGTH) fail(`the password must be at least ${MIN_PASSWORD_LENGTH} characters`)
      return async (db) => {
        const o = await findOrganisation(db, org)
        const id = await createUser(db, { organisationId: o.id, email, displayName, role, password, boroughs: boroughs ?? null })
        await audit(db, 'users.create', { via: 'cli', id, email, role, boroughs: boroughs ?? null }, 1, byCli(o.id))
        console.error(`created ${role} ${email} in "${o.name}"`)
        console.log(id)
      }
    }
    case 'agreement:create': {
      const owner = required('org')
      const partner = required('partner')
      const agreementName = name()
      const boroughs = list('boroughs', GSS_CODE, 'a borough code like E09000005')
      if (!boroughs) fail('--boroughs is required')
      const level = required('level')
      if (level !== 'aggregate' && level !== 'generalised') fail('--level must be aggregate or generalised')
      const fields = list('fields', /^[A-Za-z]+$/, 'a field name') ?? []
      const unknown = fields.find((f) => !(AGREEMENT_FIELDS as readonly string[]).includes(f))
      if (unknown !== undefined) fail(`--fields: ${unknown} is not one of ${AGREEMENT_FIELDS.join(', ')}`)
      const k = integer('k', 5, 3, 100)
      const cellM = integer('cell', 250, 250, 1000)
      if (![250, 500, 1000].includes(cellM)) fail('--cell must be 250, 500 or 1000')
      const includeVictims = values.victims === true
      const validFrom = date('from')
      const validUntil = date('until')
      if (validUntil < validFrom) fail('--until must not be before --from')
      return async (db) => {
        const o = await findOrganisation(db, owner)
        const p = await findOrganisation(db, partner)
        if (o.id === p.id) throw new CliError('The partner must be another organisation than the owner.')
        const terms: Omit<NewAgreement, 'organisationId' | 'partnerOrganisationId'> = {
          name: agreementName,
          boroughs,
          level,
          fields,
          k,
          includeVictims,
          validFrom,
          validUntil,
          cellM,
        }
        const id = await createAgreement(db, { organisationId: o.id, partnerOrganisationId: p.id, ...terms })
        await audit(db, 'agreements.create', { via: 'cli', id, partner: p.id, ...terms }, 1, byCli(o.id))
        console.error(`created agreement "${agreementName}": "${o.name}" → "${p.name}", ${level}, ${validFrom} to ${validUntil}`)
        console.log(id)
      }
    }
    case 'token:create': {
      const agreementId = required('agreement')
      if (!UUID.test(agreementId)) fail('--agreement must be an agreement id (a UUID)')
      const tokenName = name()
      const days = integer('days', 90, 1, 3650)
      return async (db) => {
        const a = await db
          .selectFrom('agreements')
          .select(['id', 'name', 'organisation_id', 'valid_until', sql<boolean>`valid_until < current_date`.as('ended')])
          .where('id', '=', agreementId.toLowerCase())
          .executeTakeFirst()
        if (!a) throw new CliError(`There is no agreement ${agreementId}.`)
        if (a.ended) throw new CliError(`The agreement "${a.name}" ended on ${a.valid_until}; a token for it would not work.`)
        const expiresAt = new Date(Date.now() + days * 24 * 3600 * 1000)
        const t = await createToken(db, a.id, tokenName, expiresAt)
        await audit(
          db,
          'tokens.create',
          { via: 'cli', id: t.id, agreement: a.id, name: tokenName, expiresAt: expiresAt.toISOString() },
          1,
          byCli(a.organisation_id),
        )
        console.error(
          `token "${tokenName}" for agreement "${a.name}", expires ${expiresAt.toISOString()}` +
            (expiresAt.toISOString().slice(0, 10) > a.valid_until ? ` (but stops working when the agreement ends on ${a.valid_until})` : '') +
            '.\nIt is shown only now; only its hash is stored:',
        )
        console.log(t.token)
      }
    }
    default:
      return fail(`unknown command ${command}`)
  }
}

const work = await prepare()
const config = loadConfig()
let database: Database | undefined
try {
  database = await openCliDatabase(config, {
    migrate: true,
    whileRunning: 'Stop the service and run this again (the embedded database serves one process at a time).',
  })
  await database.system.transaction().execute(work)
} catch (err) {
  const e = err as Error & { code?: string; constraint?: string }
  if (e.code === '23505') console.error(`failed, nothing was changed: that already exists (${e.constraint ?? e.message})`)
  else console.error(`failed, nothing was changed: ${e.message}`)
  process.exitCode = 1
} finally {
  await database?.close()
}
