import { sql } from 'kysely'
import type { LightMyRequestResponse } from 'fastify'
import type { Actor } from '../../server/auth/actor.js'
import { createTestApp, type TestApp } from '../helpers/app.js'
import type { Client } from '../helpers/world.js'

/** South Kilburn (Brent, ~136 m from Westminster) and Maida Vale (Westminster). */
export const SOUTH_KILBURN = { lon: -0.195, lat: 51.534 }
export const MAIDA_VALE = { lon: -0.178, lat: 51.523 }
export const BRENT = 'E09000005'
export const WESTMINSTER = 'E09000033'

export interface Fixture extends TestApp {
  actor: Actor
  inject: Client['inject']
  post(url: string, body: unknown): Promise<LightMyRequestResponse>
  patch(url: string, body: unknown): Promise<LightMyRequestResponse>
  get(url: string): Promise<LightMyRequestResponse>
  del(url: string): Promise<LightMyRequestResponse>
}

/** The app over a fresh database, with the programmes and the organisation the routes act as. */
export async function createFixture(): Promise<Fixture> {
  const t = await createTestApp()
  await sql`insert into programmes (slug, name) values ('mentoring', 'Mentoring'), ('family-support', 'Family support'), ('relocation', 'Relocation')
            on conflict (slug) do nothing`.execute(t.database.system)
  const lead = await t.world.as('leadA')
  return { ...t, actor: lead.actor, inject: lead.inject, post: lead.post, patch: lead.patch, get: lead.get, del: lead.del }
}

let seq = 0
/** The example referral: a South Kilburn home, a Maida Vale incident, Westminster-funded. */
export function exampleReferral(overrides: Record<string, unknown> = {}) {
  return {
    externalId: `SOS-2026-${String(++seq).padStart(4, '0')}`,
    programme: 'mentoring',
    subjectRole: 'at_risk',
    ageBand: '16-17',
    fundingBorough: WESTMINSTER,
    openedOn: '2026-03-01',
    locations: [
      { kind: 'home', ...SOUTH_KILBURN, observedOn: '2026-03-01', precision: 'exact' },
      { kind: 'incident', ...MAIDA_VALE, observedOn: '2026-03-10', precision: 'street' },
    ],
    ...overrides,
  }
}

/** The fields a 400 problem names. */
export function problemFields(res: LightMyRequestResponse): string[] {
  return (res.json().errors ?? []).map((e: { field: string }) => e.field)
}
