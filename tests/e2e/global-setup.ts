import type { TestProject } from 'vitest/node'
import { buildWebIfStale, launchDemoServer } from './server.js'

/**
 * Once for the whole e2e suite: build the web app if its sources changed, and start one server on a
 * copy of the demo database that every test file shares (tests/e2e/server.ts startServer()).
 */
export default async function setup(project: TestProject) {
  // E2E_BASE_URL: run against a server that is already up (while working on the tests); it serves
  // the web/dist it found when it started, so nothing is rebuilt under it.
  if (process.env.E2E_BASE_URL) {
    project.provide('e2eBaseUrl', process.env.E2E_BASE_URL)
    return async () => {}
  }
  buildWebIfStale() // before provide(): under the shared server it is a no-op
  const started = Date.now()
  const server = await launchDemoServer()
  console.log(`e2e: server ready at ${server.baseUrl} in ${Math.round((Date.now() - started) / 1000)} s`)
  project.provide('e2eBaseUrl', server.baseUrl)
  return async () => {
    await server.stop()
  }
}
