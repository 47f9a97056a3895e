import type { Kysely } from 'kysely'
import type { Actor } from '../auth/actor.js'
import { serviceArea } from '../areas/areas.repository.js'
import type { BBox } from '../db/spatial.js'
import type { DB } from '../db/types.js'
import { Problem, type FieldError } from '../errors/problem.js'
import { isBorough, programmeId } from './referrals.repository.js'

/** Dates a referral may carry: none before this day, none in the future. */
export const EARLIEST_DATE = '2000-01-01'
/** How long before the referral opened a located event may have happened. */
export const OBSERVED_YEARS_BEFORE_OPENING = 5

/** Today in London, YYYY-MM-DD. */
export const londonToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date())

function yearsBefore(date: string, years: number): string {
  const y = Number(date.slice(0, 4)) - years
  return `${String(y).padStart(4, '0')}${date.slice(4)}`
}

/**
 * Collects the semantic errors of a request (those JSON Schema cannot express) so one 400 lists
 * them all; `throwIfAny` raises it.
 */
export class Checks {
  readonly errors: FieldError[] = []
  readonly today = londonToday()

  add(field: string, message: string) {
    this.errors.push({ field, message })
  }

  date(field: string, value: string | null | undefined) {
    if (!value) return
    if (value > this.today) this.add(field, `must not be in the future (today is ${this.today})`)
    else if (value < EARLIEST_DATE) this.add(field, `must not be before ${EARLIEST_DATE}`)
  }

  /** A point inside the service area and a date not long before the referral opened. */
  location(prefix: string, loc: { lon?: number | undefined; lat?: number | undefined; observedOn?: string | undefined }, openedOn: string, area: BBox | null) {
    if (loc.lon !== undefined && loc.lat !== undefined) {
      const why = area ? 'is outside the service area (the loaded boroughs plus 2 km)' : 'cannot be placed: no boroughs are loaded'
      if (!area || loc.lon < area[0] || loc.lon > area[2]) this.add(`${prefix}lon`, why)
      if (!area || loc.lat < area[1] || loc.lat > area[3]) this.add(`${prefix}lat`, why)
    }
    if (loc.observedOn) {
      this.date(`${prefix}observedOn`, loc.observedOn)
      const earliest = yearsBefore(openedOn, OBSERVED_YEARS_BEFORE_OPENING)
      if (loc.observedOn < earliest)
        this.add(`${prefix}observedOn`, `must not be more than ${OBSERVED_YEARS_BEFORE_OPENING} years before openedOn (${earliest})`)
    }
  }

  /** Dates, and status agreeing with closedOn (closed exactly when closedOn is set). */
  referralDates(r: { openedOn: string; closedOn: string | null; status: string }) {
    this.date('openedOn', r.openedOn)
    this.date('closedOn', r.closedOn)
    if (r.closedOn && r.closedOn < r.openedOn) this.add('closedOn', 'must not be before openedOn')
    if (r.status === 'closed' && !r.closedOn) this.add('closedOn', 'is required when status is closed')
    if (r.status !== 'closed' && r.closedOn) this.add('status', 'must be closed when closedOn is given')
  }

  throwIfAny() {
    if (this.errors.length === 0) return
    const detail = this.errors.map((e) => `${e.field} ${e.message}`).join('; ')
    throw new Problem(400, 'validation-failed', detail, this.errors)
  }
}

/** Checks a programme slug and a funding borough against the database; returns the programme id. */
export async function checkReferences(
  db: Kysely<DB>,
  checks: Checks,
  ref: { programme?: string | undefined; fundingBorough?: string | undefined; caseworkerId?: string | null | undefined },
  actor?: Actor,
): Promise<number | undefined> {
  let id: number | undefined
  if (ref.caseworkerId) {
    if (actor?.role !== 'lead') checks.add('caseworkerId', 'only a lead assigns referrals to caseworkers')
    else {
      const cw = await db
        .selectFrom('users')
        .select('id')
        .where('id', '=', ref.caseworkerId)
        .where('organisation_id', '=', actor.organisationId)
        .where('role', '=', 'caseworker')
        .where('disabled', '=', false)
        .executeTakeFirst()
      if (!cw) checks.add('caseworkerId', 'is not an active caseworker of your organisation')
    }
  } else if (ref.caseworkerId === null && actor?.role !== 'lead') checks.add('caseworkerId', 'only a lead assigns referrals to caseworkers')
  if (ref.programme !== undefined) {
    id = await programmeId(db, ref.programme)
    if (id === undefined) checks.add('programme', `is not a known programme: ${ref.programme}`)
  }
  if (ref.fundingBorough !== undefined && !(await isBorough(db, ref.fundingBorough))) {
    checks.add('fundingBorough', `is not a loaded borough code: ${ref.fundingBorough}`)
  }
  return id
}

/** The service area, fetched only when a request places points. */
export const serviceAreaIfNeeded = (db: Kysely<DB>, needed: boolean) => (needed ? serviceArea(db) : Promise.resolve(null))
