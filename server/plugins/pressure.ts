import underPressure from '@fastify/under-pressure'
import type { FastifyInstance } from 'fastify'
import type { Config } from '../config.js'
import { Problem } from '../errors/problem.js'

/** What under-pressure throws when a threshold is passed; the error handler answers it as problem+json (with Retry-After). */
class Overloaded extends Problem {
  constructor() {
    super(503, 'overloaded', 'The service is overloaded; try again shortly.')
  }
}

/**
 * Overload protection: while the event-loop delay, the V8 heap in use or the resident set is over its
 * configured threshold (sampled every PRESSURE_SAMPLE_MS), every request is answered 503 at once
 * instead of queueing behind the others.
 */
export async function registerPressure(app: FastifyInstance, config: Config): Promise<void> {
  const p = config.pressure
  const MiB = 2 ** 20
  await app.register(underPressure, {
    maxEventLoopDelay: p.maxEventLoopDelayMs,
    maxHeapUsedBytes: p.maxHeapMb * MiB,
    maxRssBytes: p.maxRssMb * MiB,
    sampleInterval: p.sampleMs,
    retryAfter: config.retryAfterS,
    customError: Overloaded as never,
  })
}
