import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Map as MapLibreMap } from 'maplibre-gl'
import { chromium, type Browser, type Page } from 'playwright-core'
import { REPO_ROOT } from './server.js'

export type Role = 'lead' | 'caseworker' | 'commissioner' | 'partner' | 'admin'
export const ROLES: readonly Role[] = ['lead', 'caseworker', 'commissioner', 'partner', 'admin']
export const DEMO_PASSWORD = process.env.DEMO_PASSWORD ?? 'crossborough-demo'
export const emailOf = (role: Role) => `${role}@demo.test`

/** Where screenshots and other artefacts go (git-ignored). */
export const ARTIFACTS = join(REPO_ROOT, 'tests/e2e/artifacts')

/**
 * The page's globals as functions passed to page.evaluate see them (they run in Chromium; the
 * tests are type-checked without the DOM library, hence the casts on globalThis).
 */
export type Win = {
  __crossborough?: { map: MapLibreMap; firstRenderMs?: number }
  __crossboroughRole?: string
  document: { documentElement: { dataset: Record<string, string | undefined> }; activeElement: { id: string } | null }
}
export const win = () => globalThis as unknown as Win

/**
 * Headless Chromium with WebGL in software (there is no GPU here): SwiftShader through ANGLE in the
 * GPU process, which also composites the page. With `--disable-gpu` the compositor is in software
 * instead and every map frame is read back from WebGL on the page's main thread (ReadPixels, about
 * 0.3 s per 1440×900 frame on this machine), so each interaction measured 2–3× what a browser with a
 * GPU process does (bench/interactions.bench.ts; docs/performance.md).
 */
export async function launchBrowser(allowHost = '127.0.0.1'): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true })
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      // No host but the service's resolves (127.0.0.1, or a bench's --base), whether or not a test routes the page's requests.
      `--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE ${allowHost}`,
      '--disable-background-networking',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
    ],
  })
}

export interface OpenedPage {
  page: Page
  /** Paths (with query) of every request the page made. */
  requests: string[]
  /** Uncaught exceptions and console errors. */
  errors: string[]
}

export interface OpenOptions {
  /** The page's size (1280 × 800 unless a test needs more of the side panel in its screenshot). */
  viewport?: { width: number; height: number }
  /**
   * false: the page's requests are not routed through Playwright (nothing is listed in `requests`).
   * Routing disables the browser's HTTP cache and sends every request through the test process, so
   * the interactions bench opens its pages without it; the browser's host rules keep them local.
   */
  observe?: boolean
}

/**
 * A fresh browser context (its own cookies) on the app; it may talk to the test server only. Waits
 * until the boroughs are drawn and the shell knows whether someone is signed in.
 */
export async function openApp(
  browser: Browser,
  baseUrl: string,
  hash = '',
  { viewport = { width: 1280, height: 800 }, observe = true }: OpenOptions = {},
): Promise<OpenedPage> {
  const context = await browser.newContext({ viewport })
  const page = await context.newPage()
  const requests: string[] = []
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  // A 401 is how the page learns that nobody is signed in (GET /me), and how a request still in
  // flight at sign-out ends; Chromium logs each as a console error. Anything else counts.
  page.on('console', (m) => m.type() === 'error' && !/status of 401 \(Unauthorized\)/.test(m.text()) && errors.push(m.text()))
  if (observe)
    await page.route('**/*', (route) => {
      const url = new URL(route.request().url())
      if (url.protocol === 'blob:' || url.protocol === 'data:') return route.continue()
      requests.push(url.pathname + url.search)
      return url.hostname === '127.0.0.1' ? route.continue() : route.abort()
    })
  // Closing the page closes its context. The browser may be closing at the same time (page.close()
  // as a file's last step, browser.close() in afterAll): the context then goes with it.
  page.on(
    'close',
    () =>
      void context.close().catch((e: Error) => {
        if (!/has been closed/.test(e.message)) throw e
      }),
  )
  // PGlite answers one query at a time: a slow analysis another page asked for delays this one.
  await page.goto(`${baseUrl}/${hash}`, { waitUntil: 'domcontentloaded', timeout: 90_000 })
  await page.waitForFunction(
    () =>
      (globalThis as unknown as Win).document.documentElement.dataset.shell === 'ready' &&
      (globalThis as unknown as Win).__crossborough?.firstRenderMs !== undefined,
    null,
    { timeout: 90_000 },
  )
  return { page, requests, errors }
}

