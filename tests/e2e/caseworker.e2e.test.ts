import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Map as MapLibreMap } from 'maplibre-gl'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildWebIfStale, REPO_ROOT, startServer, type RunningServer } from './server.js'

/** A caseworker records a referral with two locations across the Brent | Westminster border and sees its classification. */

const ARTIFACTS = join(REPO_ROOT, 'tests/e2e/artifacts')
const PASSWORD = process.env.DEMO_PASSWORD ?? 'crossborough-demo'
type Win = { __crossborough?: { map: MapLibreMap } }
let server: RunningServer
let browser: Browser
const apiLog: string[] = []

beforeAll(async () => {
  buildWebIfStale()
  process.env.DEMO_REFERRALS ??= '1500'
  server = await startServer()
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
  })
  mkdirSync(ARTIFACTS, { recursive: true })
})
afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

/** Signs in through the API (the cookie lands in the page's context), reloads and waits for the role's panel. */
async function signedInPage(email: string, role: string, panel: string, hash = ''): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } })
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  const t0 = Date.now()
  page.on('request', (r) => r.url().includes('/api/') && apiLog.push(`${Date.now() - t0} → ${r.method()} ${r.url().replace(server.baseUrl, '')}`))
  page.on('response', (r) => r.url().includes('/api/') && apiLog.push(`${Date.now() - t0} ← ${r.status()} ${r.url().replace(server.baseUrl, '')}`))
  page.on('console', (m) => apiLog.push(`console ${m.type()}: ${m.text()}`))
  await page.route('**/*', (route) => (new URL(route.request().url()).hostname === '127.0.0.1' || route.request().url().startsWith('blob:') ? route.continue() : route.abort()))
  await page.goto(`${server.baseUrl}/${hash}`)
  const res = await page.request.post(`${server.baseUrl}/api/v1/session`, { data: { email, password: PASSWORD } })
  expect(res.status()).toBe(200)
  await page.reload()
  await page.waitForFunction((r) => (globalThis as unknown as { __crossboroughRole?: string }).__crossboroughRole === r, role, { timeout: 60_000 })
  await page.locator(`[data-panel="${panel}"]`).waitFor({ timeout: 30_000 })
  await page.waitForFunction(() => (globalThis as unknown as Win).__crossborough?.map.loaded(), null, { timeout: 30_000 }).catch(() => undefined)
  return { page, errors }
}

/** Pixel position (page coordinates) of a lon/lat on the map canvas. */
async function pixel(page: Page, lon: number, lat: number): Promise<{ x: number; y: number }> {
  const p = await page.evaluate(([x, y]) => (globalThis as unknown as Win).__crossborough!.map.project([x!, y!]), [lon, lat])
  const box = (await page.locator('#map canvas').boundingBox())!
  return { x: box.x + p.x, y: box.y + p.y }
}

describe('a referral across the border (caseworker)', () => {
  it('places a home by longitude/latitude and an incident by clicking the map, sees the live and the saved classification', async () => {
    const { page, errors } = await signedInPage('caseworker@demo.test', 'caseworker', 'casework', '#map=15.00/51.52800/-0.18600')
    await page.locator('#cw-funding option[value="E09000033"]').waitFor({ state: 'attached', timeout: 60_000 })
    const ref = `E2E-CW-${Date.now()}`
    await page.fill('#cw-ref', ref)
    await page.selectOption('#cw-programme', 'mentoring')
    await page.check('input[name="cw-role"][value="at_risk"]')
    await page.selectOption('#cw-age', '14-15')
    await page.selectOption('#cw-funding', 'E09000033')
    // Home in South Kilburn (Brent), typed.
    await page.selectOption('#cw-kind', 'home')
    await page.fill('#cw-lon', '-0.195')
    await page.fill('#cw-lat', '51.534')
    await page.click('#cw-add')
    await page.locator('#cw-locations li:nth-child(1)', { hasText: /Home at .* — Brent/ }).waitFor({ timeout: 30_000 })
    // Incident in Maida Vale (Westminster), clicked on the map.
    await page.selectOption('#cw-kind', 'incident')
    await page.click('#cw-pick')
    await page.evaluate(() => (globalThis as unknown as Win).__crossborough!.map.jumpTo({ center: [-0.178, 51.523], zoom: 15 }))
    await page.waitForTimeout(500)
    const at = await pixel(page, -0.178, 51.523)
    await page.mouse.click(at.x, at.y)
    await page.locator('#cw-locations li:nth-child(2)', { hasText: /Incident at .* — Westminster/ }).waitFor({ timeout: 60_000 }).catch(async (e: unknown) => {
      await page.screenshot({ path: join(ARTIFACTS, 'caseworker-failed.png') })
      throw new Error(`incident not placed: pick ${await page.getAttribute('#cw-pick', 'aria-pressed')}, list "${await page.locator('#cw-locations').textContent()}", clicked at ${JSON.stringify(at)} ${String(e)}`)
    })
    const live = page.locator('#cw-live')
    await expect(live.textContent()).resolves.toMatch(/Multi-borough: Brent, Westminster/)
    await expect(live.textContent()).resolves.toMatch(/Border zone: Brent \| Westminster, 1\d\d m from the border/)
    await expect(live.textContent()).resolves.toMatch(/Funding mismatch/)
    await page.click('#cw-form button[type="submit"]')
    const saved = page.locator('#cw-saved', { hasText: `Saved ${ref}` })
    await saved.waitFor({ timeout: 60_000 }).catch(async (e: unknown) => {
      await page.screenshot({ path: join(ARTIFACTS, 'caseworker-failed.png') })
      throw new Error(`not saved: ${await page.locator('#cw-error').textContent()} ${String(e)}`)
    })
    await expect(saved.textContent()).resolves.toMatch(/Multi-borough: Brent, Westminster/)
    await page.screenshot({ path: join(ARTIFACTS, 'caseworker.png') })

    // The API agrees, and the referral is on this caseworker's caseload.
    const opened = await page.inputValue('#cw-opened')
    const list = await (await page.request.get(`${server.baseUrl}/api/v1/referrals?limit=50&from=${opened}`, { timeout: 120_000 })).json() as { items: { externalId: string; caseworkerId: string | null; locations: { kind: string; borough: string }[]; crossBoundary: { multiBorough: boolean; boroughs: string[]; fundingMismatch: boolean; borderZone: { between: string[] }[] } }[] }
    const r = list.items.find((x) => x.externalId === ref)!
    expect(r.crossBoundary.multiBorough).toBe(true)
    expect(r.crossBoundary.boroughs).toEqual(['E09000005', 'E09000033'])
    expect(r.crossBoundary.fundingMismatch).toBe(true)
    expect(r.crossBoundary.borderZone.map((z) => z.between)).toContainEqual(['E09000005', 'E09000033'])
    expect(r.locations.map((l) => [l.kind, l.borough]).sort()).toEqual([['home', 'E09000005'], ['incident', 'E09000033']])
    expect(errors).toEqual([])
    await page.close()
  }, 240_000)
})
