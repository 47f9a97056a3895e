import { join } from 'node:path'
import type { Browser, Page, Route } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type RunningServer } from './server.js'
import { ARTIFACTS, axeViolations, launchBrowser, openApp, openSignedIn, openTab, settled, type Role, type Win } from './session.js'

/**
 * The app as a daily tool: the map-first workspace on a desktop and a phone, answers in a popup by
 * the click, a legend on the map for what is drawn, progress on the map, superseded requests
 * cancelled, and the referral form's guards. Screenshots go to tests/e2e/artifacts/workspace-*.png.
 */

let server: RunningServer
let browser: Browser
const PHONE = { width: 390, height: 844 }
const DESKTOP = { width: 1440, height: 900 }

beforeAll(async () => {
  server = await startServer()
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `workspace-${name}.png`) })

/** Clicks the map at the centre of the first rendered feature of `layer`; returns false when none is drawn. */
async function clickFeature(page: Page, layer: string): Promise<boolean> {
  const at = await page.evaluate((id) => {
    const map = (globalThis as unknown as Win).__crossborough!.map
    const canvas = map.getCanvas()
    const w = canvas.clientWidth,
      h = canvas.clientHeight
    // Scan a grid over the middle of the map for a pixel where the layer is drawn.
    for (let y = 0.2; y <= 0.8; y += 0.04)
      for (let x = 0.2; x <= 0.8; x += 0.04) {
        const p = { x: x * w, y: y * h }
        if (map.queryRenderedFeatures([p.x, p.y], { layers: [id] }).length) return p
      }
    return null
  }, layer)
  if (!at) return false
  const box = (await page.locator('#map canvas').boundingBox())!
  await page.mouse.click(box.x + at.x, box.y + at.y)
  return true
}

const legendText = (page: Page) => page.locator('#map-legend').innerText()

