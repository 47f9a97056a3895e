import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type RunningServer } from './server.js'
import { ARTIFACTS, launchBrowser, openSignedIn } from './session.js'

/** A partner sees what their agreement allows, checks what an export will contain, downloads it and it re-parses as GeoJSON with only allowed fields. */

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

interface Me { agreement: { level: string; fields: string[]; boroughs: string[]; k: number; inForce: boolean } }

describe('export under an agreement (partner)', () => {
  it('states the agreement, shows level, fields and count before the download, and the file holds only what it allows', async () => {
    const { page, errors } = await openSignedIn(browser, server.baseUrl, 'partner', '', { viewport: { width: 1280, height: 900 } })
    // The page's API requests share its session cookie.
    const me = await (await page.request.get(`${server.baseUrl}/api/v1/me`)).json() as Me
    expect(me.agreement.level).toBe('generalised')
    await page.locator('[data-panel="partner"]').waitFor({ timeout: 60_000 })
    await page.locator('#pt-agreement', { hasText: 'Brent' }).waitFor({ timeout: 60_000 })
    const statement = (await page.locator('#pt-agreement').textContent())!
    expect(statement).toContain('is in force')
    expect(statement).toMatch(/Brent/)
    expect(statement).toContain(`fewer than ${me.agreement.k}`)
    expect(statement).toContain('Victims are never included')

    await page.click('#pt-open')
    await page.locator('#pt-dialog[open]').waitFor()
    await page.check('input[name="pt-format"][value="geojson"]')
    const allowed = me.agreement.fields.filter((f) => ['programme', 'ageBand'].includes(f))
    for (const f of allowed) await page.check(`input[name="pt-by"][value="${f}"]`)
    await page.click('#pt-preview')
    const summary = page.locator('#pt-summary', { hasText: 'Fields:' })
    await summary.waitFor({ timeout: 90_000 })
    const text = (await summary.textContent())!
    expect(text).toContain('Level: generalised')
    expect(text).toMatch(/About [\d,]+ cells holding [\d,]+ referral counts/)
    await page.screenshot({ path: join(ARTIFACTS, 'partner-export-dialog.png') })

    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 90_000 }), page.click('#pt-download')])
    const fc = JSON.parse(readFileSync(await download.path(), 'utf8')) as GeoJSON.FeatureCollection<GeoJSON.Point> & { attribution?: string }
    expect(fc.type).toBe('FeatureCollection')
    expect(fc.features.length).toBeGreaterThan(0)
    const permitted = new Set(['cellM', 'referrals', ...allowed])
    for (const f of fc.features) {
      expect(f.type).toBe('Feature')
      expect(f.geometry.type).toBe('Point')
      const [lon, lat] = f.geometry.coordinates as [number, number]
      expect(lon).toBeGreaterThan(-0.6)
      expect(lon).toBeLessThan(0.4)
      expect(lat).toBeGreaterThan(51.2)
      expect(lat).toBeLessThan(51.8)
      for (const key of Object.keys(f.properties ?? {})) expect(permitted.has(key), `property ${key}`).toBe(true)
      expect((f.properties as { referrals: number }).referrals).toBeGreaterThanOrEqual(me.agreement.k)
    }
    await page.locator('#pt-done', { hasText: 'Downloaded' }).waitFor()
    await page.screenshot({ path: join(ARTIFACTS, 'partner.png') })
    expect(errors).toEqual([])
    await page.close()
  }, 240_000)
})
