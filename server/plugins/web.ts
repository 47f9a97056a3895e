import { existsSync } from 'node:fs'
import { resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance } from 'fastify'

/** The built web app (web/dist), found from server/plugins under tsx or dist/server/plugins once compiled. */
export const WEB_DIST =
  ['../../web/dist', '../../../web/dist'].map((p) => fileURLToPath(new URL(p, import.meta.url))).find((p) => existsSync(p)) ??
  fileURLToPath(new URL('../../web/dist', import.meta.url))

const IMMUTABLE = 'public, max-age=31536000, immutable'

export async function registerWeb(app: FastifyInstance, root = WEB_DIST) {
  if (!existsSync(root)) {
    app.log.warn(`web app not built (${root} missing): run npm run build:web`)
    app.get('/', { schema: { hide: true } }, (_req, reply) =>
      reply.type('text/html').send('<!doctype html><title>crossborough</title><p>The web app is not built. Run <code>npm run build:web</code>.</p>'),
    )
    return
  }
  const assets = resolve(root, 'assets') + sep // setHeaders is given the file's absolute path
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    // The page at `/` is a route of its own: with preCompressed, the plugin answers 404 for a
    // directory index asked for with Accept-Encoding (fastify/fastify-static#270).
    index: false,
    wildcard: false,
    // The build writes .br and .gz beside each file (web/vite.config.ts): sent as they are.
    preCompressed: true,
    // Hashed file names never change content: kept for a year. The page itself is asked again each time.
    setHeaders: (reply, path) => reply.header('cache-control', path.startsWith(assets) ? IMMUTABLE : 'no-cache'),
  })
  app.get('/', { schema: { hide: true } }, (_req, reply) => reply.sendFile('index.html'))
}
