import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { openPostgres } from '../server/db/database.js'
import { buildWebIfStale, launch, launchDemoServer, REPO_ROOT, type RunningServer } from '../tests/e2e/server.js'
import { DEMO_PASSWORD, emailOf, fillSignIn, launchBrowser, openApp, openTab, submitSignIn, type Role } from '../tests/e2e/session.js'
import { millionDatabase, removeSavedReferrals, SAVED_REFERRAL_PREFIX } from './fixtures/million.js'

/**
 * `npm run bench -- interactions [-- --base URL] [--rows N] [--runs N] [--users N] [--server-log FILE]`:
 * the web app in headless Chromium, scripted as a lead, a caseworker and a commissioner. Each
 * interaction is timed from the user's action until the page has nothing in flight (the map's
 * progress line is idle) and the map has drawn the answer. A first pass right after the service
 * starts is reported on its own (`firstAfterStartUp`); `single` holds the --runs passes after it. --users N runs N scripted users at once
 * and reports how much each slows.
 * - Default: a demo server (embedded database, the demo data and accounts) of its own; writes
 *   bench/results/interactions.json (interactions-<N>-users.json with --users N).
 * - `--rows N`: the service on the PostGIS server, started as production starts it (DATABASE_URL at
 *   the bench fixture's database of N synthetic locations, bench/fixtures/million.ts, built or
 *   reused; requests as crossborough_app under row-level security), signed in as the fixture's lead,
 *   caseworker and commissioner; writes bench/results/interactions-1m.json (-<N>.json for other sizes).
 *   The referrals the caseworker saves are deleted again at the end (the fixture keeps N locations).
 * - `--base URL`: a server already running, with the demo accounts; writes interactions.json.
 * `--server-log FILE` keeps the log of a server the bench started (each request's responseTime).
 */

/** Who signs in as each role. */
type Accounts = Record<'lead' | 'caseworker' | 'commissioner', { email: string; password: string }>
const DEMO_ACCOUNTS: Accounts = {
  lead: { email: emailOf('lead'), password: DEMO_PASSWORD },
  caseworker: { email: emailOf('caseworker'), password: DEMO_PASSWORD },
  commissioner: { email: emailOf('commissioner'), password: DEMO_PASSWORD },
}

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

type ActWindow = { __actAt?: number; __actWatched?: boolean; addEventListener(type: string, fn: () => void, capture: boolean): void }

/**
 * Times one interaction from the user's action as the page receives it (the first pointer, key,
 * input, change or submit event after the call) to the moment the answer is drawn, both on the
 * page's clock. Not from Playwright's call: before it delivers a click, Playwright waits for the
 * element to be stable over animation frames, which took 0.4–0.6 s of every click while the map
 * draws in software WebGL, time no person spends.
 */
async function timed(t: Timings, name: string, page: Page, act: () => Promise<unknown>, until: () => Promise<unknown> = () => drawn(page)): Promise<void> {
  await page.evaluate(() => {
    const w = globalThis as unknown as ActWindow
    w.__actAt = undefined
    if (w.__actWatched) return
    w.__actWatched = true
    for (const type of ['pointerdown', 'keydown', 'input', 'change', 'submit']) w.addEventListener(type, () => (w.__actAt ??= performance.now()), true)
  })
  const start = performance.now()
  await act()
  await until()
  const onPage = await page.evaluate(() => {
    const at = (globalThis as unknown as ActWindow).__actAt
    return at === undefined ? null : performance.now() - at
  })
  if (onPage === null) throw new Error(`${name}: the page received no pointer, key, input, change or submit event`)
  ;(t[name] ??= []).push(onPage)
  ;(t[`${name} (from the script's call)`] ??= []).push(performance.now() - start)
}

/**
 * Opens the app as a visitor would (no request routing, so the browser's HTTP cache works) and
 * records the first map render and the moment the page has finished loading, both since navigation:
 * the boroughs drawn by the map, then the shader warm-up done (web/src/map/warm-up.ts); and when
 * the boroughs were first on screen, as the overview picture shown until the map draws. Sign-in is timed from
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
  const firstRender = await at('firstRenderAt')
  ;(t['page: first map render'] ??= []).push(firstRender)
  // The overview picture (web/src/map/overview.ts) until the map's first frame: whichever came first.
  const overview = await at('overviewAt')
  ;(t['page: boroughs on screen (overview picture or map)'] ??= []).push(Number.isNaN(overview) ? firstRender : Math.min(overview, firstRender))
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

async function signedIn(
  browser: Browser,
  site: Site,
  role: Role & keyof Accounts,
  t: Timings,
  hash: string,
  firstFigures: (p: Page) => Promise<unknown>,
): Promise<Page> {
  const page = await loaded(browser, site.base, hash, t)
  await fillSignIn(page, site.accounts[role].email, site.accounts[role].password)
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

/** The server the bench talks to and who signs in. */
interface Site {
  base: string
  accounts: Accounts
}

