import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { londonToday } from '../../server/referrals/validation.js'
import { createFixture, exampleReferral, problemFields, SOUTH_KILBURN, type Fixture } from './fixture.js'

let f: Fixture
beforeAll(async () => {
  f = await createFixture()
})
afterAll(() => f?.close())

const URL = '/api/v1/referrals'
const tomorrow = () => {
  const d = new Date(`${londonToday()}T12:00:00Z`)
  d.setUTCDate(d.getUTCDate() + 1)
  return d.toISOString().slice(0, 10)
}
const home = (over: Record<string, unknown> = {}) => ({ kind: 'home', ...SOUTH_KILBURN, observedOn: '2026-03-01', precision: 'exact', ...over })
const countReferrals = async () =>
  (await sql<{ n: number }>`select (select count(*) from referrals)::int + (select count(*) from referral_locations)::int as n`.execute(f.database.system))
    .rows[0]!.n

describe('POST /api/v1/referrals validation: 400 problem+json naming each invalid field', () => {
  it.each<[string, Record<string, unknown>, string]>([
    ['unknown field', { colour: 'red' }, 'colour'],
    ['unknown location field', { locations: [home({ postcode: 'NW6' })] }, 'locations[0].postcode'],
    ['missing externalId', { externalId: undefined }, 'externalId'],
    ['unknown programme', { programme: 'boxing' }, 'programme'],
    ['unknown funding borough', { fundingBorough: 'E09999999' }, 'fundingBorough'],
    ['unknown subjectRole', { subjectRole: 'perpetrator' }, 'subjectRole'],
    ['unknown ageBand', { ageBand: '25-30' }, 'ageBand'],
    ['unknown status', { status: 'archived' }, 'status'],
    ['unknown riskLevel', { riskLevel: 'extreme' }, 'riskLevel'],
    ['unknown referralSource', { referralSource: 'tv' }, 'referralSource'],
    ['unknown location kind', { locations: [home({ kind: 'work' })] }, 'locations[0].kind'],
    ['unknown precision', { locations: [home({ precision: 'rough' })] }, 'locations[0].precision'],
    ['malformed date', { openedOn: '01/03/2026' }, 'openedOn'],
    ['impossible date', { openedOn: '2026-02-30' }, 'openedOn'],
    ['openedOn in the future', { openedOn: tomorrow(), locations: [] }, 'openedOn'],
    ['openedOn before 2000', { openedOn: '1999-12-31', locations: [] }, 'openedOn'],
    ['closedOn before openedOn', { status: 'closed', closedOn: '2026-02-28' }, 'closedOn'],
    ['closedOn in the future', { status: 'closed', closedOn: tomorrow() }, 'closedOn'],
    ['status closed without closedOn', { status: 'closed' }, 'closedOn'],
    ['closedOn on an open referral', { status: 'open', closedOn: '2026-04-01' }, 'status'],
    ['observedOn in the future', { locations: [home({ observedOn: tomorrow() })] }, 'locations[0].observedOn'],
    ['observedOn more than 5 years before openedOn', { locations: [home({ observedOn: '2021-02-28' })] }, 'locations[0].observedOn'],
    ['lon outside the service area', { locations: [home(), home({ lon: -1.5 })] }, 'locations[1].lon'],
    ['lat outside the service area', { locations: [home({ lat: 52.5 })] }, 'locations[0].lat'],
    ['lon out of range', { locations: [home({ lon: 200 })] }, 'locations[0].lon'],
    ['lon not a number', { locations: [home({ lon: 'west' })] }, 'locations[0].lon'],
    ['blank externalId', { externalId: '' }, 'externalId'],
  ])('%s', async (_name, over, field) => {
    const before = await countReferrals()
    const res = await f.post(URL, exampleReferral(over))
    expect(res.statusCode).toBe(400)
    expect(res.headers['content-type']).toContain('application/problem+json')
    expect(res.json()).toMatchObject({ status: 400, code: 'validation-failed' })
    expect(problemFields(res)).toContain(field)
    expect(res.json().detail).toContain(field)
    expect(await countReferrals()).toBe(before)
  })

  it('accepts an observedOn exactly 5 years before openedOn', async () => {
    const res = await f.post(URL, exampleReferral({ locations: [home({ observedOn: '2021-03-01' })] }))
    expect(res.statusCode).toBe(201)
  })

  it('lists every semantic error at once, and writes nothing when one location is bad', async () => {
    const before = await countReferrals()
    const res = await f.post(
      URL,
      exampleReferral({
        programme: 'boxing',
        fundingBorough: 'E09999999',
        locations: [home(), home({ lon: 0.9 }), home({ observedOn: '2010-01-01' })],
      }),
    )
    expect(res.statusCode).toBe(400)
    expect(problemFields(res)).toEqual(expect.arrayContaining(['programme', 'fundingBorough', 'locations[1].lon', 'locations[2].observedOn']))
    expect(problemFields(res)).not.toContain('locations[0].lon')
    expect(await countReferrals()).toBe(before)
  })

  it('rejects a limit above the configured maximum and unknown query parameters on the list', async () => {
    for (const [url, field] of [
      [`${URL}?limit=501`, 'limit'],
      [`${URL}?limit=0`, 'limit'],
      [`${URL}?colour=red`, 'colour'],
      [`${URL}?from=2026-13-01`, 'from'],
      [`${URL}?borderZone=E09000005`, 'borderZone'],
      [`${URL}?borderZoneM=6000`, 'borderZoneM'],
    ]) {
      const res = await f.get(url!)
      expect(res.statusCode, url).toBe(400)
      expect(problemFields(res)).toContain(field)
    }
  })

  it('rejects a borderZoneM outside 1..5000 on GET one', async () => {
    const { id } = (await f.post(URL, exampleReferral())).json()
    expect((await f.get(`${URL}/${id}?borderZoneM=0`)).statusCode).toBe(400)
    expect((await f.get(`${URL}/${id}?borderZoneM=5001`)).statusCode).toBe(400)
    expect((await f.get(`${URL}/${id}?borderZoneM=5000`)).statusCode).toBe(200)
  })
})
