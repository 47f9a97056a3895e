import type { FastifyServerOptions } from 'fastify'

/**
 * The service's logger: JSON lines for log collectors; on a terminal (LOG_FORMAT=pretty, or auto
 * with a TTY) one readable line per event through pino-pretty, without the request-id noise.
 */
export function loggerOptions(config: { logLevel: string; logFormat: 'pretty' | 'json' }): FastifyServerOptions['logger'] {
  if (config.logFormat === 'json') return { level: config.logLevel }
  return {
    level: config.logLevel,
    transport: {
      target: 'pino-pretty',
      options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,reqId', singleLine: true, colorize: true },
    },
  }
}
