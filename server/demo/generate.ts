import type { AGE_BANDS, LOCATION_KINDS, LOCATION_PRECISIONS, REFERRAL_SOURCES, REFERRAL_STATUSES, RISK_LEVELS, SUBJECT_ROLES } from '../db/types.js'
import { DEMO_SPAN_DAYS, formatDay, monthOfYear, parseDay } from './dates.js'
import { DEMO_ESTATES, MAX_ESTATE_ACTIVITY, estateActivity, estateFeatures, nearbyEstateWeights, round6, type DemoEstate } from './estates.js'
import { offset, type BoroughLocator } from './london.js'
import { Random } from './random.js'
import { exclusionCircle, type DemoExclusionZone } from './zones.js'

export const DEMO_PROGRAMMES = [
  { slug: 'mentoring', name: 'Mentoring' },
  { slug: 'family-support', name: 'Family support' },
  { slug: 'relocation', name: 'Relocation' },
] as const
export type DemoProgramme = (typeof DEMO_PROGRAMMES)[number]['slug']

export interface DemoLocation {
  kind: (typeof LOCATION_KINDS)[number]
  lon: number
  lat: number
  observedOn: string
  precision: (typeof LOCATION_PRECISIONS)[number]
}

/** One synthetic referral: a pseudonymous reference, never a name, and its located events. */
export interface DemoReferral {
  externalId: string
  programme: DemoProgramme
  subjectRole: (typeof SUBJECT_ROLES)[number]
  ageBand: (typeof AGE_BANDS)[number]
  referralSource: (typeof REFERRAL_SOURCES)[number] | null
  fundingBorough: string
  status: (typeof REFERRAL_STATUSES)[number]
  openedOn: string
  closedOn: string | null
  riskLevel: (typeof RISK_LEVELS)[number] | null
  restricted: boolean
  locations: DemoLocation[]
  exclusionZones: DemoExclusionZone[]
}

export interface DemoOptions {
  count: number
  seed: number
  /** The last day of the 24 months the dates span (YYYY-MM-DD). */
  today: string
}

/** Share of referrals living on or around an estate (the rest are spread over London). */
const ON_ESTATE = 0.8
/** Chance that an incident happens away from home, in another borough. */
const AWAY_INCIDENT = 0.17

/**
 * Synthetic referrals, one at a time (a generator, so millions stream in flat memory). Deterministic:
 * the same options and boroughs give the same sequence, and a smaller count is a prefix of a larger.
 * Every point lies on land inside a London borough as `london` sees it.
 */
export function* demoReferrals(opts: DemoOptions, london: BoroughLocator): Generator<DemoReferral> {
  if (!Number.isInteger(opts.count) || opts.count < 0) throw new Error(`count must be a whole number ≥ 0, not ${opts.count}`)
  const g = new ReferralGenerator(new Random(opts.seed), london, parseDay(opts.today))
  for (let i = 1; i <= opts.count; i++) yield g.referral(`DEMO-${String(i).padStart(6, '0')}`)
}

/** The estates and every referral in memory: for small counts and tests. */
export function generateDemo(opts: DemoOptions, london: BoroughLocator) {
  return { estates: estateFeatures(), referrals: [...demoReferrals(opts, london)] }
}

type Point = [number, number]

class ReferralGenerator {
  private readonly first: number
  private readonly estateWeights: Record<string, number>
  private readonly estates = new Map(DEMO_ESTATES.map((e) => [e.code, e]))

  constructor(
    private readonly rng: Random,
    private readonly london: BoroughLocator,
    private readonly today: number,
  ) {
    this.first = today - DEMO_SPAN_DAYS + 1
    this.estateWeights = Object.fromEntries(DEMO_ESTATES.map((e) => [e.code, e.weight]))
  }

  referral(externalId: string): DemoReferral {
    const r = this.rng
    const estate = r.chance(ON_ESTATE) ? this.estates.get(r.weighted(this.estateWeights))! : null
    const opened = this.openingDay(estate)
    const programme = r.weighted<DemoProgramme>({ mentoring: 58, 'family-support': 28, relocation: 14 })
    const subjectRole = r.weighted({ at_risk: 65, victim: 25, both: 10 })
    const home = estate ? this.near(estate.centre, estate.rx * 0.9) : this.anywhere()
    const homeBorough = this.borough(home)
    const { status, closedOn } = this.outcome(opened)
    const last = closedOn ?? this.today
    const locations: DemoLocation[] = []
    const exclusionZones: DemoExclusionZone[] = []
    let fundingBorough: string

    if (programme === 'relocation') {
      const moved = Math.min(opened + r.int(14, 90), this.today)
      const to = this.elsewhere(home, 4000, 14000)
      locations.push(
        this.at('relocation_from', home, opened, 'postcode'),
        this.at('relocation_to', to, moved, 'postcode'),
        this.at('home', to, moved, 'postcode'),
      )
      exclusionZones.push(exclusionCircle(`around ${estate ? estate.name : 'former home area'}`, estate?.centre ?? home, r.between(500, 900)))
      if (estate && r.chance(0.5)) {
        const rival = this.estates.get(r.weighted(nearbyEstateWeights(estate)))!
        exclusionZones.push(exclusionCircle(`around ${rival.name}`, rival.centre, r.between(300, 600)))
      }
      if (r.chance(0.35)) locations.push(this.at('incident', this.near(home, 500), this.dayBetween(moved, last), this.incidentPrecision()))
      fundingBorough = r.chance(0.8) ? homeBorough : this.borough(to)
    } else {
      locations.push(this.at('home', home, opened, r.weighted({ postcode: 60, street: 25, exact: 10, area: 5 })))
      const incidents = r.weighted({ 0: 20, 1: 55, 2: 25 })
      for (let k = 0; k < Number(incidents); k++) {
        const where = r.chance(AWAY_INCIDENT) ? this.awayFrom(home, estate) : this.near(home, 450)
        locations.push(this.at('incident', where, this.dayBetween(opened - 45, last), this.incidentPrecision()))
      }
      if (r.chance(0.35)) locations.push(this.at('school', this.elsewhere(home, 400, 2500, false), opened, r.weighted({ exact: 85, postcode: 15 })))
      if (r.chance(0.3))
        locations.push(this.at('hangout', this.near(estate?.centre ?? home, 400), this.dayBetween(opened, last), r.weighted({ street: 60, area: 40 })))
      fundingBorough = r.chance(0.85) ? homeBorough : this.borough(this.elsewhere(home, 1500, 4000))
    }

    return {
      externalId,
      programme,
      subjectRole,
      ageBand: r.weighted({ '10-13': 12, '14-15': 30, '16-17': 35, '18-20': 17, '21-24': 6 }),
      referralSource: r.chance(0.04)
        ? null
        : r.weighted({ school: 22, police: 18, youth_offending_team: 16, social_care: 17, health: 8, self: 4, family: 6, community: 7, other: 2 }),
      fundingBorough,
      status,
      openedOn: formatDay(opened),
      closedOn: closedOn === null ? null : formatDay(closedOn),
      riskLevel: r.chance(0.03) ? null : r.weighted({ low: 35, medium: 42, high: 23 }),
      restricted: r.chance(0.01),
      locations,
      exclusionZones,
    }
  }

