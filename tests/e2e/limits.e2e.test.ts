import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchDemoServer, type RunningServer } from './server.js'
import { launchBrowser, openSignedIn, openTab } from './session.js'

/**
 * One source for the border-zone distance: with BORDER_ZONE_M=300 the service and the page agree —
 * /api/v1/meta says 300, the caseworker's live classification and the lead's border band use 300,
 * and a home between 300 and 400 m from Westminster is in no border zone, on the page as in the
 * referral the server saves. (With the default 400 m both would put it in one.)
 */

let server: RunningServer
let browser: Browser
beforeAll(async () => {
  server = await launchDemoServer({ BORDER_ZONE_M: '300' })
  browser = await launchBrowser()
}, 300_000)
afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

interface Lookup {
  borough: { code: string } | null
  nearestBorder: { code: string; distanceM: number } | null
}

describe('BORDER_ZONE_M=300: page and server agree', () => {
  it("meta, the caseworker form, the saved referral and the lead's border band all use 300 m", async () => {
    const meta = (await (await fetch(`${server.baseUrl}/api/v1/meta`)).json()) as { limits: { borderZoneM: number } }
    expect(meta.limits.borderZoneM).toBe(300)

    // A point in Brent about 330 m from Westminster (Kilburn Park), checked with the public lookup.
    const home = { lon: -0.199, lat: 51.535 }
    const at = (await (await fetch(`${server.baseUrl}/api/v1/lookup?lon=${home.lon}&lat=${home.lat}`)).json()) as Lookup
    expect(at.borough?.code).toBe('E09000005')
    expect(at.nearestBorder?.code).toBe('E09000033')
    expect(at.nearestBorder!.distanceM).toBeGreaterThan(300)
    expect(at.nearestBorder!.distanceM).toBeLessThan(400)

    const { page, errors } = await openSignedIn(browser, server.baseUrl, 'caseworker', '#map=14.00/51.53600/-0.19500')
    await page.locator('#cw-funding option[value="E09000005"]').waitFor({ state: 'attached', timeout: 60_000 })
    const ref = `E2E-LIMITS-${Date.now()}`
    await page.fill('#cw-ref', ref)
    await page.selectOption('#cw-programme', 'mentoring')
    await page.check('input[name="cw-role"][value="at_risk"]')
    await page.selectOption('#cw-age', '14-15')
    await page.selectOption('#cw-funding', 'E09000005')
    await page.selectOption('#cw-kind', 'home')
    await page.fill('#cw-lon', String(home.lon))
    await page.fill('#cw-lat', String(home.lat))
    await page.click('#cw-add')
    await page.locator('#cw-locations li:nth-child(1)', { hasText: /Home at .* — Brent/ }).waitFor({ timeout: 30_000 })
    const live = (await page.locator('#cw-live').textContent()) ?? ''
    expect(live).toMatch(/One borough: Brent/)
    expect(live).not.toMatch(/Border zone: /)
    expect(live).toMatch(/within 300 m of another borough/)
    await page.click('#cw-form button[type="submit"]')
    await page.locator('#cw-saved', { hasText: `Saved ${ref}` }).waitFor({ timeout: 60_000 })

    const opened = await page.inputValue('#cw-opened')
    const list = (await (await page.request.get(`${server.baseUrl}/api/v1/referrals?limit=50&from=${opened}`, { timeout: 120_000 })).json()) as {
      items: { externalId: string; crossBoundary: { borderZone: unknown[] } }[]
    }
    expect(list.items.find((r) => r.externalId === ref)?.crossBoundary.borderZone).toEqual([])
    expect(errors).toEqual([])
    await page.close()

    const lead = await openSignedIn(browser, server.baseUrl, 'lead')
    await openTab(lead.page, 'Border zones')
    expect(await lead.page.inputValue('#border-distance')).toBe('300')
    expect(lead.errors).toEqual([])
    await lead.page.close()
  }, 300_000)
})
