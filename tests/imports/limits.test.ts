import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { createTestApp, type TestApp } from '../helpers/app.js'
import type { Client } from '../helpers/world.js'
import { CSV_HEADER, csv, csvRows, ensureProgrammes } from './fixtures.js'

let t: TestApp
let lead: Client
beforeAll(async () => {
  t = await createTestApp({ IMPORT_MAX_MB: '1' })
  await ensureProgrammes(t.database.system)
  lead = await t.world.as('leadA')
})
afterAll(() => t?.close())

function multipart(content: string) {
  const boundary = '----crossborough-limit'
  const payload = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\nContent-Type: text/csv\r\n\r\n${content}\r\n--${boundary}--\r\n`,
  )
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }
}

describe('POST /api/v1/imports limits and roles', () => {
  it('answers 413 problem+json for a file over IMPORT_MAX_MB, and queues no job', async () => {
    const rows = csvRows('BIG', 1)
    const big = csv(CSV_HEADER, Array.from({ length: Math.ceil((1.5 * 1024 * 1024) / rows.join('\n').length) }, () => rows).flat())
    expect(big.length).toBeGreaterThan(1024 * 1024)
    const res = await lead.inject({ method: 'POST', url: '/api/v1/imports', ...multipart(big) })
    expect(res.statusCode).toBe(413)
    expect(res.headers['content-type']).toContain('application/problem+json')
    expect(res.json()).toMatchObject({ code: 'payload-too-large', detail: expect.stringContaining('1 MiB') })
    const { rows: jobs } = await sql<{ n: number }>`select count(*)::int as n from import_jobs`.execute(t.database.system)
    expect(jobs[0]!.n).toBe(0)
  })

  it('admits leads only: a caseworker gets 403, anonymous 401', async () => {
    const small = multipart(csv(CSV_HEADER, csvRows('SMALL', 1)))
    const cw = await t.world.as('caseworkerA')
    expect((await cw.inject({ method: 'POST', url: '/api/v1/imports', ...small })).statusCode).toBe(403)
    expect((await t.world.anonymous.inject({ method: 'POST', url: '/api/v1/imports', ...small })).statusCode).toBe(401)
  })
})
