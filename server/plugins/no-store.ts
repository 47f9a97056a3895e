import type { FastifyInstance, FastifyRequest } from 'fastify'

/**
 * Responses that hold exact locations are never stored by a browser or a proxy: a route declares
 * `config: { exact: true }` (or a function of the request, when only some of its answers are exact:
 * an OGC collection, a tile layer partners get generalised) and every answer of it — success or
 * error — goes out with `Cache-Control: no-store`, replacing whatever the handler set. Public and
 * aggregate routes keep their own caching (ETags, max-age).
 */
export type ExactFlag = true | ((req: FastifyRequest) => boolean)

declare module 'fastify' {
  interface FastifyContextConfig {
    exact?: ExactFlag
  }
  interface FastifyInstance {
    /** Method and URL of every route that declared `exact` (for the test that walks them). */
    exactRoutes: Array<{ method: string; url: string }>
  }
}

export const NO_STORE = 'no-store'

export function registerNoStore(app: FastifyInstance) {
  const routes: Array<{ method: string; url: string }> = []
  app.decorate('exactRoutes', routes)
  app.addHook('onRoute', (route) => {
    if ((route.config as { exact?: ExactFlag } | undefined)?.exact === undefined) return
    for (const method of [route.method].flat()) if (method !== 'HEAD') routes.push({ method, url: route.url })
  })
  app.addHook('onSend', async (req, reply, payload) => {
    const exact = req.routeOptions.config?.exact
    if (exact === true || (typeof exact === 'function' && exact(req))) {
      // An ETag may stay: with nothing stored there is nothing to revalidate.
      reply.header('cache-control', NO_STORE)
    }
    return payload
  })
}
