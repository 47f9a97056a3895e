import type { FastifyInstance } from 'fastify'
import { sql, type Kysely } from 'kysely'
import { createSession } from '../../server/auth/auth.repository.js'
import { csrfTokenFor, newSecret, secretHash, SESSION_COOKIE } from '../../server/auth/tokens.js'
import type { DB } from '../../server/db/types.js'
import type { Credentials } from '../../scripts/soak.js'

/** The programmes the load creates referrals in. */
export async function ensureProgrammes(system: Kysely<DB>): Promise<void> {
  await sql`insert into programmes (slug, name) values ('mentoring', 'Mentoring'), ('family-support', 'Family support'), ('relocation', 'Relocation')
            on conflict (slug) do nothing`.execute(system)
}

/** A session of `userId` for real HTTP requests (cookie + CSRF token), as sign-in would create. */
export async function sessionFor(system: Kysely<DB>, userId: string): Promise<Credentials> {
  const secret = newSecret()
  await createSession(system, userId, secretHash(secret), 60)
  return { cookie: `${SESSION_COOKIE}=${secret}`, csrf: csrfTokenFor(secret) }
}

/** Listens on a free loopback port; the base URL. */
export async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as { port: number }
  return `http://127.0.0.1:${port}`
}

/** Creates one referral with a single exact home location through the API (`base`, a lead's session); the response. */
export function postReferral(base: string, who: Credentials, r: { externalId: string; fundingBorough: string; on: string; lon: number; lat: number }) {
  return fetch(`${base}/api/v1/referrals`, {
    method: 'POST',
    headers: { cookie: who.cookie, 'x-csrf-token': who.csrf, 'content-type': 'application/json' },
    body: JSON.stringify({
      externalId: r.externalId,
      programme: 'mentoring',
      subjectRole: 'at_risk',
      ageBand: '16-17',
      fundingBorough: r.fundingBorough,
      openedOn: r.on,
      locations: [{ kind: 'home', lon: r.lon, lat: r.lat, observedOn: r.on, precision: 'exact' }],
    }),
  })
}
