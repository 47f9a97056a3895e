import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance } from 'fastify'

/** The built web app (web/dist), found from server/plugins under tsx or dist/server/plugins once compiled. */
export const WEB_DIST =
  ['../../web/dist', '../../../web/dist'].map((p) => fileURLToPath(new URL(p, import.meta.url))).find((p) => existsSync(p)) ??
  fileURLToPath(new URL('../../web/dist', import.meta.url))

export async function registerWeb(app: FastifyInstance, root = WEB_DIST) {
  if (!existsSync(root)) {
    app.log.warn(`web app not built (${root} missing): run npm run build:web`)
    app.get('/', { schema: { hide: true } }, (_req, reply) =>
      reply.type('text/html').send('<!doctype html><title>crossborough</title><p>The web app is not built. Run <code>npm run build:web</code>.</p>'),
    )
    return
  }
  await app.register(fastifyStatic, { root, prefix: '/', index: 'index.html', wildcard: false })
}
