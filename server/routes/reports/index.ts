import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type, type TSchema } from 'typebox'
import { FUNDING_READERS } from '../../auth/access.js'
import { audit } from '../../audit/audit.js'
import { fundingCsv, FUNDING_CSV_COLUMNS } from '../../reports/funding.csv.js'
import { FUNDING_BASES } from '../../reports/funding.repository.js'
import { AGGREGATE_BLEND_WEIGHTS, DEFAULT_BLEND_WEIGHT, type FundingReport, fundingReport } from '../../reports/funding.service.js'
import { DisclosureFields, errorResponses, MonthString, StringEnum } from '../../schemas/common.js'

/** The funding report is for commissioners and the project's leads; partners read it under their agreement. */
const CSV = 'text/csv'

const Month = MonthString()
const Hidden = <T extends TSchema>(description: string, type: T) => Type.Union([type, Type.Null()], { description })

const FundingResponse = Type.Object({
  basis: StringEnum(FUNDING_BASES),
  weight: Type.Union([Type.Number(), Type.Null()], { description: 'Residence weight of a blend; null for the other bases' }),
  from: Type.String(),
  to: Type.String(),
  programme: Type.Union([Type.String(), Type.Null()]),
  k: Type.Union([Type.Integer(), Type.Null()], { description: 'The k applied; null for a lead, who sees exact counts' }),
  ...DisclosureFields,
  rows: Type.Array(
    Type.Object({
      borough: Type.Object({ code: Type.String(), name: Type.String() }),
      count: Hidden('Weighted referrals counted for the borough (4 decimals; whole numbers for residence)', Type.Number({ minimum: 0 })),
      share: Hidden('count ÷ totals.count (6 decimals)', Type.Number({ minimum: 0, maximum: 1 })),
      residents: Hidden(
        'Aggregate readers: referrals whose latest home in the period is in the borough, perturbed; null for a lead',
        Type.Integer({ minimum: 0 }),
      ),
      active: Hidden(
        'Aggregate readers: referrals with an incident, school or hangout in the borough in the period, perturbed; null for a lead',
        Type.Integer({ minimum: 0 }),
      ),
      referrals: Hidden('Leads: distinct referrals with a part in the borough; null for aggregate readers', Type.Integer({ minimum: 0 })),
      crossBorough: Hidden(
        'Leads: of those, referrals whose home/incident/school/hangout events in the period lie in two or more boroughs; null for aggregate readers',
        Type.Integer({ minimum: 0 }),
      ),
      suppressed: Type.Boolean({ description: 'Always false: nothing is withheld (kept for earlier clients)' }),
    }),
  ),
  totals: Type.Object({
    count: Hidden('Referrals counted (for aggregate readers perturbed on its own)', Type.Integer({ minimum: 0 })),
    referrals: Hidden(
      "Leads: sum of the rows' referrals (a referral with parts in two boroughs is in both); null for aggregate readers",
      Type.Integer({ minimum: 0 }),
    ),
    crossBorough: Hidden("Leads: sum of the rows' crossBorough; null for aggregate readers", Type.Integer({ minimum: 0 })),
    suppressed: Type.Boolean(),
  }),
})

