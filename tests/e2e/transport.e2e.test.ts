import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type RunningServer } from './server.js'
import { launchBrowser, openApp, signIn } from './session.js'

/**
 * The web app under compression and the 401 challenges, in Chromium: its scripts and styles arrive
 * compressed; the 401s its own requests receive carry only the Bearer challenge, so the browser never
 * puts up its sign-in box over the app (a Basic challenge would); a person who opens a protected URL
 * directly is given the Basic challenge (headless Chromium, having no credentials to offer, ends
 * that navigation with ERR_INVALID_AUTH_CREDENTIALS).
 */

let server: RunningServer
let browser: Browser

beforeAll(async () => {
  server = await startServer()
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

describe('transport in the browser', () => {
  it("assets arrive compressed; the app's own 401s carry no Basic challenge; signing in still works", async () => {
    const encodings: Array<{ path: string; encoding: string | undefined }> = []
    const challenges: string[] = []
    const { page, errors } = await openApp(browser, server.baseUrl)
    // Read the headers as the browser gets them, on a reload of the page openApp has loaded.
    // The role views' chunk may still be arriving when the page closes: only then may a read fail.
    page.on('response', (r) =>
      r.allHeaders().then(
        (h) => {
          if (r.status() === 401) challenges.push(h['www-authenticate'] ?? '')
          if (/\.(js|css)$/.test(new URL(r.url()).pathname)) encodings.push({ path: new URL(r.url()).pathname, encoding: h['content-encoding'] })
        },
        (e: Error) => {
          if (!page.isClosed()) throw e
        },
      ),
    )
    await page.reload({ waitUntil: 'load' })
    await page.waitForFunction(
      () =>
        (globalThis as unknown as { document: { documentElement: { dataset: Record<string, string> } } }).document.documentElement.dataset.shell === 'ready',
      null,
      { timeout: 90_000 },
    )
    expect(encodings.length).toBeGreaterThan(0)
    for (const e of encodings) expect(['br', 'gzip'], e.path).toContain(e.encoding)

    // Anonymous GET /api/v1/me and a wrong password: 401 with the Bearer challenge only.
    const wrong = await page.evaluate(async () => {
      const res = await fetch('/api/v1/session', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'lead@demo.test', password: 'not the password' }),
      })
      return { status: res.status, challenge: res.headers.get('www-authenticate') }
    })
    expect(wrong.status).toBe(401)
    expect(wrong.challenge).toMatch(/^Bearer realm="crossborough"/)
    expect(challenges.length).toBeGreaterThan(0)
    for (const c of [...challenges, wrong.challenge ?? '']) expect(c).not.toMatch(/Basic/)

    await signIn(page, 'lead')
    expect(errors).toEqual([])
    await page.close()
  })

  it('a person opening a protected URL directly is challenged for Basic', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    const outcome = await page.goto(`${server.baseUrl}/api/v1/referrals`).then(
      async (res) => `${res?.status()} ${(await res?.allHeaders())?.['www-authenticate'] ?? ''}`,
      (err: Error) => err.message,
    )
    expect(outcome).toMatch(/ERR_INVALID_AUTH_CREDENTIALS|401 Basic realm="crossborough"/)
    await context.close()
  })
})
