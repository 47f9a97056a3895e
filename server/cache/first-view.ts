import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import { FIRST_VIEW, firstViewPeriod } from '../analysis-data/first-view.js'
import type { Actor } from '../auth/actor.js'
import { injectAs } from '../auth/internal-actor.js'
import { lastCompleteQuarter } from '../privacy/disclosure.js'
import { inOrder } from './refresh.js'

/**
 * The first view, answered as the service starts. Every answer is kept per data version and
 * disclosure scope (server/cache/versioned.ts), so the first lead to sign in after a restart used to
 * wait for everything their page asks at once (2.0 s on the demo, of which the hot spots 1.05 s);
 * the next one found it kept. FIRST_VIEW_DELAY_MS after listening (and, in the demo, after the demo
 * referrals are in), the service asks those questions itself, one after another (on a PostGIS server as
 * many at once as a refresh round answers), each when no request is in flight, for each
 * organisation's leads and for each commissioner scope: through its own routes (`app.inject`), as an
 * account of that scope (server/auth/internal-actor.ts), so the answers are exactly what the page's requests get, under
 * the keys they look up, and are noted for answering again after a write (server/cache/refresh.ts).
 * Leads' and commissioners' reads are not audited (only partners' and refusals are), so nothing is
 * recorded in anyone's name.
 */

/** At most this many scopes are answered at start-up. */
export const FIRST_VIEW_SCOPES = 20
/**
 * How long after listening (and the demo's referrals) the first view begins: the service's first
 * requests (readiness probes, the first page's boundaries) come before it. Started at once, it put
 * the embedded database's first, cold questions in front of them: a later start was ready 1.1–1.4 s
 * later (5.1–5.9 s instead of 4.0–4.4 s).
 */
export const FIRST_VIEW_DELAY_MS = 2_000

type FirstViewRole = 'lead' | 'commissioner'

/** The questions a role's page asks as it opens, as the page asks them (paths with their query). */
export function firstViewQuestions(role: FirstViewRole, borderZoneM: number, today = new Date()): string[] {
  if (role === 'lead') {
    const { from, to } = firstViewPeriod(today)
    const period = `from=${from}&to=${to}`
    return [
      `/api/v1/analysis/hotspots?${period}&size=${FIRST_VIEW.hexSizeM}`,
      `/api/v1/stats/counts?${period}&geography=borough&by=month`,
      `/api/v1/analysis/border-activity?between=${encodeURIComponent(FIRST_VIEW.border)}&distance=${borderZoneM}&${period}`,
    ]
  }
  const { from, to } = lastCompleteQuarter(today)
  const period = `from=${from}&to=${to}`
  return [
    `/api/v1/reports/funding?${period}&basis=blend&weight=${FIRST_VIEW.blendWeight}`,
    `/api/v1/stats/counts?${period}&geography=borough`,
    `/api/v1/analysis/flows?${period}`,
  ]
}

/** One account of each lead and commissioner scope (organisation, role, boroughs) that can sign in. */
async function scopes(app: FastifyInstance): Promise<Array<Actor & { role: FirstViewRole }>> {
  const { rows } = await sql<{ id: string; organisation_id: string; role: FirstViewRole; boroughs: string[] | null }>`
    select distinct on (organisation_id, role, boroughs) id, organisation_id, role, boroughs
    from users where role in ('lead', 'commissioner') and not disabled
    order by organisation_id, role, boroughs, created_at
    limit ${FIRST_VIEW_SCOPES}`.execute(app.system)
  return rows.map((r) => ({ userId: r.id, organisationId: r.organisation_id, role: r.role, boroughs: r.boroughs, agreementId: null as null }))
}

/** Asks every scope's first-view questions; resolves with how many were answered (never throws). */
export async function answerFirstView(app: FastifyInstance, today = new Date()): Promise<{ scopes: number; answered: number; failed: number; ms: number }> {
  const started = Date.now()
  let answered = 0
  let failed = 0
  const actors = await scopes(app).catch((err: unknown) => {
    app.log.warn({ err }, 'first view: the accounts could not be read')
    return []
  })
  const questions = actors.flatMap((actor) => firstViewQuestions(actor.role, app.config.borderZoneM, today).map((url) => ({ actor, url })))
  await inOrder(questions, app.refresher.parallel, async ({ actor, url }) => {
    // Background work: people's requests first, as in a refresh round.
    await app.refresher.yieldToRequests()
    const res = await injectAs(app, actor, { method: 'GET', url }).catch(() => undefined)
    if (res?.statusCode === 200) answered++
    else {
      failed++
      app.log.warn({ url, status: res?.statusCode, role: actor.role }, 'first view: a question could not be answered at start-up')
    }
  })
  return { scopes: actors.length, answered, failed, ms: Date.now() - started }
}
