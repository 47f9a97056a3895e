import type { FastifyInstance } from 'fastify'
import { foldAudit } from './audit.js'

/** How often pending read records move into the hash chain: the chain lags the reads by about this much. */
export const AUDIT_FOLD_INTERVAL_MS = 1000

/**
 * Folds pending read records (migration 0023) into the chain every AUDIT_FOLD_INTERVAL_MS on the
 * owner's connection, and once more as the app closes. Every instance runs it; the chain's lock
 * makes them take turns and each record is folded once. The timer keeps no process alive.
 */
export function registerAuditFold(app: FastifyInstance) {
  let running: Promise<unknown> | undefined
  const fold = () => {
    running ??= foldAudit(app.system)
      .catch((err: unknown) => app.log.warn({ err: { message: (err as Error).message } }, 'audit fold failed; retried at the next interval'))
      .finally(() => {
        running = undefined
      })
    return running
  }
  let timer: NodeJS.Timeout | undefined
  app.addHook('onReady', async () => {
    timer = setInterval(() => void fold(), AUDIT_FOLD_INTERVAL_MS)
    timer.unref()
  })
  // onClose: the server has stopped and requests in flight have finished; the database is still
  // open (it is closed after the app), so the last reads are folded now.
  app.addHook('onClose', async () => {
    clearInterval(timer)
    await running
    await fold()
  })
}
