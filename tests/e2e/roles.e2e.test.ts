import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { firstViewQuestions } from '../../server/cache/first-view.js'
import { HOTSPOT_CLASSES } from '../../web/src/layers/palette.js'
import { lastCompleteQuarter } from '../../web/src/state/fixed-periods.js'
import { startServer, type RunningServer } from './server.js'
import {
  ARTIFACTS,
  axeViolations,
  DEMO_PASSWORD,
  emailOf,
  launchBrowser,
  mapLayers,
  openApp,
  openSignedIn,
  openTab,
  panelIds,
  ROLES,
  settled,
  signIn,
  signOut,
  type Role,
  type Win,
} from './session.js'

/** The task tabs of each role (none when the role has one task). */
const TABS: Record<Role, string[]> = {
  lead: ['Analyse', 'Figures', 'Border zones', 'Casework', 'Funding', 'Estates'],
  caseworker: [],
  commissioner: [],
  partner: [],
  admin: ['Audit log', 'Approvals', 'Users', 'Agreements'],
}

/**
 * Panels each role sees, in side-panel order: the lead's and admin's from web/src/panels/{lead,admin},
 * the others from web/src/panels/{draw,caseworker,commissioner,partner}. Exactly these, no others.
 */
const PANELS: Record<Role, string[]> = {
  lead: ['lead-time', 'lead-layers', 'lead-figures', 'lead-evaluation', 'lead-border', 'casework', 'funding', 'draw'],
  caseworker: ['casework'],
  commissioner: ['funding'],
  partner: ['partner'],
  admin: ['admin-audit', 'admin-approvals', 'admin-users', 'admin-agreements'],
}
/** Map layers only a lead's analysis panel adds. */
const LEAD_LAYERS = ['hotspots-fill', 'hotspots-crossborder', 'hexbins-fill', 'points-circle', 'clusters-fill', 'flows-line', 'borderzone-band']
/** Controls only a lead has, by label or role. */
const LEAD_CONTROLS = ['#time-slider', '#time-play', '#overlay-hotspots', '#overlay-flows', '#border-pair', '#evaluate-run', '#filter-programme']
const ADMIN_CONTROLS = ['#audit-verify', '#users-list', '#agreements-list']
const BASE_LAYERS = ['boroughs-fill', 'borders-line', 'wards-outline', 'lsoas-outline', 'labels-borough']

let server: RunningServer
let browser: Browser
const shots: string[] = []
const axeReport: string[] = []

beforeAll(async () => {
  server = await startServer()
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
  if (shots.length) console.log(`screenshots:\n${shots.map((s) => `  ${s}`).join('\n')}`)
  if (axeReport.length) console.log(`axe-core (serious + critical violations):\n${axeReport.map((s) => `  ${s}`).join('\n')}`)
})

/**
 * Every scrolling box (`.table-wrap`) is a named region keyboard users can reach, whether or not
 * this run's data makes it overflow: axe flags only the boxes that overflow at that moment (in one
 * CI run the commissioner's flows table did, and it was not focusable).
 */