describe('desktop workspace', () => {
  it('a lead sees hot spots with their legend on the map, progress while loading, and a popup naming the class at a click', { timeout: 300_000 }, async () => {
    const { page, errors } = await openApp(browser, server.baseUrl, '#map=11.50/51.52800/-0.19000&hexSize=1000', { viewport: DESKTOP })
    // Progress: the map's progress line says busy at least once while the hot spots load.
    await page.evaluate(() => {
      const w = globalThis as unknown as { __busySeen?: boolean; document: { getElementById(id: string): { dataset: Record<string, string> } } }
      const box = w.document.getElementById('map-progress')
      const check = () => {
        if (box.dataset.busy === 'true') w.__busySeen = true
      }
      setInterval(check, 20)
    })
    await page.getByLabel('Email').fill('lead@demo.test')
    await page.getByLabel('Password', { exact: true }).fill(process.env.DEMO_PASSWORD ?? 'crossborough-demo')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.waitForFunction(() => (globalThis as unknown as Win).__crossboroughRole === 'lead', null, { timeout: 60_000 })
    await expect.poll(() => page.locator('#overlay-hotspots-status').innerText(), { timeout: 90_000 }).toMatch(/hot spot|No hot spots/)
    expect(await page.evaluate(() => (globalThis as unknown as { __busySeen?: boolean }).__busySeen)).toBe(true)
    await expect.poll(() => legendText(page)).toMatch(/Hot spot, 99 % confidence/)
    expect(await legendText(page)).toMatch(/Shared border of two boroughs/)
    await settled(page)
    expect(await clickFeature(page, 'hotspots-fill'), 'a hot spot is drawn in view').toBe(true)
    const popup = page.locator('.answer-popup')
    await expect.poll(() => popup.innerText(), { timeout: 30_000 }).toMatch(/(Hot|Cold) spot, 9\d % confidence/)
    await expect.poll(() => popup.innerText(), { timeout: 30_000 }).toMatch(/Borough\s+\S/)
    expect(await popup.innerText()).toMatch(/referrals? in this 1000 m hexagon/)
    await shot(page, 'lead-popup')

    // Border zone: both sides named in the legend and on the popup.
    await openTab(page, 'Border zones')
    await expect.poll(() => page.locator('#border-zone-result').innerText(), { timeout: 90_000 }).toMatch(/Brent \| Westminster border/)
    await expect.poll(() => legendText(page)).toMatch(/Brent side[\s\S]*Westminster side/)
    await page.evaluate(() => (globalThis as unknown as Win).__crossborough!.map.jumpTo({ center: [-0.19, 51.528], zoom: 13.5 }))
    await settled(page)
    await shot(page, 'lead-border-zone')
    // The two sides come cut by the database (GET /borders/zone), each labelled on the map and named in its popup.
    const sides = await page.evaluate(() =>
      (globalThis as unknown as Win).__crossborough!.map.querySourceFeatures('borderzone').map((f) => [f.properties.side, f.properties.label]),
    )
    expect(new Map(sides as [number, string][])).toEqual(
      new Map([
        [0, 'Brent side'],
        [1, 'Westminster side'],
      ]),
    )
    expect(await clickFeature(page, 'borderzone-band'), 'the border zone is drawn in view').toBe(true)
    await expect.poll(() => popup.innerText(), { timeout: 30_000 }).toMatch(/(Brent|Westminster) side\s+Within 400 m of the border/)

    // A superseded request is cancelled in the browser: two quick filter changes abort the first fetch.
    await openTab(page, 'Analyse')
    const aborted: string[] = []
    page.on('requestfailed', (r) => {
      if (/ERR_ABORTED|cancel/i.test(r.failure()?.errorText ?? '')) aborted.push(new URL(r.url()).pathname)
    })
    // Hot spots may answer within the 100 ms between the two changes on a quiet machine: hold each
    // answer for 1.5 s so the first request is certainly still in flight when the second supersedes it.
    const hold = async (route: Route) => {
      await new Promise((r) => setTimeout(r, 1500))
      await route.continue().catch(() => {})
    }
    await page.route('**/api/v1/analysis/hotspots?*', hold)
    await page.locator('#filter-programme').selectOption('mentoring')
    await page.waitForTimeout(100)
    await page.locator('#filter-programme').selectOption('relocation')
    await expect.poll(() => aborted.some((p) => p.startsWith('/api/v1/analysis/hotspots')), { timeout: 20_000 }).toBe(true)
    await page.unroute('**/api/v1/analysis/hotspots?*', hold)
    expect(errors).toEqual([])
    await page.close()
  })

  it('Play shows a month only once the map has drawn it', { timeout: 300_000 }, async () => {
    const { page, errors } = await openSignedIn(browser, server.baseUrl, 'lead', '#hexSize=1000', { viewport: DESKTOP })
    await expect.poll(() => page.locator('#overlay-hotspots-status').innerText(), { timeout: 90_000 }).toMatch(/hot spot|No hot spots/)
    // Each time the label is marked drawn, note (in the same task) whether any request was still in flight.
    await page.evaluate(() => {
      type El = { textContent: string; dataset: Record<string, string> }
      const w = globalThis as unknown as {
        __marks: { month: string; busy: string | undefined }[]
        document: { querySelector(s: string): El }
        MutationObserver: new (cb: () => void) => { observe(t: unknown, o: unknown): void }
      }
      w.__marks = []
      const value = w.document.querySelector('.time-value')
      new w.MutationObserver(() => {
        if (value.dataset.drawn === 'true') w.__marks.push({ month: value.textContent, busy: w.document.querySelector('#map-progress').dataset.busy })
      }).observe(value, { attributes: true, attributeFilter: ['data-drawn'] })
    })
    await page.getByRole('button', { name: 'Play' }).click()
    const marks = () => page.evaluate(() => (globalThis as unknown as { __marks: { month: string; busy: string | undefined }[] }).__marks)
    await expect.poll(async () => (await marks()).length, { timeout: 150_000 }).toBeGreaterThanOrEqual(2)
    await page.locator('#time-play').click()
    const seen = await marks()
    for (const m of seen) expect(m.busy, m.month).toBe('false')
    expect(new Set(seen.map((m) => m.month)).size).toBe(seen.length)
    expect(errors).toEqual([])
    await page.close()
  })

  it('a caseworker: the dot popup names the referral and kind; the form asks for a funding borough, confirms a referral without a place and offers to swap coordinates', {
    timeout: 300_000,
  }, async () => {
    const { page, errors } = await openSignedIn(browser, server.baseUrl, 'caseworker', '', { viewport: DESKTOP })
    await expect.poll(() => page.locator('#cw-caseload-summary').innerText(), { timeout: 60_000 }).toMatch(/referrals? with \d+ located events/)
    expect(await legendText(page)).toMatch(/Your caseload[\s\S]*Incident[\s\S]*Placed on the form, not saved yet/)
    // Zoom to the first caseload dot and click it.
    const first = await page.evaluate(async () => {
      const body = (await (await fetch('/api/v1/referrals?limit=200')).json()) as {
        items: { externalId: string; locations: { lon: number; lat: number; kind: string }[] }[]
      }
      const r = body.items.find((x) => x.locations.length > 0)!
      return { ref: r.externalId, ...r.locations[0]! }
    })
    await page.evaluate((p) => (globalThis as unknown as Win).__crossborough!.map.jumpTo({ center: [p.lon, p.lat], zoom: 16 }), first)
    await settled(page)
    const at = await page.evaluate((p) => (globalThis as unknown as Win).__crossborough!.map.project([p.lon, p.lat]), first)
    const box = (await page.locator('#map canvas').boundingBox())!
    await page.mouse.click(box.x + at.x, box.y + at.y)
    const popup = page.locator('.answer-popup')
    await expect.poll(() => popup.innerText(), { timeout: 30_000 }).toContain(first.ref)
    expect(await popup.innerText()).toMatch(/Home|Incident|School|Hangout|Relocated/)
    await shot(page, 'caseworker-popup')

    // The funding borough has no default; saving without it names it.
    expect(await page.locator('#cw-funding').inputValue()).toBe('')
    await page.fill('#cw-ref', `E2E-WS-${Date.now()}`)
    await page.check('input[name="cw-role"][value="at_risk"]')
    await page.click('#cw-form button[type="submit"]')
    await expect.poll(() => page.locator('#cw-error').innerText()).toMatch(/Choose the funding borough/)
    // Fixing it clears the message.
    await page.selectOption('#cw-funding', 'E09000005')
    await expect.poll(() => page.locator('#cw-error').innerText()).toBe('')
    // No place: a confirmation, not a silent save.
    await page.click('#cw-form button[type="submit"]')
    await expect.poll(() => page.locator('#cw-confirm').innerText()).toMatch(/no location/)
    expect(await page.getByRole('button', { name: 'Save without a location' }).isVisible()).toBe(true)
    // Latitude and longitude typed the other way round: offered a swap, which places the point in Brent.
    await page.fill('#cw-lon', '51.534')
    await page.fill('#cw-lat', '-0.195')
    await page.click('#cw-add')
    await expect.poll(() => page.locator('#cw-confirm').innerText()).toMatch(/looks like a latitude/)
    await page.locator('#cw-swap').click()
    await page.locator('#cw-locations li', { hasText: /Brent/ }).waitFor({ timeout: 30_000 })
    await settled(page)
    await shot(page, 'caseworker-form')
    expect(errors).toEqual([])
    await page.close()
  })

  it('an administrator works on full-width pages without a map', async () => {
    const { page } = await openSignedIn(browser, server.baseUrl, 'admin', '', { viewport: DESKTOP })
    expect(await page.locator('.map-wrap').isVisible()).toBe(false)
    expect((await page.locator('#panel').boundingBox())!.width).toBeGreaterThan(1000)
    await expect.poll(() => page.locator('#audit-list tbody tr').count(), { timeout: 20_000 }).toBeGreaterThan(0)
    // The audit detail is in words, not JSON.
    expect(await page.locator('#audit-list tbody').innerText()).not.toMatch(/[{"]/)
    await shot(page, 'admin')
    await page.close()
  })
})

describe.each(['caseworker', 'lead', 'commissioner'] as Role[])('on a phone as %s', (role) => {
  it('has a one-line header, the map on top, the tasks below in the page, and passes axe', { timeout: 300_000 }, async () => {
    const { page, errors } = await openSignedIn(browser, server.baseUrl, role, '', { viewport: PHONE })
    expect((await page.locator('.site-header').boundingBox())!.height).toBeLessThanOrEqual(56)
    const map = (await page.locator('.map-wrap').boundingBox())!
    expect(map.height).toBeGreaterThan(300)
    // The panel is part of the page, not a small box of its own that scrolls.
    const panel = await page.locator('#panel').evaluate((e) => ({ client: e.clientHeight, scroll: e.scrollHeight }))
    expect(panel.scroll - panel.client).toBeLessThanOrEqual(2)
    expect(await page.getByRole('button', { name: 'What is here?' }).isVisible()).toBe(true)
    const violations = await axeViolations(page)
    expect(violations).toEqual([])
    await settled(page)
    await shot(page, `phone-${role}`)
    await page.screenshot({ path: join(ARTIFACTS, `workspace-phone-${role}-full.png`), fullPage: true })
    expect(errors).toEqual([])
    await page.close()
  })
})
