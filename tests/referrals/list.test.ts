import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BRENT, createFixture, exampleReferral, MAIDA_VALE, SOUTH_KILBURN, WESTMINSTER, type Fixture } from './fixture.js'

let f: Fixture
const URL = '/api/v1/referrals'
const WILLESDEN = { lon: -0.221, lat: 51.549 } // well inside Brent
const loc = (kind: string, p: { lon: number; lat: number }, observedOn = '2026-01-10') => ({ kind, ...p, observedOn, precision: 'street' })

interface R {
  id: string
  openedOn: string
  crossBoundary: { multiBorough: boolean; fundingMismatch: boolean; borderZone: { between: string[] }[]; boroughs: string[] }
}
const ids = (items: R[]) => items.map((r) => r.id)
const list = async (query: string) => {
  const res = await f.get(`${URL}?limit=500&${query}`)
  expect(res.statusCode, query).toBe(200)
  return res.json().items as R[]
}

let mixed: R // Brent home, Westminster incident, Westminster-funded
let brentOnly: R // Brent-funded, Brent only, far from borders
let victim: R

beforeAll(async () => {
  f = await createFixture()
  mixed = (await f.post(URL, exampleReferral({ openedOn: '2026-01-05' }))).json()
  brentOnly = (
    await f.post(
      URL,
      exampleReferral({ openedOn: '2025-06-01', fundingBorough: BRENT, programme: 'family-support', locations: [loc('home', WILLESDEN, '2025-06-01')] }),
    )
  ).json()
  victim = (
    await f.post(
      URL,
      exampleReferral({
        openedOn: '2024-02-01',
        subjectRole: 'victim',
        ageBand: '10-13',
        status: 'closed',
        closedOn: '2024-12-01',
        fundingBorough: WESTMINSTER,
        locations: [loc('home', MAIDA_VALE, '2024-02-01')],
      }),
    )
  ).json()
})
afterAll(() => f?.close())

describe('GET /api/v1/referrals filters', () => {
  it('returns every referral of the organisation, newest opened first', async () => {
    expect(ids(await list(''))).toEqual([mixed.id, brentOnly.id, victim.id])
  })

  it.each<[string, () => R[]]>([
    ['from=2025-01-01', () => [mixed, brentOnly]],
    ['to=2025-06-01', () => [brentOnly, victim]],
    ['from=2025-01-01&to=2025-12-31', () => [brentOnly]],
    ['programme=family-support', () => [brentOnly]],
    ['programme=relocation', () => []],
    [`borough=${WESTMINSTER}`, () => [mixed, victim]],
    [`borough=${BRENT}`, () => [mixed, brentOnly]],
    ['subjectRole=victim', () => [victim]],
    ['ageBand=16-17', () => [mixed, brentOnly]],
    ['status=closed', () => [victim]],
    ['status=open&subjectRole=at_risk', () => [mixed, brentOnly]],
    ['multiBorough=true', () => [mixed]],
    ['multiBorough=false', () => [brentOnly, victim]],
    ['fundingMismatch=true', () => [mixed]],
    ['fundingMismatch=false', () => [brentOnly, victim]],
    [`borderZone=${WESTMINSTER},${BRENT}`, () => [mixed]],
    [`borderZone=${BRENT},${WESTMINSTER}&borderZoneM=100`, () => []],
    ['borderZone=E09000001,E09000033', () => []],
  ])('%s', async (query, expected) => {
    expect(ids(await list(query))).toEqual(ids(expected()))
  })

  it("agrees with each referral's classification, at the D it was asked for", async () => {
    for (const d of [100, 400, 2000]) {
      const items = await list(`borderZoneM=${d}`)
      const zone = ids(await list(`borderZoneM=${d}&borderZone=${BRENT},${WESTMINSTER}`))
      expect(zone).toEqual(ids(items.filter((r) => r.crossBoundary.borderZone.some((z) => z.between.join() === `${BRENT},${WESTMINSTER}`))))
      expect(ids(await list('multiBorough=true'))).toEqual(ids(items.filter((r) => r.crossBoundary.multiBorough)))
      expect(ids(await list('fundingMismatch=true'))).toEqual(ids(items.filter((r) => r.crossBoundary.fundingMismatch)))
    }
  })
})