  /** A day in the 24 months: a mild upward trend, a summer peak, and the estate's own trend. */
  private openingDay(estate: DemoEstate | null): number {
    const bound = 1.35 * 1.2 * MAX_ESTATE_ACTIVITY
    for (;;) {
      const d = this.rng.int(0, DEMO_SPAN_DAYS - 1)
      const t = d / (DEMO_SPAN_DAYS - 1)
      const season = 1 + 0.2 * Math.sin((2 * Math.PI * (monthOfYear(this.first + d) - 3)) / 12)
      const weight = (1 + 0.35 * t) * season * (estate ? estateActivity(estate, t) : 1)
      if (this.rng.next() * bound < weight) return this.first + d
    }
  }

  /** Closed after 2–10 months for most older cases; some of the rest paused. */
  private outcome(opened: number): { status: DemoReferral['status']; closedOn: number | null } {
    const closed = opened + this.rng.int(60, 300)
    if (closed <= this.today && this.rng.chance(0.8)) return { status: 'closed', closedOn: closed }
    return { status: this.rng.chance(0.07) ? 'paused' : 'open', closedOn: null }
  }

  private dayBetween(from: number, to: number): number {
    const a = Math.max(from, this.first)
    const b = Math.max(a, Math.min(to, this.today))
    return this.rng.int(a, b)
  }

  private incidentPrecision(): DemoLocation['precision'] {
    return this.rng.weighted({ exact: 50, street: 35, postcode: 10, area: 5 })
  }

  private at(kind: DemoLocation['kind'], p: Point, day: number, precision: DemoLocation['precision']): DemoLocation {
    return { kind, lon: p[0], lat: p[1], observedOn: formatDay(day), precision }
  }

  private borough(p: Point): string {
    return this.london.boroughAt(p[0], p[1])!
  }

  /** A point on land in a borough, rounded to 6 decimals (about 10 cm), or null. */
  private onLand(p: Point): Point | null {
    const q: Point = [round6(p[0]), round6(p[1])]
    return this.london.boroughAt(q[0], q[1]) ? q : null
  }

  /** Around `centre`, normally distributed with `sigma` metres in each direction. */
  private near(centre: Point, sigma: number): Point {
    for (let i = 0; i < 30; i++) {
      const p = this.onLand(offset(centre, this.rng.normal() * sigma, this.rng.normal() * sigma))
      if (p) return p
    }
    return this.onLand(centre) ?? this.anywhere()
  }

  /** Uniformly over London's boroughs. */
  private anywhere(): Point {
    const [w, s, e, n] = this.london.bbox
    for (;;) {
      const p = this.onLand([this.rng.between(w, e), this.rng.between(s, n)])
      if (p) return p
    }
  }

  /** min–max metres from `from` in any direction; in another borough unless `otherBorough` is false. */
  private elsewhere(from: Point, min: number, max: number, otherBorough = true): Point {
    const here = this.london.boroughAt(from[0], from[1])
    for (let i = 0; i < 200; i++) {
      const a = this.rng.between(0, 2 * Math.PI)
      const d = this.rng.between(min, max * (1 + Math.floor(i / 50)))
      const p = this.onLand(offset(from, d * Math.cos(a), d * Math.sin(a)))
      if (p && (!otherBorough || this.london.boroughAt(p[0], p[1]) !== here)) return p
    }
    return this.anywhere()
  }

  /** An incident away from home: at a nearby estate in another borough, or a few km off. */
  private awayFrom(home: Point, estate: DemoEstate | null): Point {
    const here = this.borough(home)
    if (estate && this.rng.chance(0.5)) {
      const other = this.estates.get(this.rng.weighted(nearbyEstateWeights(estate)))!
      const p = this.near(other.centre, 300)
      if (this.borough(p) !== here) return p
    }
    return this.elsewhere(home, 1500, 6000)
  }
}
