import { booleanIntersects, booleanPointInPolygon, point } from '@turf/turf'
import { describe, expect, it } from 'vitest'
import { DEMO_ESTATES, BORDER_ESTATES, estateFeatures } from '../../server/demo/estates.js'
import { demoReferrals, generateDemo, type DemoReferral } from '../../server/demo/generate.js'
import { LOCATION_KINDS, LOCATION_PRECISIONS, SUBJECT_ROLES, AGE_BANDS, REFERRAL_STATUSES } from '../../server/db/types.js'
import { BRENT, TODAY, WESTMINSTER, boroughFeatures, london } from './london.js'

const opts = { count: 2000, seed: 42, today: TODAY }

describe('synthetic demo generator', () => {
  const { referrals, estates } = generateDemo(opts, london())
  const at = (l: { lon: number; lat: number }) => london().boroughAt(l.lon, l.lat)
  const homeBorough = (r: DemoReferral) => at(r.locations.find((l) => l.kind === 'home')!)
  const share = (f: (r: DemoReferral) => boolean) => referrals.filter(f).length / referrals.length

  it('is deterministic for a seed, differs between seeds, and a smaller count is a prefix', () => {
    expect(generateDemo(opts, london()).referrals).toEqual(referrals)
    const other = generateDemo({ ...opts, seed: 43 }, london()).referrals
    expect(other).not.toEqual(referrals)
    expect(other.filter((r, i) => r.locations[0]!.lon === referrals[i]!.locations[0]!.lon).length).toBeLessThan(20)
    expect([...demoReferrals({ ...opts, count: 50 }, london())]).toEqual(referrals.slice(0, 50))
  })

  it('is lazy: a generator that makes referrals only as they are asked for', () => {
    const it = demoReferrals({ ...opts, count: 10_000_000 }, london())
    expect(it.next().value?.externalId).toBe('DEMO-000001')
  })

  it('uses the schema enums, pseudonymous ids and consistent dates over 24 months before today', () => {
    expect(new Set(referrals.map((r) => r.externalId)).size).toBe(referrals.length)
    for (const r of referrals) {
      expect(r.externalId).toMatch(/^DEMO-\d{6}$/)
      expect(SUBJECT_ROLES).toContain(r.subjectRole)
      expect(AGE_BANDS).toContain(r.ageBand)
      expect(REFERRAL_STATUSES).toContain(r.status)
      expect(r.status === 'closed').toBe(r.closedOn !== null)
      if (r.closedOn) expect(r.closedOn >= r.openedOn && r.closedOn <= TODAY).toBe(true)
      expect(r.openedOn >= '2024-11-28' && r.openedOn <= TODAY).toBe(true)
      for (const l of r.locations) {
        expect(LOCATION_KINDS).toContain(l.kind)
        expect(LOCATION_PRECISIONS).toContain(l.precision)
        expect(l.observedOn >= '2024-11-28' && l.observedOn <= TODAY).toBe(true)
      }
    }
    const months = new Set(referrals.map((r) => r.openedOn.slice(0, 7)))
    expect(months.size).toBeGreaterThanOrEqual(24)
    // a mild upward trend: the last 12 months hold more referrals than the first 12
    expect(share((r) => r.openedOn > '2025-11-27')).toBeGreaterThan(0.55)
  })

  it('mixes roles, programmes and a small restricted share', () => {
    expect(share((r) => r.subjectRole === 'victim')).toBeGreaterThan(0.2)
    expect(share((r) => r.subjectRole === 'victim')).toBeLessThan(0.3)
    expect(share((r) => r.subjectRole === 'both')).toBeGreaterThan(0.06)
    expect(share((r) => r.subjectRole === 'at_risk')).toBeGreaterThan(0.55)
    expect(share((r) => r.restricted)).toBeGreaterThan(0.002)
    expect(share((r) => r.restricted)).toBeLessThan(0.025)
    for (const p of ['mentoring', 'family-support', 'relocation']) expect(share((r) => r.programme === p)).toBeGreaterThan(0.08)
    const locations = referrals.reduce((n, r) => n + r.locations.length, 0)
    expect(locations / referrals.length).toBeGreaterThan(2.3)
    expect(locations / referrals.length).toBeLessThan(3.2)
  })

  it('moves relocations between boroughs, each with one or two exclusion zones', () => {
    const relocations = referrals.filter((r) => r.programme === 'relocation')
    expect(relocations.length).toBeGreaterThan(150)
    for (const r of relocations) {
      const from = r.locations.find((l) => l.kind === 'relocation_from')!
      const to = r.locations.find((l) => l.kind === 'relocation_to')!
      expect(at(from)).not.toBe(at(to))
      expect(r.exclusionZones.length).toBeGreaterThanOrEqual(1)
      expect(r.exclusionZones.length).toBeLessThanOrEqual(2)
      // the first zone is around the old home's area, which the destination is well away from
      expect(booleanPointInPolygon(point([to.lon, to.lat]), r.exclusionZones[0]!.geometry)).toBe(false)
    }
    expect(referrals.filter((r) => r.programme !== 'relocation').every((r) => r.exclusionZones.length === 0)).toBe(true)
  })

  it('crosses borough lines: incidents away from home, funding from a neighbour', () => {
    const awayIncident = share((r) => r.locations.some((l) => l.kind === 'incident' && at(l) !== homeBorough(r)))
    expect(awayIncident).toBeGreaterThan(0.2)
    expect(awayIncident).toBeLessThan(0.35)
    const fundingMismatch = share((r) => r.fundingBorough !== homeBorough(r))
    expect(fundingMismatch).toBeGreaterThan(0.1)
    expect(fundingMismatch).toBeLessThan(0.35)
    expect(share((r) => homeBorough(r) === BRENT)).toBeGreaterThan(0.08)
    expect(share((r) => homeBorough(r) === WESTMINSTER)).toBeGreaterThan(0.08)
  })

  it('places every point on land in a London borough (checked against turf as well)', () => {
    const all = referrals.flatMap((r) => r.locations)
    expect(all.every((l) => at(l) !== null)).toBe(true)
    const features = boroughFeatures()
    for (const l of all.filter((_, i) => i % 25 === 0)) {
      const hit = features.find((f) => booleanPointInPolygon(point([l.lon, l.lat]), f.geometry))
      expect(hit?.properties.GSS_CODE).toBe(at(l))
    }
  })

  it('labels its estates synthetic; the border estates intersect both Brent and Westminster', () => {
    expect(estates).toHaveLength(DEMO_ESTATES.length)
    expect(estates.length).toBeGreaterThanOrEqual(8)
    for (const e of estates) {
      expect(e.properties.code).toMatch(/^SYN-EST-\d{2}$/)
      expect(e.properties.name).toMatch(/\(synthetic\)$/)
    }
    const features = boroughFeatures()
    const brent = features.find((f) => f.properties.GSS_CODE === BRENT)!
    const westminster = features.find((f) => f.properties.GSS_CODE === WESTMINSTER)!
    for (const code of BORDER_ESTATES) {
      const e = estateFeatures().find((f) => f.properties.code === code)!
      expect(booleanIntersects(e, brent)).toBe(true)
      expect(booleanIntersects(e, westminster)).toBe(true)
    }
    for (const e of DEMO_ESTATES) expect(london().boroughAt(...e.centre)).not.toBeNull()
  })
})