describe('GET /api/v1/referrals pagination', () => {
  const created: string[] = []
  beforeAll(async () => {
    // 120 more, six per opening date, so ties on opened_on are broken by id.
    for (let i = 0; i < 120; i++) {
      const day = String(1 + Math.floor(i / 6)).padStart(2, '0')
      const res = await f.post(URL, exampleReferral({ openedOn: `2023-03-${day}`, locations: i % 3 ? [] : [loc('home', SOUTH_KILBURN, `2023-03-${day}`)] }))
      expect(res.statusCode).toBe(201)
      created.push(res.json().id)
    }
  })

  it('walks pages of 50 with an opaque cursor: every referral exactly once, in order', async () => {
    const seen: R[] = []
    let next: string | null = null
    let pages = 0
    do {
      const res = await f.get(`${URL}?limit=50${next ? `&cursor=${next}` : ''}`)
      expect(res.statusCode).toBe(200)
      const body = res.json() as { items: R[]; next: string | null }
      expect(body.items.length).toBeLessThanOrEqual(50)
      seen.push(...body.items)
      next = body.next
      pages++
    } while (next)
    expect(pages).toBe(3) // 123 referrals
    const all = ids(seen)
    expect(new Set(all).size).toBe(123)
    expect(all).toEqual(expect.arrayContaining(created))
    const sorted = [...seen].sort((a, b) => (a.openedOn === b.openedOn ? (a.id < b.id ? 1 : -1) : a.openedOn < b.openedOn ? 1 : -1))
    expect(all).toEqual(ids(sorted))
  })

  it('uses the configured default page size, and next is null on the last page', async () => {
    const first = (await f.get(URL)).json()
    expect(first.items).toHaveLength(50)
    expect(typeof first.next).toBe('string')
    const filtered = (await f.get(`${URL}?subjectRole=victim`)).json()
    expect(filtered).toMatchObject({ next: null })
  })

  it('keeps the filters across pages', async () => {
    const q = `${URL}?limit=15&from=2023-03-01&to=2023-03-31&borough=${BRENT}`
    const seen: R[] = []
    let next: string | null = null
    do {
      const body = (await f.get(`${q}${next ? `&cursor=${next}` : ''}`)).json() as { items: R[]; next: string | null }
      seen.push(...body.items)
      next = body.next
    } while (next)
    expect(seen).toHaveLength(40) // one in three of the 120 has a Brent home
    expect(new Set(ids(seen)).size).toBe(40)
    expect(seen.every((r) => r.openedOn.startsWith('2023-03') && r.crossBoundary.boroughs.includes(BRENT))).toBe(true)
  })

  it('answers 400 naming cursor for a tampered or foreign cursor, and 400 for limit 501', async () => {
    const { next } = (await f.get(`${URL}?limit=5`)).json()
    const raw = Buffer.from(next, 'base64url').toString()
    const edited = Buffer.from(raw.replace(/\|(\d{4})-/, (_m, y: string) => `|${Number(y) - 1}-`)).toString('base64url')
    for (const cursor of [edited, `${next.slice(0, -2)}xx`, 'not a cursor', Buffer.from('{"id":1}').toString('base64url')]) {
      const res = await f.get(`${URL}?cursor=${encodeURIComponent(cursor)}`)
      expect(res.statusCode, cursor).toBe(400)
      expect(res.json().errors[0].field).toBe('cursor')
    }
    const res = await f.get(`${URL}?limit=501`)
    expect(res.statusCode).toBe(400)
    expect(res.json().errors[0].field).toBe('limit')
  })
})
