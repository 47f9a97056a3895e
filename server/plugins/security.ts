import helmet from '@fastify/helmet'
import type { FastifyInstance } from 'fastify'
import type { Config } from '../config.js'

/**
 * Security headers (@fastify/helmet). The CSP lets MapLibre run: its web workers start from blob:
 * URLs, and tiles and sprites may arrive as blob:/data: images. An external basemap, if configured,
 * is the only other origin the page may fetch from.
 */
export async function registerSecurityHeaders(app: FastifyInstance, config: Config) {
  const basemap = config.basemapStyleUrl ? [new URL(config.basemapStyleUrl).origin] : []
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        workerSrc: ["'self'", 'blob:'],
        childSrc: ["'self'", 'blob:'],
        imgSrc: ["'self'", 'data:', 'blob:', ...basemap],
        styleSrc: ["'self'", "'unsafe-inline'"],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'", ...basemap],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    // Same-origin only: no cross-origin embedding of the API or the map.
    crossOriginResourcePolicy: { policy: 'same-origin' },
    hsts: config.demo ? false : { maxAge: 15552000, includeSubDomains: true },
  })
}