const DESCRIPTION = `Each borough's part of the organisation's caseload over whole months, for agreeing how a cross-borough project is funded.

**What is counted.** The located events observed from the first day of \`from\` to the last day of \`to\` that the reader may count (the organisation's referrals, never restricted ones; for a commissioner or partner only events in the boroughs of their scope — so shares are of the caseload within that scope — and victims only where an agreement allows), in a borough in force, optionally of one \`programme\`.

**How a referral is counted** (every counted referral carries weight 1 in total, so \`totals.count\` is the number of referrals counted and the shares add up to 1):
- \`residence\`: the borough of its latest \`home\` location in the period (ties: the lowest borough code) gets 1.
- \`activity\`: 1 is shared equally between the distinct boroughs of its \`incident\`, \`school\` and \`hangout\` locations in the period (two boroughs: ½ each, however many events each has).
- \`blend\`: \`weight\` × residence + (1 − \`weight\`) × activity (\`weight\` default ${DEFAULT_BLEND_WEIGHT}); a referral with a residence but no activity in the period (or the reverse) gives that one the whole 1.
A referral with nothing to count on the basis (e.g. no home location, for residence) is left out.

**Columns.** \`count\`: the weighted referrals of the borough; \`share\`: count ÷ totals.count; \`referrals\`: distinct referrals with a part in the borough; \`crossBorough\`: of those, the ones whose home/incident/school/hangout events lie in two or more boroughs (a multi-borough referral).

**Disclosure.** Leads see exact figures as above. Every other reader gets a report built only from counts the database publishes through the cell-key method (docs/disclosure.md): per borough \`residents\` (referrals whose latest home in the period is there) and \`active\` (referrals with an incident, school or hangout there), and \`totals.count\` (referrals counted), each perturbed on its own; a borough's \`share\` is \`weight\` × residents ÷ all residents + (1 − \`weight\`) × active ÷ all active, and its \`count\` is that share of \`totals.count\`. So shares are computed from published integers only, any two weights reveal nothing more, and figures may not add up. Aggregate readers choose \`weight\` from ${AGGREGATE_BLEND_WEIGHTS.join(', ')} and a fixed period (one month, a calendar quarter or a financial year); a partner filters by \`programme\` only when its agreement lists it. Only boroughs in the reader's scope are listed.

**CSV** (\`format=csv\`, or \`Accept: text/csv\`): columns ${FUNDING_CSV_COLUMNS.map((c) => `\`${c}\``).join(', ')}; a header row, one row per borough, then a total row with empty \`borough_code\` and \`borough_name\` \`Total\`; a value not published to the reader (a lead's \`residents\`/\`active\`, an aggregate reader's \`referrals\`/\`cross_borough\`) is an empty field. No comment lines. CSV downloads are audited (\`exports.download\`).`

/** Whether the Accept header prefers CSV to JSON (q-values honoured; ties go to CSV only when JSON is not named). */
function acceptsCsvFirst(accept: string | undefined): boolean {
  if (!accept) return false
  const q = (type: string) => {
    let best = -1
    for (const part of accept.split(',')) {
      const [media, ...params] = part
        .trim()
        .toLowerCase()
        .split(';')
        .map((s) => s.trim())
      if (media !== type) continue
      const qp = params.find((p) => p.startsWith('q='))
      best = Math.max(best, qp ? Number(qp.slice(2)) || 0 : 1)
    }
    return best
  }
  const csv = q(CSV)
  return csv > 0 && csv >= q('application/json') && csv > q('*/*')
}

/** Reports: /api/v1/reports/… ; the work is in server/reports. */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/funding',
    {
      config: { access: FUNDING_READERS },
      schema: {
        tags: ['reports'],
        summary: "Funding report: each borough's share of the caseload by residence, activity or a weighted blend (JSON or CSV)",
        description: DESCRIPTION,
        querystring: Type.Object(
          {
            from: Month,
            to: Month,
            basis: StringEnum(FUNDING_BASES, { description: 'residence, activity or blend' }),
            weight: Type.Optional(
              Type.Number({
                minimum: 0,
                maximum: 1,
                description: `basis=blend only: the weight of residence; activity gets 1 − weight (default ${DEFAULT_BLEND_WEIGHT})`,
              }),
            ),
            programme: Type.Optional(Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$', description: 'Programme slug' })),
            format: Type.Optional(StringEnum(['json', 'csv'] as const, { description: 'Overrides the Accept header' })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: {
            description: 'The report',
            content: {
              'application/json': { schema: FundingResponse },
              [CSV]: { schema: Type.String({ description: 'The report as a CSV table (see the description)' }) },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      const { format, ...query } = req.query
      const csv = format === 'csv' || (format === undefined && acceptsCsvFirst(req.headers.accept))
      // The CSV is an export and writes its audit row (the primary); the JSON only reads (a replica may answer).
      const scoped = csv ? req.scoped<FundingReport> : req.scopedRead<FundingReport>
      const report = await scoped.call(req, async (db, actor) => {
        const r = await fundingReport(db, actor, query, app.config.kAnonymity)
        if (csv)
          await audit(
            db,
            'exports.download',
            { report: 'funding', format: 'csv', basis: r.basis, weight: r.weight, from: r.from, to: r.to, programme: r.programme },
            r.rows.length,
          )
        return r
      })
      if (!csv) return reply.type('application/json; charset=utf-8').send(report)
      const name = `funding-${report.basis}-${report.from}-${report.to}.csv`
      return reply.type(`${CSV}; charset=utf-8`).header('content-disposition', `attachment; filename="${name}"`).send(fundingCsv(report))
    },
  )
}
export default routes