async function expectScrollBoxesReachable(page: Page): Promise<void> {
  const boxes = await page
    .locator('.table-wrap')
    .evaluateAll((els) =>
      els.map((e) => ({ id: e.id, tabIndex: e.getAttribute('tabindex'), role: e.getAttribute('role'), name: e.getAttribute('aria-label') })),
    )
  expect(boxes.length).toBeGreaterThan(0)
  for (const b of boxes) expect(b, JSON.stringify(b)).toMatchObject({ tabIndex: '0', role: 'region', name: expect.stringMatching(/\S/) })
}
describe('signed out', () => {
  it('shows the public map and the sign-in form, no role panel or layer, and passes axe', async () => {
    const { page, errors } = await openApp(browser, server.baseUrl)
    expect(await page.locator('#sign-in-form').isVisible()).toBe(true)
    expect(await page.getByLabel('Email').isVisible()).toBe(true)
    expect(await panelIds(page)).toEqual([])
    const layers = await mapLayers(page)
    for (const id of BASE_LAYERS) expect(layers).toContain(id)
    for (const id of LEAD_LAYERS) expect(layers).not.toContain(id)
    expect(await page.locator('#account').isVisible()).toBe(false)
    await expectScrollBoxesReachable(page)
    const violations = await axeViolations(page)
    axeReport.push(`signed out: ${violations.length}`)
    expect(violations).toEqual([])
    await settled(page)
    const shot = join(ARTIFACTS, 'signed-out.png')
    await page.screenshot({ path: shot })
    shots.push(shot)
    expect(errors).toEqual([])
    await page.close()
  })

  it('shows refusals accessibly: wrong password (401), locked (423), rate-limited (429)', async () => {
    const { page } = await openApp(browser, server.baseUrl)
    await page.getByLabel('Email').fill('nobody@demo.test')
    await page.getByLabel('Password', { exact: true }).fill('not-the-password')
    await page.getByRole('button', { name: 'Sign in' }).click()
    const alert = page.locator('#sign-in-error')
    await expect.poll(() => alert.innerText()).toMatch(/do not match an account/)
    expect(await alert.getAttribute('role')).toBe('alert')
    expect(await page.getByLabel('Email').getAttribute('aria-invalid')).toBe('true')
    expect(await page.evaluate(() => (globalThis as unknown as Win).document.activeElement?.id)).toBe('sign-in-email')

    for (const [status, code, detail, expected] of [
      [423, 'locked', 'Locked until 01:15.', /locked after too many failed attempts/],
      [429, 'rate-limited', 'Try again in 42 s.', /Too many sign-in attempts/],
    ] as const) {
      await page.route('**/api/v1/session', (route) =>
        route.request().method() === 'POST'
          ? route.fulfill({ status, contentType: 'application/problem+json', body: JSON.stringify({ type: 'about:blank', title: code, status, code, detail }) })
          : route.fallback(),
      )
      await page.getByRole('button', { name: 'Sign in' }).click()
      await expect.poll(() => alert.innerText()).toMatch(expected)
      expect(await alert.innerText()).toContain(detail)
      await page.unroute('**/api/v1/session')
    }
    await page.close()
  })
})

