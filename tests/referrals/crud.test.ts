import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BRENT, createFixture, exampleReferral, MAIDA_VALE, SOUTH_KILBURN, WESTMINSTER, type Fixture } from './fixture.js'

let f: Fixture
beforeAll(async () => {
  f = await createFixture()
})
afterAll(() => f?.close())

const URL = '/api/v1/referrals'

describe('POST /api/v1/referrals', () => {
  it('creates a referral with its locations, their assigned areas and its classification', async () => {
    const body = exampleReferral()
    const res = await f.post(URL, body)
    expect(res.statusCode).toBe(201)
    const r = res.json()
    expect(res.headers.location).toBe(`${URL}/${r.id}`)
    expect(r).toMatchObject({
      externalId: body.externalId,
      programme: 'mentoring',
      subjectRole: 'at_risk',
      ageBand: '16-17',
      fundingBorough: WESTMINSTER,
      openedOn: '2026-03-01',
      status: 'open',
      closedOn: null,
      riskLevel: null,
      referralSource: null,
      restricted: false,
    })
    expect(r.locations).toHaveLength(2)
    expect(r.locations[0]).toMatchObject({ kind: 'home', ...SOUTH_KILBURN, observedOn: '2026-03-01', precision: 'exact', borough: BRENT })
    expect(r.locations[1]).toMatchObject({ kind: 'incident', ...MAIDA_VALE, borough: WESTMINSTER })
    expect(r.locations[0].id).toMatch(/^[0-9a-f-]{36}$/)
    expect(r.locations[0].nearestBorder).toMatchObject({ code: WESTMINSTER })
    expect(r.crossBoundary).toMatchObject({ multiBorough: true, boroughs: [BRENT, WESTMINSTER] })
    expect(JSON.stringify(r)).not.toMatch(/"[a-z]+_[a-z_]+":/) // no snake_case keys
  })

  it('answers 409 problem+json for an externalId already used in the organisation', async () => {
    const body = exampleReferral()
    expect((await f.post(URL, body)).statusCode).toBe(201)
    const res = await f.post(URL, { ...body, locations: [] })
    expect(res.statusCode).toBe(409)
    expect(res.headers['content-type']).toContain('application/problem+json')
    expect(res.json()).toMatchObject({ status: 409, code: 'conflict', errors: [{ field: 'externalId' }] })
  })

  it('accepts the optional fields and a referral with no locations', async () => {
    const res = await f.post(
      URL,
      exampleReferral({
        locations: undefined,
        referralSource: 'school',
        status: 'closed',
        closedOn: '2026-04-01',
        riskLevel: 'high',
        restricted: true,
        programme: 'relocation',
      }),
    )
    expect(res.statusCode).toBe(201)
    expect(res.json()).toMatchObject({
      referralSource: 'school',
      status: 'closed',
      closedOn: '2026-04-01',
      riskLevel: 'high',
      restricted: true,
      programme: 'relocation',
      locations: [],
    })
    expect(res.json().crossBoundary).toEqual({ multiBorough: false, boroughs: [], fundingMismatch: false, borderZone: [], straddlingAreas: [] })
  })
})

