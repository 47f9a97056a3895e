import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFixture, exampleReferral, type Fixture } from '../referrals/fixture.js'
import type { Client } from '../helpers/world.js'

let f: Fixture
let cw: Client
let cw2: Client
const URL = '/api/v1/referrals'
beforeAll(async () => {
  f = await createFixture()
  cw = await f.world.as('caseworkerA')
  cw2 = await f.world.as('caseworkerA2')
})
afterAll(() => f?.close())

describe('caseloads', () => {
  it("a caseworker's own referral is in their caseload, and in no other caseworker's", async () => {
    const res = await cw.post(URL, exampleReferral())
    expect(res.statusCode).toBe(201)
    const r = res.json()
    expect(r.caseworkerId).toBe(f.world.users.caseworkerA)
    expect((await cw.get(`${URL}/${r.id}`)).statusCode).toBe(200)
    expect((await cw2.get(`${URL}/${r.id}`)).statusCode).toBe(404)
    expect((await cw2.patch(`${URL}/${r.id}`, { riskLevel: 'high' })).statusCode).toBe(404)
    expect((await cw2.get(URL)).json().items.map((x: { id: string }) => x.id)).not.toContain(r.id)
    expect((await f.get(`${URL}/${r.id}`)).statusCode).toBe(200) // the lead sees every referral of the organisation
  })

  it('a lead assigns a referral to a caseworker, who then sees it; caseworkers cannot reassign', async () => {
    const made = (await f.post(URL, exampleReferral())).json()
    expect(made.caseworkerId).toBeNull()
    expect((await cw2.get(`${URL}/${made.id}`)).statusCode).toBe(404)
    const assigned = await f.patch(`${URL}/${made.id}`, { caseworkerId: f.world.users.caseworkerA2 })
    expect(assigned.statusCode).toBe(200)
    expect((await cw2.get(`${URL}/${made.id}`)).json().caseworkerId).toBe(f.world.users.caseworkerA2)
    const steal = await cw2.patch(`${URL}/${made.id}`, { caseworkerId: f.world.users.caseworkerA })
    expect(steal.statusCode).toBe(400)
    expect(steal.json().errors[0].field).toBe('caseworkerId')
    const notCaseworker = await f.patch(`${URL}/${made.id}`, { caseworkerId: f.world.users.commissionerA })
    expect(notCaseworker.statusCode).toBe(400)
    const otherOrg = await f.patch(`${URL}/${made.id}`, { caseworkerId: f.world.users.caseworkerB })
    expect(otherOrg.statusCode).toBe(400)
  })
})
