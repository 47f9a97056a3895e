import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { launchDemoServer, REPO_ROOT, type RunningServer } from '../tests/e2e/server.js'
import { emailOf, fillSignIn, launchBrowser, openApp, openTab, submitSignIn, type Role } from '../tests/e2e/session.js'

/**
 * `npm run bench -- interactions [-- --base URL] [--runs N] [--users N]`: the web app in headless
 * Chromium, scripted as a lead, a caseworker and a commissioner on the demo data. Each interaction
 * is timed from the user's action until the page has nothing in flight (the map's progress line is
 * idle) and the map has drawn the answer. Without --base it starts a demo server (embedded
 * database) of its own. --users N runs N scripted users at once and reports how much each slows.
 */

type Timings = Record<string, number[]>

/** Waits until no request is in flight (the progress line) and the map has painted. */
async function drawn(page: Page): Promise<void> {
  await page.waitForTimeout(30) // the action's requests start on the next tasks
  await page.waitForFunction(
    () =>
      (globalThis as unknown as { document: { getElementById(id: string): { dataset: Record<string, string> } | null } }).document.getElementById(
        'map-progress',
      )?.dataset.busy !== 'true',
    null,
    { timeout: 180_000, polling: 20 },
  )
  await page.evaluate(
    () =>
      new Promise<void>((done) => {
        const map = (globalThis as unknown as { __crossborough: { map: { once(e: string, f: () => void): void; triggerRepaint(): void } } }).__crossborough.map
        const t = setTimeout(done, 10_000)
        map.once('idle', () => {
          clearTimeout(t)
          done()
        })
        map.triggerRepaint()
      }),
  )
}

async function timed(t: Timings, name: string, page: Page, act: () => Promise<unknown>, until: () => Promise<unknown> = () => drawn(page)): Promise<void> {
  const start = performance.now()
  await act()
  await until()
  ;(t[name] ??= []).push(performance.now() - start)
}

/**
 * Opens the app as a visitor would (no request routing, so the browser's HTTP cache works) and
 * records the first map render and the moment the page has finished loading, both since navigation:
 * the boroughs drawn, then the shader warm-up done (web/src/map/warm-up.ts). Sign-in is timed from
 * the press of Sign in, with the form filled, once the page has loaded (a person typing an email and
 * password takes longer than the page takes to load).
 */
async function loaded(browser: Browser, base: string, hash: string, t: Timings): Promise<Page> {
  const { page } = await openApp(browser, base, hash, { viewport: { width: 1440, height: 900 }, observe: false })
  const at = (name: string) =>
    page.evaluate(
      (n) => Number((globalThis as unknown as { document: { documentElement: { dataset: Record<string, string> } } }).document.documentElement.dataset[n]),
      name,
    )
  ;(t['page: first map render'] ??= []).push(await at('firstRenderAt'))
  await page.waitForFunction(
    () =>
      /^(done|no room|failed)$/.test(
        (globalThis as unknown as { document: { documentElement: { dataset: Record<string, string> } } }).document.documentElement.dataset.warmUp ?? '',
      ),
    null,
    { timeout: 60_000, polling: 20 },
  )
  ;(t['page: loaded (programs compiled)'] ??= []).push(await at('warmUpAt'))
  return page
}

async function signedIn(browser: Browser, base: string, role: Role, t: Timings, hash: string, firstFigures: (p: Page) => Promise<unknown>): Promise<Page> {
  const page = await loaded(browser, base, hash, t)
  await fillSignIn(page, emailOf(role))
  await timed(
    t,
    `${role}: sign-in to first figures`,
    page,
    () => submitSignIn(page, role),
    async () => {
      await firstFigures(page)
      await drawn(page)
    },
  )
  return page
}

const text = (page: Page, sel: string, re: RegExp) =>
  page.waitForFunction(
    ([s, r]) =>
      new RegExp(r!).test(
        (globalThis as unknown as { document: { querySelector(q: string): { textContent: string } | null } }).document.querySelector(s!)?.textContent ?? '',
      ),
    [sel, re.source],
    { timeout: 180_000, polling: 20 },
  )

