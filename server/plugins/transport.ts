import { constants as zlib } from 'node:zlib'
import compress from '@fastify/compress'
import cors from '@fastify/cors'
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify'
import type { Config } from '../config.js'

/**
 * Transport: compression and cross-origin reads.
 *
 * Compression (@fastify/compress): brotli or gzip, as the client asks, for JSON, GeoJSON, problem
 * details, CSV, HTML/JS/CSS and vector tiles (an MVT is uncompressed protobuf: repeated keys and
 * varints shrink well). Streamed exports are compressed as they stream. Not compressed: bodies under
 * 1 KiB, partial content (206, Content-Range: its byte offsets are of the unencoded body), bodies
 * that already carry a Content-Encoding, and formats that are compressed already (images, zip,
 * gzip, PMTiles archives). Request bodies are never decompressed (an upload's size limit counts
 * the bytes that arrive).
 *
 * A strong ETag names one exact byte sequence, and a compressed body is another one: an ETag set by
 * a route is made weak on compressed answers (If-None-Match compares weakly, so 304s still work).
 *
 * CORS (@fastify/cors): only the origins in CORS_ORIGINS, for reading (GET, HEAD), with the
 * Authorization header (partner tokens) allowed; without CORS_ORIGINS no CORS header is ever sent.
 */

/** Content types worth compressing (anything else, e.g. image/png or application/zip, goes as it is). */
export const COMPRESSIBLE =
  /^(application\/(json|geo\+json|problem\+json|ld\+json|schema\+json|vnd\.oai\.openapi(\+json)?|javascript|xml|vnd\.mapbox-vector-tile|x-protobuf)|text\/(csv|html|plain|css|javascript|xml))\b/

/** Headers a page on another allowed origin may read from an answer. */
const EXPOSED = ['etag', 'link', 'content-crs', 'content-disposition', 'x-tile-features', 'www-authenticate', 'retry-after']

function weakenEtagWhenEncoded(req: FastifyRequest, reply: FastifyReply, payload: unknown, done: (err: Error | null, payload?: unknown) => void) {
  const etag = reply.getHeader('etag')
  const encoding = reply.getHeader('content-encoding')
  if (typeof etag === 'string' && etag.startsWith('"')) {
    const encoded = encoding !== undefined && encoding !== 'identity'
    // A 304 repeats the tag the client holds: the weak one, if that is what it sent back.
    const revalidatedWeak = reply.statusCode === 304 && (req.headers['if-none-match'] ?? '').split(',').some((t) => t.trim() === `W/${etag}`)
    if (encoded || revalidatedWeak) reply.header('etag', `W/${etag}`)
  }
  done(null, payload)
}

/**
 * Streamed exports run to hundreds of megabytes: compressed at the fastest settings, so the export
 * stays limited by the database rather than by zlib (a 5.9 MB GeoJSON page: gzip level 6 ≈ 3× the
 * time of level 1 for 0.79× its size; brotli quality 2 about gzip 6's size in half its time).
 */
const STREAMED = /^\/api\/v1\/exports\//
/**
 * Brotli at quality 4 for every answer: zlib's default (11) spent 5.9 s compressing the 1 MB borough
 * map on the loaded 2-core machine (quality 4: 0.21 s for 1.9 × the bytes, 295 KB against 157 KB;
 * gzip 6: 0.13 s, 305 KB), on every page load and sign-in, and as long on a lead's 0.6 MB of hot spots.
 */
const BROTLI = { params: { [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT, [zlib.BROTLI_PARAM_QUALITY]: 4 } }
const BASE = { encodings: ['br', 'gzip'] as Array<'br' | 'gzip'>, threshold: 1024, customTypes: COMPRESSIBLE, brotliOptions: BROTLI }
// A route's options replace the global ones wholesale (the plugin fills defaults), hence BASE again.
const FAST = {
  ...BASE,
  zlibOptions: { level: 1 },
  brotliOptions: { params: { [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT, [zlib.BROTLI_PARAM_QUALITY]: 2 } },
}

export async function registerTransport(app: FastifyInstance, config: Config) {
  // Before compress's own onRoute hook, which reads a route's `compress` options.
  app.addHook('onRoute', (route: RouteOptions & { compress?: unknown }) => {
    if (STREAMED.test(route.url) && route.compress === undefined) route.compress = FAST
  })
  await app.register(compress, {
    global: true,
    globalDecompression: false,
    ...BASE,
  })
  // Runs after compress's own route-level onSend (added by its onRoute hook, which ran first).
  app.addHook('onRoute', (route: RouteOptions) => {
    const hooks = route.onSend === undefined ? [] : [route.onSend].flat()
    route.onSend = [...hooks, weakenEtagWhenEncoded] as RouteOptions['onSend']
  })
  if (config.corsOrigins.length > 0) {
    await app.register(cors, {
      origin: [...config.corsOrigins],
      methods: ['GET', 'HEAD'],
      allowedHeaders: ['authorization', 'accept', 'if-none-match', 'content-type'],
      exposedHeaders: EXPOSED,
      credentials: false,
      maxAge: 600,
    })
  }
}