describe.each(ROLES)('signed in as %s', (role) => {
  it('sees exactly its own panels, layers and controls; axe finds nothing serious', { timeout: 300_000 }, async () => {
    const { page, errors } = await openSignedIn(browser, server.baseUrl, role)
    // The header says who, which role and which organisation, and offers sign-out.
    const account = await page.locator('#account-summary').innerText()
    expect(account).toMatch(/Signed in:/)
    expect(account).toContain(
      { lead: 'Project lead', caseworker: 'Caseworker', commissioner: 'Commissioner', partner: 'Partner', admin: 'Administrator' }[role],
    )
    expect(await page.locator('#account-summary').getAttribute('title')).toBe(emailOf(role))
    expect(await page.getByRole('button', { name: 'Sign out' }).isVisible()).toBe(true)
    expect(await page.locator('#sign-in-form').count()).toBe(0)

    expect(await panelIds(page)).toEqual(PANELS[role])
    expect(await page.getByRole('tab').allInnerTexts()).toEqual(TABS[role])
    // The header is one compact line; the shared map tools are on the map, not down a long panel.
    expect((await page.locator('.site-header').boundingBox())!.height).toBeLessThanOrEqual(56)
    for (const name of ['What is here?', 'Brent | Westminster border'])
      expect(await page.getByRole('button', { name }).isVisible(), name).toBe(role !== 'admin')
    if (role === 'admin') expect(await page.locator('.map-wrap').isVisible()).toBe(false)
    // Each panel is a section named by its heading.
    for (const id of PANELS[role]) {
      const section = page.locator(`#panel-${id}`)
      expect(await section.getAttribute('aria-labelledby')).toBe(`panel-${id}-title`)
      expect((await page.locator(`#panel-${id}-title`).innerText()).length).toBeGreaterThan(2)
    }
    const layers = await mapLayers(page)
    for (const id of BASE_LAYERS) expect(layers).toContain(id)
    for (const id of LEAD_LAYERS) expect(layers.includes(id), id).toBe(role === 'lead')
    // The drawing tool (terra-draw) adds its sources and layers when someone starts drawing, not at sign-in.
    expect(layers.filter((id) => id.startsWith('td-draw'))).toEqual([])
    for (const sel of LEAD_CONTROLS) expect(await page.locator(sel).count(), sel).toBe(role === 'lead' ? 1 : 0)
    for (const sel of ADMIN_CONTROLS) expect(await page.locator(sel).count(), sel).toBe(role === 'admin' ? 1 : 0)

    if (role === 'lead') {
      // Hot spots are on by default and say what they found, in words and as a table.
      const status = page.locator('#overlay-hotspots-status')
      await expect.poll(() => status.innerText(), { timeout: 60_000 }).toMatch(/hot spot|No hot spots/)
      expect(await page.locator('#overlay-hotspots').isChecked()).toBe(true)
      // Only the classed cells go to the map (web/src/layers/hotspots.ts): the others are neither copied to its worker nor tiled.
      const classes = () =>
        page.evaluate(() => (globalThis as unknown as Win).__crossborough!.map.querySourceFeatures('hotspots').map((f) => String(f.properties['class'])))
      // The GeoJSON source is tiled in a worker after setData: poll until its features are queryable.
      if (/No hot spots/.test(await status.innerText())) await settled(page)
      else await expect.poll(async () => (await classes()).length, { timeout: 30_000 }).toBeGreaterThan(0)
      expect((await classes()).filter((c) => !(HOTSPOT_CLASSES as readonly string[]).includes(c))).toEqual([])
      await expect.poll(() => page.locator('#border-zone-result').innerText(), { timeout: 60_000 }).toMatch(/Brent \| Westminster border/)
      await expect.poll(() => page.locator('#panel-lead-figures figure').count(), { timeout: 60_000 }).toBe(2)
    }
    if (role === 'admin') await expect.poll(() => page.locator('#audit-list tbody tr').count(), { timeout: 20_000 }).toBeGreaterThan(0)
    if (role === 'commissioner') {
      // An aggregate reader starts on a fixed period (the last complete calendar quarter) and is told the figures are perturbed.
      const q = lastCompleteQuarter()
      expect(await page.locator('#cm-period').inputValue()).toBe(`${q.from}/${q.to}`)
      expect(await page.locator('#cm-privacy').innerText()).toMatch(/perturbed to protect privacy/)
    }
    if (role === 'partner') expect(await page.locator('#pt-agreement').innerText()).toMatch(/perturbed to protect privacy/)

    await expectScrollBoxesReachable(page)
    const violations = await axeViolations(page)
    axeReport.push(`${role}: ${violations.length}${violations.length ? ` — ${JSON.stringify(violations)}` : ''}`)
    expect(violations).toEqual([])
    await settled(page)
    const shot = join(ARTIFACTS, `role-${role}.png`)
    await page.screenshot({ path: shot })
    shots.push(shot)

    // Sign-out takes every role panel and layer away again.
    await signOut(page)
    expect(await panelIds(page)).toEqual([])
    const after = await mapLayers(page)
    for (const id of LEAD_LAYERS) expect(after).not.toContain(id)
    expect(await page.locator('#sign-in-form').isVisible()).toBe(true)
    expect(await page.evaluate(() => fetch('/api/v1/me').then((r) => r.status))).toBe(401)
    expect(errors).toEqual([])
    await page.close()
  })
})

describe('signing in', () => {
  // A change of the map's size reallocates its WebGL canvas and draws everything again: 0.3–0.8 s of a
  // sign-in in software WebGL (bench/interactions.bench.ts). The header's sign-out line fits its height.
  it.each([
    ['lead', 1440, 900],
    ['caseworker', 1440, 900],
    ['commissioner', 1440, 900],
    ['lead', 390, 844],
  ] as const)('as %s at %i px wide leaves the map its size', { timeout: 120_000 }, async (role, width, height) => {
    const { page } = await openApp(browser, server.baseUrl, '', { viewport: { width, height } })
    const box = () => page.locator('#map').boundingBox()
    const before = await box()
    await page.evaluate(() => {
      const w = globalThis as unknown as Win & { __resized?: number }
      w.__resized = 0
      w.__crossborough!.map.on('resize', () => (w.__resized! += 1))
    })
    await signIn(page, role)
    await settled(page)
    expect(await box()).toEqual(before)
    expect(await page.evaluate(() => (globalThis as unknown as { __resized: number }).__resized)).toBe(0)
    await page.close()
  })
})

