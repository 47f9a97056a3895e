import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { jobLockKey } from '../../server/imports/jobs.repository.js'
import { chosenBackend } from '../helpers/backend.js'
import { createTestApp, type TestApp } from '../helpers/app.js'
import type { Client } from '../helpers/world.js'
import { csv, CSV_HEADER, csvRows, ensureProgrammes, stored } from './fixtures.js'

let t: TestApp
let lead: Client
beforeAll(async () => {
  t = await createTestApp()
  await ensureProgrammes(t.database.system)
  lead = await t.world.as('leadA')
})
afterAll(() => t?.close())

/** A multipart/form-data body with one file part, as a browser or curl -F sends it. */
function multipart(field: string, fileName: string, contentType: string, content: string) {
  const boundary = '----crossborough-test-boundary'
  const payload = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${fileName}"\r\nContent-Type: ${contentType}\r\n\r\n` +
      `${content}\r\n--${boundary}--\r\n`,
  )
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }
}

async function waitForJob(id: string) {
  for (let i = 0; i < 200; i++) {
    const res = await lead.inject({ method: 'GET', url: `/api/v1/imports/${id}` })
    expect(res.statusCode).toBe(200)
    const job = res.json()
    if (job.status === 'succeeded' || job.status === 'failed') return job
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error('import did not finish')
}

describe('POST /api/v1/imports', () => {
  it('answers 202 {id}; the job then succeeds with counts, and a re-upload is all unchanged', async () => {
    const text = csv(CSV_HEADER, csvRows('API', 4))
    const res = await lead.inject({ method: 'POST', url: '/api/v1/imports', ...multipart('file', 'referrals.csv', 'text/csv', text) })
    expect(res.statusCode).toBe(202)
    const { id } = res.json()
    expect(id).toMatch(/^[0-9a-f-]{36}$/)
    expect(res.headers.location).toBe(`/api/v1/imports/${id}`)
    const job = await waitForJob(id)
    expect(job).toMatchObject({ status: 'succeeded', processed: 8, inserted: 4, unchanged: 0, errors: [], fileName: 'referrals.csv', format: 'csv' })
    expect((await stored(t.database.system, 'API')).referrals).toBe(4)

    const again = await lead.inject({ method: 'POST', url: '/api/v1/imports', ...multipart('file', 'referrals.csv', 'text/csv', text) })
    expect(await waitForJob(again.json().id)).toMatchObject({ status: 'succeeded', inserted: 0, unchanged: 4 })
  })

  it('fails a job with a bad row, writing nothing, and reports row and field', async () => {
    const rows = csvRows('APIBAD', 3)
    rows[4] = rows[4]!.replace(',2025-03-01,', ',2025-02-30,')
    const res = await lead.inject({ method: 'POST', url: '/api/v1/imports', ...multipart('file', 'bad.csv', 'text/csv', csv(CSV_HEADER, rows)) })
    const job = await waitForJob(res.json().id)
    expect(job.status).toBe('failed')
    expect(job.errors).toEqual([{ row: 6, field: 'opened_on', message: 'is not a calendar date' }])
    expect((await stored(t.database.system, 'APIBAD')).referrals).toBe(0)
  })

  it('refuses a file that is neither CSV nor GeoJSON (415 problem), a missing file field (400) and a non-multipart body (415)', async () => {
    const xlsx = await lead.inject({ method: 'POST', url: '/api/v1/imports', ...multipart('file', 'referrals.xlsx', 'application/vnd.ms-excel', 'PK') })
    expect(xlsx.statusCode).toBe(415)
    expect(xlsx.headers['content-type']).toContain('application/problem+json')
    expect(xlsx.json()).toMatchObject({ code: 'unsupported-media-type' })
    const wrongField = await lead.inject({ method: 'POST', url: '/api/v1/imports', ...multipart('upload', 'a.csv', 'text/csv', 'x') })
    expect(wrongField.statusCode).toBe(400)
    expect(wrongField.json().errors).toEqual([{ field: 'file', message: expect.stringContaining('is required') }])
    const json = await lead.inject({ method: 'POST', url: '/api/v1/imports', payload: { file: 'x' } })
    expect(json.statusCode).toBe(415)
  })

  it('answers 404 for an unknown import and 400 for a malformed id', async () => {
    expect((await lead.inject({ method: 'GET', url: '/api/v1/imports/00000000-0000-4000-8000-000000000000' })).statusCode).toBe(404)
    expect((await lead.inject({ method: 'GET', url: '/api/v1/imports/nope' })).statusCode).toBe(400)
  })
})

// On PGlite one process owns the database, so every unfinished job at start-up is its own and is
// failed then (tests/reliability/process-faults.test.ts kills the service mid-import on a server).
describe.skipIf(chosenBackend() !== 'postgres')('an unfinished job whose process is gone (server: other instances may share the database)', () => {
  const insertJob = async (status: 'queued' | 'running', heartbeatAgoS = 0) => {
    const { rows } = await sql<{ id: string }>`
      insert into import_jobs (organisation_id, file_name, format, status, heartbeat_at)
      values (${lead.actor.organisationId}, 'other-instance.csv', 'csv', ${status}, now() - make_interval(secs => ${heartbeatAgoS}))
      returning id`.execute(t.database.system)
    return rows[0]!.id
  }
  const statusOf = async (id: string) => (await lead.get(`/api/v1/imports/${id}`)).json() as { status: string; errors: { message: string }[] }

  it('a running job reads running while a connection holds its lock, and failed (interrupted) once the lock is free', async () => {
    const id = await insertJob('running')
    const holder = await t.database.pool!.connect()
    try {
      await holder.query(`select pg_advisory_lock(${jobLockKey('$1')})`, [id])
      expect((await statusOf(id)).status).toBe('running')
      await holder.query(`select pg_advisory_unlock(${jobLockKey('$1')})`, [id])
    } finally {
      holder.release()
    }
    const job = await statusOf(id)
    expect(job.status).toBe('failed')
    expect(job.errors[0]!.message).toMatch(/interrupted/)
  })

  it('a queued job reads queued while its heartbeat is fresh, and failed once it is stale', async () => {
    const fresh = await insertJob('queued', 60)
    const stale = await insertJob('queued', 16 * 60)
    expect((await statusOf(fresh)).status).toBe('queued')
    expect((await statusOf(stale)).status).toBe('failed')
  })
})
