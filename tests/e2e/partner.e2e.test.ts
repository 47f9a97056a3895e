import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isFixedPeriod, lastCompleteMonth, lastCompleteQuarter, periodDates } from '../../web/src/state/fixed-periods.js'
import { startServer, type RunningServer } from './server.js'
import { ARTIFACTS, launchBrowser, openSignedIn } from './session.js'

/**
 * A partner sees what their agreement allows (perturbed figures, never "fewer than k"), chooses a
 * fixed period, checks what an export will contain — at the agreement's cell size, with only its
 * fields — downloads it and it re-parses as GeoJSON with only allowed fields.
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

interface Me {
  agreement: { level: string; fields: string[]; boroughs: string[]; k: number; cellM?: number; inForce: boolean }
}

describe('export under an agreement (partner)', () => {
  it('states the agreement, shows level, fields and count before the download, and the file holds only what it allows', async () => {
    const { page, errors, requests } = await openSignedIn(browser, server.baseUrl, 'partner', '', { viewport: { width: 1440, height: 900 } })
    // The page's API requests share its session cookie.
    const me = (await (await page.request.get(`${server.baseUrl}/api/v1/me`)).json()) as Me
    expect(me.agreement.level).toBe('generalised')
    const cellM = me.agreement.cellM ?? 250
    await page.locator('[data-panel="partner"]').waitFor({ timeout: 60_000 })
    await page.locator('#pt-agreement', { hasText: 'Brent' }).waitFor({ timeout: 60_000 })
    const statement = (await page.locator('#pt-agreement').textContent())!
    expect(statement).toContain('is in force')
    expect(statement).toMatch(/Brent/)
    expect(statement).toContain(`shown as 0 or as ${me.agreement.k}, never 1 to ${me.agreement.k - 1}`)
    expect(statement).toContain(`${cellM} m`)
    expect(statement).not.toMatch(/fewer than/i)
    expect(statement).toContain('Victims are never included')

    await page.click('#pt-open')
    await page.locator('#pt-dialog[open]').waitFor()
    // Fixed periods only, none still running; the last complete quarter first.
    const quarter = lastCompleteQuarter()
    const picker = page.locator('#pt-period')
    expect(await picker.inputValue()).toBe(`${quarter.from}/${quarter.to}`)
    const offered = await picker.locator('option').evaluateAll((os) => os.map((o) => (o as unknown as { value: string }).value))
    for (const v of offered) {
      const [from, to] = v.split('/') as [string, string]
      expect(isFixedPeriod(from, to), v).toBe(true)
      expect(to <= lastCompleteMonth(), v).toBe(true)
    }
    expect(await page.locator('#pt-dialog input[type="month"]').count()).toBe(0)
    // The breakdowns offered are exactly the agreement's fields.
    const boxes = await page.locator('input[name="pt-by"]').evaluateAll((bs) => bs.map((b) => (b as unknown as { value: string }).value))
    expect(boxes).toEqual(me.agreement.fields)
    await page.check('input[name="pt-format"][value="geojson"]')
    const allowed = me.agreement.fields.filter((f) => ['programme', 'ageBand'].includes(f))
    for (const f of allowed) await page.check(`input[name="pt-by"][value="${f}"]`)
    await page.click('#pt-preview')
    const summary = page.locator('#pt-summary', { hasText: 'Fields:' })
    await summary.waitFor({ timeout: 90_000 })
    const text = (await summary.textContent())!
    expect(text).toContain('Level: generalised')
    expect(text).toMatch(/About [\d,]+ cells holding [\d,]+ referral counts/)
    expect(text).toContain(`Level: generalised — ${cellM} m grid-cell centres`)
    expect(text).toContain(quarter.label)
    expect(text).toMatch(/perturbed/)
    // The preview asked for the agreement's cell size and the chosen fixed period, nothing else.
    const points = requests.filter((r) => r.startsWith('/api/v1/stats/points'))
    expect(points.length).toBeGreaterThan(0)
    for (const r of points) {
      expect(Object.fromEntries(new URL(r, 'http://x').searchParams)).toEqual({ from: quarter.from, to: quarter.to, cell: String(cellM) })
    }
    await page.screenshot({ path: join(ARTIFACTS, 'partner-export-dialog.png') })

    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 90_000 }), page.click('#pt-download')])
    const exportRequest = requests.find((r) => r.startsWith('/api/v1/exports/referrals.geojson'))!
    const days = periodDates(quarter)
    expect(Object.fromEntries(new URL(exportRequest, 'http://x').searchParams)).toEqual({
      from: days.from,
      to: days.to,
      cell: String(cellM),
      ...(allowed.length ? { by: allowed.join(',') } : {}),
    })
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