describe('first view', () => {
  /** A path with its query as a comparable set of parameters: `/x?b=2&a=1` and `/x?a=1&b=2` are one question. */
  const question = (url: string) => {
    const u = new URL(url, 'http://x')
    return `${u.pathname}?${[...u.searchParams]
      .map(([k, v]) => `${k}=${v}`)
      .sort()
      .join('&')}`
  }

  it('the lead and the commissioner ask, as their pages open, the very questions the service answers at start-up', { timeout: 300_000 }, async () => {
    const meta = (await (await fetch(`${server.baseUrl}/api/v1/meta`)).json()) as { limits: { borderZoneM: number } }
    for (const role of ['lead', 'commissioner'] as const) {
      const { page, requests } = await openSignedIn(browser, server.baseUrl, role)
      const expected = firstViewQuestions(role, meta.limits.borderZoneM).map(question)
      // Otherwise the start-up work is kept under keys nobody looks up (server/cache/first-view.ts).
      await expect.poll(() => expected.filter((q) => !requests.map(question).includes(q)), { timeout: 60_000, message: role }).toEqual([])
      await page.close()
    }
  })
})

describe('admin', () => {
  it('verifies the audit chain and reads the verdict', async () => {
    const { page } = await openSignedIn(browser, server.baseUrl, 'admin')
    await page.getByRole('button', { name: 'Verify the audit chain' }).click()
    const verdict = page.locator('#audit-verdict')
    await expect.poll(() => verdict.innerText(), { timeout: 30_000 }).toMatch(/The audit chain is intact: all [\d,]+ entries were checked/)
    expect(await verdict.getAttribute('data-ok')).toBe('true')
    expect(await verdict.getAttribute('role')).toBe('status')
    // The verification is itself audited, and the list shows it.
    await expect.poll(() => page.locator('#audit-list').innerText()).toContain('audit.verify')
    await page.close()
  })

  it('adds a user once a second admin approves, changes their role and scope, and fetches an approved partner token once', async () => {
    const { page } = await openSignedIn(browser, server.baseUrl, 'admin')
    const second = await openApp(browser, server.baseUrl)
    await signIn(second.page, 'admin', DEMO_PASSWORD, 'admin2@demo.test')
    const reloadAs = async (p: typeof page) => {
      await p.reload({ waitUntil: 'domcontentloaded' })
      await p.waitForFunction(() => (globalThis as unknown as Win).__crossboroughRole === 'admin', null, { timeout: 60_000 })
    }
    const email = `e2e-${Date.now()}@demo.test`
    await openTab(page, 'Users')
    await page.getByLabel('Email', { exact: true }).fill(email)
    await page.getByLabel('Display name').fill('E2E mentor')
    await page.locator('#users-new-role').selectOption('caseworker')
    await page.getByLabel('Initial password').fill('a-long-enough-password')
    await page.getByRole('button', { name: 'Add user' }).click()
    await expect.poll(() => page.locator('#users-create-status').innerText()).toContain('Waiting for approval')
    // The requester sees no Approve button for their own request; the second admin does.
    expect(await page.getByRole('button', { name: `Approve: Create E2E mentor (${email}) as caseworker` }).count()).toBe(0)
    await reloadAs(second.page)
    await openTab(second.page, 'Approvals')
    await second.page.getByRole('button', { name: `Approve: Create E2E mentor (${email}) as caseworker` }).click()
    await expect.poll(() => second.page.locator('#approvals-status').innerText()).toContain('Approved and applied')

    // Narrowing applies at once: make them a commissioner for Brent.
    await reloadAs(page)
    await openTab(page, 'Users')
    await page.locator('#users-manage-user').selectOption({ label: `E2E mentor — ${email}` })
    await page.locator('#users-manage-role').selectOption('commissioner')
    await page.locator('#users-manage-boroughs').selectOption('E09000005')
    await page.getByRole('button', { name: 'Save changes' }).click()
    await expect.poll(() => page.locator('#users-manage-status').innerText()).toMatch(/is now Commissioner, Brent/)

    await openTab(page, 'Agreements')
    await page.getByLabel('Token name').fill('E2E token')
    await page.getByRole('button', { name: 'Request a token' }).click()
    await expect.poll(() => page.locator('#tokens-status').innerText()).toContain('Waiting for approval')
    await reloadAs(second.page)
    await openTab(second.page, 'Approvals')
    await second.page.getByRole('button', { name: /^Approve: Issue partner token "E2E token"/ }).click()
    await expect.poll(() => second.page.locator('#approvals-status').innerText()).toContain('Approved and applied')
    await reloadAs(page)
    await openTab(page, 'Approvals')
    await page.getByRole('button', { name: /^Fetch the token of: Issue partner token "E2E token"/ }).click()
    await expect.poll(() => page.locator('#approval-token-value').innerText()).toMatch(/^cbp_/)
    expect(await page.locator('#approval-token-secret').innerText()).toContain('only time')
    // The listed tokens never include the secret.
    const secret = await page.locator('#approval-token-value').innerText()
    await openTab(page, 'Agreements')
    await expect.poll(() => page.locator('#tokens-list').innerText()).toContain('E2E token')
    expect(await page.locator('#tokens-list').innerText()).not.toContain(secret)
    await second.page.close()
    await page.close()
  })
})