describe('GET, PATCH, DELETE /api/v1/referrals/{id}', () => {
  it('reads back what was created', async () => {
    const created = (await f.post(URL, exampleReferral())).json()
    const res = await f.get(`${URL}/${created.id}`)
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual(created)
  })

  it('patches fields, closes by closedOn and reopens by status', async () => {
    const { id } = (await f.post(URL, exampleReferral())).json()
    let res = await f.patch(`${URL}/${id}`, { riskLevel: 'medium', programme: 'family-support', fundingBorough: BRENT, closedOn: '2026-05-01' })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ riskLevel: 'medium', programme: 'family-support', fundingBorough: BRENT, status: 'closed', closedOn: '2026-05-01' })
    res = await f.patch(`${URL}/${id}`, { status: 'open', riskLevel: null })
    expect(res.json()).toMatchObject({ status: 'open', closedOn: null, riskLevel: null })
    expect(res.json().locations).toHaveLength(2)
  })

  it("answers 409 when a patch takes another referral's externalId", async () => {
    const a = exampleReferral()
    await f.post(URL, a)
    const { id } = (await f.post(URL, exampleReferral())).json()
    const res = await f.patch(`${URL}/${id}`, { externalId: a.externalId })
    expect(res.statusCode).toBe(409)
  })

  it('rejects an empty or unknown-field patch, and a patch closing before opening', async () => {
    const { id } = (await f.post(URL, exampleReferral())).json()
    expect((await f.patch(`${URL}/${id}`, {})).statusCode).toBe(400)
    const unknown = await f.patch(`${URL}/${id}`, { colour: 'red' })
    expect(unknown.statusCode).toBe(400)
    expect(unknown.json().errors[0].field).toBe('colour')
    const early = await f.patch(`${URL}/${id}`, { closedOn: '2026-02-01' })
    expect(early.statusCode).toBe(400)
    expect(early.json().errors.map((e: { field: string }) => e.field)).toContain('closedOn')
  })

  it('deletes a referral with its locations; then 404', async () => {
    const { id } = (await f.post(URL, exampleReferral())).json()
    expect((await f.del(`${URL}/${id}`)).statusCode).toBe(204)
    expect((await f.get(`${URL}/${id}`)).statusCode).toBe(404)
    expect((await f.del(`${URL}/${id}`)).statusCode).toBe(404)
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from referral_locations where referral_id = ${id}`.execute(f.database.system)
    expect(rows[0]!.n).toBe(0)
  })

  it.each([
    ['GET', 'unknown id', 404],
    ['PATCH', 'unknown id', 404],
    ['GET', 'malformed uuid', 400],
    ['DELETE', 'malformed uuid', 400],
  ])('%s answers problem+json for an %s', async (method, what, status) => {
    const id = what === 'unknown id' ? '00000000-0000-4000-8000-000000000000' : 'not-a-uuid'
    const res = await f.inject({ method: method as 'GET', url: `${URL}/${id}`, ...(method === 'PATCH' ? { payload: { riskLevel: 'low' } } : {}) })
    expect(res.statusCode).toBe(status)
    expect(res.headers['content-type']).toContain('application/problem+json')
    if (status === 400) expect(res.json().errors[0].field).toBe('id')
  })

  it("does not show another organisation's referral", async () => {
    const { rows } = await sql<{ id: string }>`insert into organisations (name) values ('Another charity') returning id`.execute(f.database.system)
    const other = await sql<{ id: string }>`
      insert into referrals (organisation_id, programme_id, external_id, subject_role, age_band, funding_borough, opened_on)
      select ${rows[0]!.id}, id, 'OTHER-1', 'victim', '14-15', ${BRENT}, '2026-01-01' from programmes where slug = 'mentoring'
      returning id`.execute(f.database.system)
    const otherId = other.rows[0]!.id
    expect((await f.get(`${URL}/${otherId}`)).statusCode).toBe(404)
    expect((await f.patch(`${URL}/${otherId}`, { riskLevel: 'low' })).statusCode).toBe(404)
    expect((await f.del(`${URL}/${otherId}`)).statusCode).toBe(404)
    expect((await f.post(`${URL}/${otherId}/locations`, { kind: 'home', ...SOUTH_KILBURN, observedOn: '2026-01-01', precision: 'exact' })).statusCode).toBe(404)
    const list = (await f.get(`${URL}?limit=500`)).json()
    expect(list.items.map((r: { id: string }) => r.id)).not.toContain(otherId)
  })
})

it('documents every referral route in the OpenAPI document', async () => {
  const doc = (await f.get('/docs/json')).json()
  expect(Object.keys(doc.paths)).toEqual(
    expect.arrayContaining([
      '/api/v1/referrals',
      '/api/v1/referrals/{id}',
      '/api/v1/referrals/{id}/locations',
      '/api/v1/referrals/{id}/locations/{locationId}',
      '/api/v1/referrals/{id}/exclusion-zones',
      '/api/v1/referrals/{id}/exclusion-zones/{zoneId}',
    ]),
  )
  expect(doc.paths['/api/v1/referrals'].post.responses).toHaveProperty('409')
})