async function lead(browser: Browser, site: Site, t: Timings): Promise<void> {
  const page = await signedIn(browser, site, 'lead', t, '#hexSize=500', (p) => text(p, '#overlay-hotspots-status', /hot spot|No hot spots/))
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

async function caseworker(browser: Browser, site: Site, t: Timings, n: number): Promise<void> {
  const page = await signedIn(browser, site, 'caseworker', t, '', (p) => text(p, '#cw-caseload-summary', /located events/))
  await page.locator('#cw-funding option[value="E09000033"]').waitFor({ state: 'attached', timeout: 60_000 })
  await page.fill('#cw-ref', `${SAVED_REFERRAL_PREFIX}${Date.now()}-${n}`)
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

async function commissioner(browser: Browser, site: Site, t: Timings): Promise<void> {
  const page = await signedIn(browser, site, 'commissioner', t, '', (p) => p.locator('#funding-table').waitFor({ timeout: 180_000 }))
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
/** The summary without each run's figure, for the console. */
const table = (s: ReturnType<typeof summary>) => Object.fromEntries(Object.entries(s).map(([k, { n, p50, p95 }]) => [k, { n, p50, p95 }]))

const summary = (t: Timings) =>
  Object.fromEntries(Object.entries(t).map(([k, v]) => [k, { n: v.length, p50: Math.round(pct(v, 50)), p95: Math.round(pct(v, 95)), runs: v.map(Math.round) }]))

export async function run(argv: string[]): Promise<void> {
  const arg = (name: string) => {
    const i = argv.indexOf(`--${name}`)
    return i >= 0 ? argv[i + 1] : undefined
  }
  const runs = Number(arg('runs') ?? 3)
  const users = Number(arg('users') ?? 0)
  const rowsArg = arg('rows')
  const rows = rowsArg === undefined ? undefined : Number(rowsArg)
  if (rows !== undefined && (!Number.isInteger(rows) || rows < 1)) throw new Error(`--rows must be a positive integer, not ${rowsArg}`)
  if (rows !== undefined && arg('base')) throw new Error('--rows starts a server of its own: give --rows or --base, not both')
  let server: RunningServer | undefined
  let site: Site
  let described: string
  /** Server mode: removes the referrals the caseworker saved (the fixture keeps its `rows` locations). */
  let cleanUp = async () => {}
  if (rows !== undefined) {
    const fx = await millionDatabase({ rows })
    await fx.database.close()
    console.log(`interactions bench: ${rows.toLocaleString('en-GB')} locations in ${fx.databaseName}${fx.built ? ' (built now)' : ' (reused)'}`)
    cleanUp = async () => {
      const owner = openPostgres(fx.url, 1)
      try {
        const n = await removeSavedReferrals(owner.db)
        if (n) console.log(`interactions bench: removed the ${n} referrals saved during the bench`)
      } finally {
        await owner.close()
      }
    }
    // The service serves web/dist as it finds it at start-up.
    buildWebIfStale()
    // As production starts it: DATABASE_URL (the owner, for migrations), requests as crossborough_app.
    server = await launch(mkdtempSync(join(tmpdir(), 'crossborough-bench-')), {
      removeDataDir: true,
      readyWithinMs: 300_000,
      env: { DATABASE_URL: fx.url, LOG_LEVEL: 'info', LOG_FORMAT: 'json' },
    })
    site = { base: server.baseUrl, accounts: { lead: fx.lead, caseworker: fx.caseworker, commissioner: fx.commissioner } }
    described = `PostGIS server, ${rows.toLocaleString('en-GB')} synthetic locations (${fx.databaseName}, bench/fixtures/million.ts), service started with DATABASE_URL; the fixture's lead, caseworker and commissioner`
  } else if (arg('base')) {
    site = { base: arg('base')!, accounts: DEMO_ACCOUNTS }
    described = 'given server'
  } else {
    server = await launchDemoServer()
    site = { base: server.baseUrl, accounts: DEMO_ACCOUNTS }
    described = 'demo server (embedded database)'
  }
  const browser = await launchBrowser(new URL(site.base).hostname)
  try {
    // The first pass after the service starts is timed on its own: it pays for what a running service
    // has done once (the database's first analyses, every answer computed from scratch).
    const first: Timings = {}
    await lead(browser, site, first)
    await caseworker(browser, site, first, runs)
    await commissioner(browser, site, first)
    console.log('first pass after the service started:')
    console.table(table(summary(first)))
    const solo: Timings = {}
    for (let i = 0; i < runs; i++) {
      await lead(browser, site, solo)
      await caseworker(browser, site, solo, i)
      await commissioner(browser, site, solo)
    }
    const result: Record<string, unknown> = {
      date: new Date().toISOString(),
      base: described,
      ...(rows !== undefined ? { rows, machine: { cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30) } } : {}),
      runs,
      firstAfterStartUp: summary(first),
      single: summary(solo),
    }
    console.table(table(summary(solo)))
    if (users > 0) {
      // N scripted users at once (a third each lead, caseworker, commissioner), one pass each.
      const crowd: Timings = {}
      await Promise.all(
        Array.from({ length: users }, (_, i) =>
          i % 3 === 0 ? lead(browser, site, crowd) : i % 3 === 1 ? caseworker(browser, site, crowd, 1000 + i) : commissioner(browser, site, crowd),
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
      console.table(table(many))
    }
    const dir = join(REPO_ROOT, 'bench/results')
    mkdirSync(dir, { recursive: true })
    const size = rows === undefined ? '' : rows === 1_000_000 ? '-1m' : `-${rows}`
    const file = `interactions${size}${users > 0 ? `-${users}-users` : ''}.json`
    writeFileSync(join(dir, file), `${JSON.stringify(result, null, 2)}\n`)
    console.log(`written: bench/results/${file}`)
  } finally {
    await browser.close()
    const log = arg('server-log')
    if (log && server) writeFileSync(log, server.output())
    await server?.stop()
    await cleanUp()
  }
}