describe('lead', () => {
  it('keeps the filters and the month in the URL hash, and a link reproduces them', { timeout: 300_000 }, async () => {
    // No overlay switched on: this test is about the filters, and PGlite answers one query at a time.
    const { page } = await openSignedIn(browser, server.baseUrl, 'lead', '#overlays=')
    await page.locator('#filter-programme').selectOption('mentoring')
    await page.locator('#filter-age-band').selectOption('14-15')
    // The time slider from the keyboard: Home is the whole period, → the first month.
    const slider = page.locator('#time-slider')
    await slider.focus()
    await page.keyboard.press('Home')
    expect(await slider.getAttribute('aria-valuetext')).toMatch(/^Whole period, \w+ \d{4} to \w+ \d{4}$/)
    await page.keyboard.press('ArrowRight')
    await page.keyboard.press('ArrowRight')
    const valuetext = await slider.getAttribute('aria-valuetext')
    expect(valuetext).toMatch(/^(January|February|March|April|May|June|July|August|September|October|November|December) \d{4}$/)
    await expect.poll(() => new URL(page.url()).hash).toMatch(/month=\d{4}-\d{2}/)
    const hash = new URL(page.url()).hash
    expect(hash).toMatch(
      /^#map=[\d.]+\/51\.\d+\/-?0\.\d+&layers=.*&from=\d{4}-\d{2}&to=\d{4}-\d{2}&month=\d{4}-\d{2}&programme=mentoring&ageBand=14-15&overlays=$/,
    )

    // Play steps through the months; Pause stops.
    await page.getByRole('button', { name: 'Play' }).click()
    expect(await page.locator('#time-play').getAttribute('aria-pressed')).toBe('true')
    await expect.poll(() => slider.getAttribute('aria-valuetext'), { timeout: 10_000 }).not.toBe(valuetext)
    await page.locator('#time-play').click()
    expect(await page.locator('#time-play').getAttribute('aria-pressed')).toBe('false')
    await page.close()

    const again = await openSignedIn(browser, server.baseUrl, 'lead', hash)
    expect(await again.page.locator('#filter-programme').inputValue()).toBe('mentoring')
    expect(await again.page.locator('#filter-age-band').inputValue()).toBe('14-15')
    expect(await again.page.locator('#time-slider').getAttribute('aria-valuetext')).toBe(valuetext)
    // The figures asked the API for those filters.
    await expect
      .poll(() => again.requests.some((r) => r.startsWith('/api/v1/stats/counts') && r.includes('programme=mentoring') && r.includes('ageBand=14-15')), {
        timeout: 60_000,
      })
      .toBe(true)
    expect(again.requests.some((r) => r.startsWith('/api/v1/analysis/hotspots'))).toBe(false)
    await again.page.close()
  })

  it('switches overlays on from the keyboard, shows flows and clusters (or says they are unavailable), and evaluates hot spots in words', {
    timeout: 300_000,
  }, async () => {
    // One month and 1 km hexagons keep the work small (PGlite answers one query at a time).
    const { page, errors } = await openSignedIn(browser, server.baseUrl, 'lead', '#from=2026-10&to=2026-10&hexSize=1000&overlays=')
    for (const id of ['flows', 'clusters', 'hexbins']) {
      await page.locator(`#overlay-${id}`).focus()
      await page.keyboard.press('Space')
      await expect.poll(() => page.locator(`#overlay-${id}-status`).innerText(), { timeout: 60_000 }).not.toMatch(/^(Loading…)?$/)
      const text = await page.locator(`#overlay-${id}-status`).innerText()
      expect(text, id).not.toMatch(/Could not load/)
    }
    expect(new URL(page.url()).hash).toMatch(/overlays=[a-z,]*flows/)
    await openTab(page, 'Figures')
    await page.getByRole('button', { name: 'Evaluate the hot spots' }).click()
    await expect.poll(() => page.locator('#evaluate-result').innerText(), { timeout: 60_000 }).not.toMatch(/^(Evaluating…)?$/)
    expect(await page.locator('#evaluate-result').innerText()).not.toMatch(/could not run/)
    await settled(page)
    const shot = join(ARTIFACTS, 'lead-overlays.png')
    await page.screenshot({ path: shot })
    shots.push(shot)
    expect(errors).toEqual([])
    await page.close()
  })
  it('draws exact locations from vector tiles once zoomed in, says what is in view, and audits every tile read', { timeout: 300_000 }, async () => {
    const { page, errors } = await openSignedIn(browser, server.baseUrl, 'lead', '#from=2020-01&to=2026-12&overlays=')
    // A located event of the organisation (synthetic demo data) to look at.
    const loc = await page.evaluate(async () => {
      const res = await fetch('/api/v1/referrals?limit=50')
      const body = (await res.json()) as { items: { locations: { lon: number; lat: number; observedOn: string }[] }[] }
      return body.items.flatMap((r) => r.locations).find((l) => l.observedOn >= '2020-01-01')
    })
    expect(loc, 'a located event in the demo data').toBeDefined()
    const jumpTo = (view: { center?: [number, number]; zoom: number }) =>
      page.evaluate((v) => {
        ;(globalThis as unknown as Win).__crossborough!.map.jumpTo(v)
      }, view)
    await jumpTo({ zoom: 9 })
    await page.locator('#overlay-exact').focus()
    await page.keyboard.press('Space')
    const status = page.locator('#overlay-exact-status')
    await expect.poll(() => status.innerText(), { timeout: 60_000 }).toMatch(/Zoom in to level 10 or closer/)

    await jumpTo({ center: [loc!.lon, loc!.lat], zoom: 15 })
    await expect.poll(() => status.innerText(), { timeout: 90_000 }).toMatch(/^[\d,]+ located events of [\d,]+ referrals in view/)
    // A dot is drawn where the event is: these are exact places, not cells.
    const atEvent = await page.evaluate((a) => {
      const m = (globalThis as unknown as Win).__crossborough!.map
      const p = m.project([a.lon, a.lat])
      return m.queryRenderedFeatures(
        [
          [p.x - 4, p.y - 4],
          [p.x + 4, p.y + 4],
        ],
        { layers: ['exact-circle'] },
      ).length
    }, loc!)
    expect(atEvent).toBeGreaterThan(0)
    expect(new URL(page.url()).hash).toMatch(/overlays=exact/)
    await settled(page)
    const shot = join(ARTIFACTS, 'lead-exact-points.png')
    await page.screenshot({ path: shot })
    shots.push(shot)

    // Each tile the map read is in the audit log with its feature count (the map asks for z14 tiles
    // and over-zooms them).
    const admin = await openSignedIn(browser, server.baseUrl, 'admin')
    const reads = await admin.page.evaluate(async () => {
      const res = await fetch('/api/v1/audit?action=referrals.read&limit=200')
      const body = (await res.json()) as { items: { role: string | null; rows: number | null; detail: { via?: string; layer?: string; tile?: string } }[] }
      return body.items.filter((e) => e.detail.via === 'tiles' && e.detail.layer === 'points')
    })
    expect(
      reads.some((e) => e.role === 'lead' && /^14\//.test(e.detail.tile ?? '') && (e.rows ?? 0) > 0),
      JSON.stringify(reads.slice(0, 5)),
    ).toBe(true)
    await admin.page.close()
    expect(errors).toEqual([])
    await page.close()
  })
})
