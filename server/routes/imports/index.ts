import { randomUUID } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import multipart from '@fastify/multipart'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { LEADS } from '../../auth/access.js'
import { audit } from '../../audit/audit.js'
import type { Database } from '../../db/database.js'
import { invalid, notFound, Problem } from '../../errors/problem.js'
import { ImportRunner } from '../../imports/job-runner.js'
import { createJob, failInterruptedJobs, getJob } from '../../imports/jobs.repository.js'
import { detectFormat } from '../../imports/sources.js'
import { errorResponses, problemRef } from '../../schemas/common.js'
import { ImportJobSchema } from './schemas.js'

/** A job on a shared server whose heartbeat stopped this long ago is taken as interrupted. */
const STALE_JOB_S = 15 * 60
const SPOOL_DIR = join(tmpdir(), 'crossborough-imports')

export interface ImportsRoutesOptions {
  /** The database handle (the import stages with COPY on the driver underneath Kysely). */
  database: Database
}

const routes: FastifyPluginAsyncTypebox<ImportsRoutesOptions> = async (app, { database }) => {
  // Largest file accepted (IMPORT_MAX_MB; the default 1 GiB is about 5 million CSV rows).
  const maxBytes = app.config.importMaxMb * 1024 * 1024
  await app.register(multipart, { limits: { fileSize: maxBytes, files: 1, fields: 10, parts: 11 } })
  const failed = await failInterruptedJobs(app.system, database.backend === 'pglite' ? null : STALE_JOB_S)
  if (failed) app.log.warn(`${failed} import job(s) interrupted by a restart were marked failed`)
  const runner = new ImportRunner(database, app.log)
  app.addHook('onClose', () => runner.close())

  app.post(
    '/',
    {
      config: { access: LEADS },
      schema: {
        tags: ['imports'],
        summary: 'Queue a bulk import of referrals: multipart/form-data with one file in field `file` (.csv or .geojson)',
        description:
          'Answers 202 with the job id at once; poll GET /api/v1/imports/{id}. All or nothing; re-importing a file creates no duplicates. See docs/imports.md.',
        consumes: ['multipart/form-data'],
        response: { 202: Type.Object({ id: Type.String({ format: 'uuid' }) }), 413: problemRef, 415: problemRef, ...errorResponses },
      },
    },
    async (req, reply) => {
      if (!req.isMultipart()) throw new Problem(415, 'unsupported-media-type', 'Send the file as multipart/form-data, in a field named "file".')
      const part = await req.file()
      if (!part || part.fieldname !== 'file') {
        part?.file.resume()
        throw invalid('file', 'is required: send the file in a multipart field named "file"')
      }
      const format = detectFormat(part.filename, part.mimetype)
      if (!format) {
        part.file.resume()
        throw new Problem(
          415,
          'unsupported-media-type',
          `${part.filename || 'The file'} is neither CSV (.csv, text/csv) nor GeoJSON (.geojson, application/geo+json).`,
        )
      }
      await mkdir(SPOOL_DIR, { recursive: true })
      const path = join(SPOOL_DIR, `${randomUUID()}.${format}`)
      try {
        await pipeline(part.file, createWriteStream(path))
        // Over the limit, @fastify/multipart ends the stream early (truncated) rather than failing it.
        if (part.file.truncated) throw Object.assign(new Error('file too large'), { code: 'FST_REQ_FILE_TOO_LARGE' })
      } catch (err) {
        await rm(path, { force: true })
        if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
          throw new Problem(
            413,
            'payload-too-large',
            `The file is larger than ${app.config.importMaxMb} MiB; import it with npm run import:referrals on the server, or split it.`,
          )
        }
        throw err
      }
      const { actor, job } = await req.scoped(async (db, actor) => {
        const id = await createJob(db, actor.organisationId, part.filename || `upload.${format}`, format)
        await audit(db, 'imports.create', { id, file: part.filename, format })
        return { actor, job: await getJob(db, actor.organisationId, id) }
      })
      const id = job!.id
      runner.enqueue({ job: { ...job!, phase: 'queued' }, organisationId: actor.organisationId, format, path })
      return reply
        .code(202)
        .header('location', `${req.url.replace(/\/$/, '')}/${id}`)
        .send({ id })
    },
  )

  app.get(
    '/:id',
    {
      config: { access: LEADS },
      schema: {
        tags: ['imports'],
        summary: 'Status, progress and validation report of an import',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        response: { 200: ImportJobSchema, ...errorResponses },
      },
    },
    async (req) => {
      const read = () =>
        req.scoped(async (db, actor) => runner.live(actor.organisationId, req.params.id) ?? (await getJob(db, actor.organisationId, req.params.id)))
      let job = await read()
      if (!job) throw notFound(`Import ${req.params.id}`)
      // Unfinished but not in this process: on a server, its process may have died since it started.
      if ((job.status === 'running' || job.status === 'queued') && database.backend === 'postgres' && !runner.holds(job.id)) {
        if (await failInterruptedJobs(app.system, STALE_JOB_S, job.id)) job = (await read())!
      }
      return job
    },
  )
}
export default routes
