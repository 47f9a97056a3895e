import { randomUUID } from 'node:crypto'
import { once } from 'node:events'
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { finished } from 'node:stream/promises'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { sql } from 'kysely'
import { audit } from '../audit/audit.js'
import { keepWorkOnClientClose } from '../db/request-signal.js'
import { GEOJSON } from '../schemas/common.js'
import type { ExportFormat, ExportQuery } from './export.schemas.js'
import { planExport } from './export.service.js'

const CONTENT_TYPE: Record<ExportFormat, string> = { geojson: GEOJSON, csv: 'text/csv; charset=utf-8' }

/**
 * Streams an export to the client and audits it (every export, with who, when, what filter and
 * how many rows). Three steps, so no export goes unrecorded:
 *  1. a `started` row is committed before the first byte leaves (a crash mid-stream still leaves it);
 *  2. the body is streamed from a cursor inside the actor's scoped transaction, with backpressure —
 *     the next batch is fetched only when the socket has taken the last one;
 *  3. when the stream ends — completely, or because the client went away (Fastify destroys the body,
 *     the cursor is closed) — a row with the same exportId, status `complete` or `aborted` and the
 *     number of features written is appended in that transaction. If that transaction cannot
 *     commit (the database failed mid-stream), the row is written in a fresh one, status `failed`.
 * For an aborted export the count is the features handed to the socket: an upper bound on what the
 * client received. On embedded PGlite the single connection is held for the whole download; on a
 * server one pooled connection is, with its transaction open, for as long as the client takes.
 */
export async function sendExport(
  req: FastifyRequest,
  reply: FastifyReply,
  filter: ExportQuery,
  format: ExportFormat,
  borderZoneM: number,
): Promise<FastifyReply> {
  const exportId = randomUUID()
  // A client that goes away ends the stream, and the export records itself as aborted in its own
  // transaction: that transaction must not be cancelled under it (server/db/request-signal.ts).
  keepWorkOnClientClose()
  const detail: Record<string, unknown> = { exportId, format, filter }
  let rows = 0
  let status: 'complete' | 'aborted' = 'complete'
  let streaming = false
  // 1. Checked and recorded in a transaction of its own, committed before anything is sent.
  // A partner's export names the data owner, whose admins see it in their audit log (as every
  // other partner read, server/auth/access-audit.ts; the route is flagged auditsPartnerReads).
  const level = await req.scoped(async (db, actor) => {
    const plan = await planExport(db, actor, filter, format, borderZoneM)
    if (actor.role === 'partner') {
      const {
        rows: [a],
      } = await sql<{ id: string; organisation_id: string }>`select id, organisation_id from current_agreement()`.execute(db)
      Object.assign(detail, { owner: a?.organisation_id ?? null, agreement: a?.id ?? null, via: req.credential?.kind ?? null })
    }
    await audit(db, 'exports.download', { ...detail, level: plan.level, status: 'started' }, null)
    return plan.level
  })
  // The export's id in the answer, so a client (or an auditor) can find its audit rows.
  reply.header('x-export-id', exportId)
  if (req.server.backend === 'pglite') {
    const spooled = await spoolForEmbedded(req, filter, format, borderZoneM)
    // The rows are read; the single connection is free again while the client downloads them.
    rows = spooled.rows
    const body = createReadStream(spooled.file)
    body.once('close', () => void rm(spooled.file, { force: true }))
    if ((await download(reply, format, body)) === 'aborted') {
      status = 'aborted'
      rows = spooled.ends.filter((e) => e.bytes <= body.bytesRead).at(-1)?.rows ?? 0
    }
    await req.scoped((db) => audit(db, 'exports.download', { ...detail, level, status }, rows))
    return reply
  }
  try {
    await req.scoped(async (db, actor) => {
      // The request pool's statement_timeout would cut any export that takes longer to download (a
      // cursor's fetches are one statement); this stream is bounded by its rows and paced by the client.
      await sql`set local statement_timeout = 0`.execute(db)
      const plan = await planExport(db, actor, filter, format, borderZoneM)
      const body = Readable.from(
        plan.chunks((n) => (rows = n)),
        { objectMode: false, highWaterMark: 1 << 16 },
      )
      streaming = true
      if ((await download(reply, format, body)) === 'aborted') {
        status = 'aborted'
        req.log.info({ exportId, rows }, 'export ended before its last row')
      }
      await audit(db, 'exports.download', { ...detail, level, status }, rows)
    })
  } catch (err) {
    if (!streaming) throw err
    req.log.error({ err, exportId, rows }, 'export failed mid-stream')
    await req
      .scoped((db) => audit(db, 'exports.download', { ...detail, level, status: 'failed' }, rows))
      .catch((e: unknown) => req.log.error({ err: e, exportId }, 'could not audit a failed export'))
    if (!reply.sent) throw err
  }
  return reply
}

/**
 * Embedded PGlite has one connection: an export streamed from a cursor at the client's pace (a slow
 * client, 10 KB/s) would hold it, and every other request, for the whole download. So on PGlite the
 * export is read at the database's speed into a file of its own in DATA_DIR (0600, beside the
 * database files that hold the same data; removed when the download ends), and the connection is
 * released before the first byte is sent. Memory stays bounded by the write buffer. For an aborted
 * download the audited count is then the rows read (an upper bound, as on a server).
 */
async function spoolForEmbedded(
  req: FastifyRequest,
  filter: ExportQuery,
  format: ExportFormat,
  borderZoneM: number,
): Promise<{ file: string; rows: number; ends: Array<{ bytes: number; rows: number }> }> {
  const dir = join(req.server.config.dataDir, 'export-spool')
  await mkdir(dir, { recursive: true, mode: 0o700 })
  const file = join(dir, `${randomUUID()}.${format}`)
  const out = createWriteStream(file, { mode: 0o600 })
  // Where each chunk ends in the file and the rows up to it: an aborted download counts the rows
  // of the chunks handed to the socket.
  const ends: Array<{ bytes: number; rows: number }> = []
  try {
    const rows = await req.scoped(async (db, actor) => {
      const plan = await planExport(db, actor, filter, format, borderZoneM)
      let n = 0
      let bytes = 0
      for await (const chunk of plan.chunks((k) => (n = k))) {
        bytes += Buffer.byteLength(chunk)
        ends.push({ bytes, rows: n })
        if (!out.write(chunk)) await once(out, 'drain')
      }
      return n
    })
    out.end()
    await finished(out)
    return { file, rows, ends }
  } catch (err) {
    out.destroy()
    await rm(file, { force: true })
    throw err
  }
}

/**
 * Sends `body` as the export's attachment and waits for it to leave: 'aborted' when the client went
 * away (Fastify destroyed the body); any other stream failure is thrown to the caller.
 */
async function download(reply: FastifyReply, format: keyof typeof CONTENT_TYPE, body: Readable): Promise<'complete' | 'aborted'> {
  void reply
    .type(CONTENT_TYPE[format])
    .header('content-disposition', `attachment; filename="referrals-${new Date().toISOString().slice(0, 10)}.${format}"`)
    .header('cache-control', 'no-store')
    .send(body)
  try {
    await finished(body)
    return 'complete'
  } catch (err) {
    if ((err as { code?: string }).code !== 'ERR_STREAM_PREMATURE_CLOSE') throw err
    return 'aborted'
  }
}
