import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type RunningServer } from './server.js'
import { ARTIFACTS, launchBrowser, openSignedIn, type Win } from './session.js'

/** A caseworker records a referral with two locations across the Brent | Westminster border and sees its classification. */

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

/** Pixel position (page coordinates) of a lon/lat on the map canvas. */
async function pixel(page: Page, lon: number, lat: number): Promise<{ x: number; y: number }> {
  const p = await page.evaluate(([x, y]) => (globalThis as unknown as Win).__crossborough!.map.project([x!, y!]), [lon, lat])
  const box = (await page.locator('#map canvas').boundingBox())!
  return { x: box.x + p.x, y: box.y + p.y }
}

describe('a referral across the border (caseworker)', () => {
  it('places a home by longitude/latitude and an incident by clicking the map, sees the live and the saved classification', async () => {
    const { page, errors } = await openSignedIn(browser, server.baseUrl, 'caseworker', '#map=15.00/51.52800/-0.18600', {
      viewport: { width: 1280, height: 860 },
    })
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
    await page
      .locator('#cw-locations li:nth-child(2)', { hasText: /Incident at .* — Westminster/ })
      .waitFor({ timeout: 60_000 })
      .catch(async (e: unknown) => {
        await page.screenshot({ path: join(ARTIFACTS, 'caseworker-failed.png') })
        throw new Error(
          `incident not placed: pick ${await page.getAttribute('#cw-pick', 'aria-pressed')}, list "${await page.locator('#cw-locations').textContent()}", clicked at ${JSON.stringify(at)} ${String(e)}`,
        )
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
    const list = (await (await page.request.get(`${server.baseUrl}/api/v1/referrals?limit=50&from=${opened}`, { timeout: 120_000 })).json()) as {
      items: {
        externalId: string
        caseworkerId: string | null
        locations: { kind: string; borough: string }[]
        crossBoundary: { multiBorough: boolean; boroughs: string[]; fundingMismatch: boolean; borderZone: { between: string[] }[] }
      }[]
    }
    const r = list.items.find((x) => x.externalId === ref)!
    expect(r.crossBoundary.multiBorough).toBe(true)
    expect(r.crossBoundary.boroughs).toEqual(['E09000005', 'E09000033'])
    expect(r.crossBoundary.fundingMismatch).toBe(true)
    expect(r.crossBoundary.borderZone.map((z) => z.between)).toContainEqual(['E09000005', 'E09000033'])
    expect(r.locations.map((l) => [l.kind, l.borough]).sort()).toEqual([
      ['home', 'E09000005'],
      ['incident', 'E09000033'],
    ])
    expect(errors).toEqual([])
    await page.close()
  }, 240_000)
})