async function lead(browser: Browser, base: string, t: Timings): Promise<void> {
  const page = await signedIn(browser, base, 'lead', t, '#hexSize=500', (p) => text(p, '#overlay-hotspots-status', /hot spot|No hot spots/))
  await timed(t, 'lead: filter change', page, () => page.locator('#filter-programme').selectOption('mentoring'))
  await timed(t, 'lead: slider step', page, async () => {
    await page.locator('#time-slider').focus()
    await page.keyboard.press('ArrowRight')
  })
  await timed(t, 'lead: layer on (hexagons)', page, () => page.locator('#overlay-hexbins').check())
  await timed(t, 'lead: layer on (flows)', page, () => page.locator('#overlay-flows').check())
  await openTab(page, 'Border zones')
  await timed(
    t,
    'lead: border zone',
    page,
    async () => {
      await page.locator('#border-distance').fill('200')
      await page.locator('#border-distance').dispatchEvent('change')
    },
    async () => {
      await text(page, '#border-zone-result', /Within 200 m/)
      await drawn(page)
    },
  )
  await openTab(page, 'Figures')
  await timed(
    t,
    'lead: hot-spot evaluation',
    page,
    () => page.locator('#evaluate-run').click(),
    async () => {
      await text(page, '#evaluate-result', /^(?!Evaluating).+/)
      await drawn(page)
    },
  )
  await openTab(page, 'Funding')
  await timed(
    t,
    'lead: funding report',
    page,
    () => page.locator('#cm-form button[type="submit"]').click(),
    async () => {
      await page.locator('#funding-table').waitFor({ timeout: 180_000 })
      await drawn(page)
    },
  )
  await page.close()
}

async function caseworker(browser: Browser, base: string, t: Timings, n: number): Promise<void> {
  const page = await signedIn(browser, base, 'caseworker', t, '', (p) => text(p, '#cw-caseload-summary', /located events/))
  await page.locator('#cw-funding option[value="E09000033"]').waitFor({ state: 'attached', timeout: 60_000 })
  await page.fill('#cw-ref', `BENCH-${Date.now()}-${n}`)
  await page.check('input[name="cw-role"][value="at_risk"]')
  await page.selectOption('#cw-funding', 'E09000033')
  await page.fill('#cw-lon', '-0.195')
  await page.fill('#cw-lat', '51.534')
  await page.click('#cw-add')
  await text(page, '#cw-locations', /Brent/)
  await timed(
    t,
    'caseworker: referral save',
    page,
    () => page.click('#cw-form button[type="submit"]'),
    async () => {
      await text(page, '#cw-saved', /Saved BENCH/)
      await drawn(page)
    },
  )
  await page.close()
}

async function commissioner(browser: Browser, base: string, t: Timings): Promise<void> {
  const page = await signedIn(browser, base, 'commissioner', t, '', (p) => p.locator('#funding-table').waitFor({ timeout: 180_000 }))
  await timed(t, 'commissioner: funding blend change', page, async () => {
    await page.locator('#cm-weight input').first().check()
    await page.locator('#cm-form button[type="submit"]').click()
  })
  await page.close()
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!
}
const summary = (t: Timings) =>
  Object.fromEntries(Object.entries(t).map(([k, v]) => [k, { n: v.length, p50: Math.round(pct(v, 50)), p95: Math.round(pct(v, 95)) }]))

export async function run(argv: string[]): Promise<void> {
  const arg = (name: string) => {
    const i = argv.indexOf(`--${name}`)
    return i >= 0 ? argv[i + 1] : undefined
  }
  const runs = Number(arg('runs') ?? 3)
  const users = Number(arg('users') ?? 0)
  let server: RunningServer | undefined
  const base = arg('base') ?? (server = await launchDemoServer()).baseUrl
  const browser = await launchBrowser(new URL(base).hostname)
  try {
    const solo: Timings = {}
    for (let i = 0; i < runs; i++) {
      await lead(browser, base, solo)
      await caseworker(browser, base, solo, i)
      await commissioner(browser, base, solo)
    }
    const result: Record<string, unknown> = {
      date: new Date().toISOString(),
      base: arg('base') ? 'given server' : 'demo server (embedded database)',
      runs,
      single: summary(solo),
    }
    console.table(result.single)
    if (users > 0) {
      // N scripted users at once (a third each lead, caseworker, commissioner), one pass each.
      const crowd: Timings = {}
      await Promise.all(
        Array.from({ length: users }, (_, i) =>
          i % 3 === 0 ? lead(browser, base, crowd) : i % 3 === 1 ? caseworker(browser, base, crowd, 1000 + i) : commissioner(browser, base, crowd),
        ),
      )
      const single = summary(solo),
        many = summary(crowd)
      result.concurrent = {
        users,
        timings: many,
        slowdownP50: Object.fromEntries(Object.keys(many).map((k) => [k, single[k] ? +(many[k]!.p50 / Math.max(1, single[k]!.p50)).toFixed(1) : null])),
      }
      console.log(`${users} users at once:`)
      console.table(many)
    }
    const dir = join(REPO_ROOT, 'bench/results')
    mkdirSync(dir, { recursive: true })
    writeFileSync(join(dir, 'interactions.json'), `${JSON.stringify(result, null, 2)}\n`)
  } finally {
    await browser.close()
    await server?.stop()
  }
}