/** Signs in through the form as the demo account of `role` (or `email`, e.g. the second admin) and waits for that role's panels. */
export async function signIn(page: Page, role: Role, password = DEMO_PASSWORD, email = emailOf(role)): Promise<void> {
  await fillSignIn(page, email, password)
  await submitSignIn(page, role)
}

/** Types the email and password into the sign-in form. */
export async function fillSignIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password', { exact: true }).fill(password)
}

/** Presses Sign in and waits for `role`'s panels. */
export async function submitSignIn(page: Page, role: Role): Promise<void> {
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.waitForFunction((r) => (globalThis as unknown as Win).__crossboroughRole === r, role, { timeout: 60_000 })
}

/** openApp() then signIn(): a fresh page on the app (at `hash`) with `role`'s panels mounted. */
export async function openSignedIn(browser: Browser, baseUrl: string, role: Role, hash = '', options: OpenOptions = {}): Promise<OpenedPage> {
  const opened = await openApp(browser, baseUrl, hash, options)
  await signIn(opened.page, role)
  return opened
}

/** Signs out with the header button and waits for the form to come back. */
export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click()
  await page.waitForFunction(() => (globalThis as unknown as Win).__crossboroughRole === '', null, { timeout: 20_000 })
}

/** Shows a task tab of the side panel (its panels stay mounted while hidden). */
export async function openTab(page: Page, name: string): Promise<void> {
  await page.getByRole('tab', { name, exact: true }).click()
  await page.waitForFunction(
    (n) =>
      (globalThis as unknown as { document: { querySelector(s: string): { dataset: Record<string, string> } | null } }).document.querySelector('#panel-tabs')
        ?.dataset.selected === n,
    name,
  )
}

/** Ids of the panels mounted in the side panel, in order. */
export const panelIds = (page: Page) =>
  page
    .locator('#role-panels section[data-panel]')
    .evaluateAll((sections) => sections.map((s) => (s as unknown as { dataset: { panel: string } }).dataset.panel))

/** Ids of the map's layers. */
export const mapLayers = (page: Page) => page.evaluate(() => (globalThis as unknown as Win).__crossborough!.map.getStyle().layers.map((l) => l.id))

/** Waits until the map has nothing left to load or draw (or 30 s), e.g. before a screenshot. */
export const settled = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<void>((done) => {
        const map = (globalThis as unknown as Win).__crossborough!.map
        setTimeout(done, 30_000)
        map.once('idle', () => done())
        map.triggerRepaint()
      }),
  )

const AXE_SOURCE = readFileSync(join(REPO_ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8')

/**
 * axe-core (from node_modules) run in the page; returns the serious and critical violations. The
 * script is evaluated through the DevTools protocol rather than added with page.addScriptTag: the
 * app's Content-Security-Policy (script-src 'self') rightly refuses an inline script, and the scan
 * should see the page with its real CSP.
 */
export async function axeViolations(page: Page): Promise<{ id: string; impact: string | null; help: string; nodes: string[] }[]> {
  await page.evaluate(AXE_SOURCE)
  const result = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] }> }
      }
    ).axe
    // The map canvas is a WebGL drawing with a text alternative (the tables); axe cannot read it.
    return axe.run(
      { exclude: [['.maplibregl-canvas']] },
      { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] }, resultTypes: ['violations'] },
    )
  })
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }))
}
