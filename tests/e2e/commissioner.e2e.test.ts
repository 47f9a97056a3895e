import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { request, type Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type RunningServer } from './server.js'
import { ARTIFACTS, DEMO_PASSWORD, emailOf, launchBrowser, openSignedIn } from './session.js'

/** A commissioner reads the funding report with suppressed values as "fewer than k" and downloads it as CSV. */

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

interface Report { k: number | null; rows: { borough: { code: string; name: string }; count: number | null; suppressed: boolean }[] }

describe('funding report (commissioner)', () => {
  it('shows suppressed boroughs as "fewer than k" in the table and the CSV download re-parses to the same report', async () => {
    // The month is found through the API (signed in as the commissioner too) before the page opens on it.
    const api = await request.newContext()
    const session = await api.post(`${server.baseUrl}/api/v1/session`, { data: { email: emailOf('commissioner'), password: DEMO_PASSWORD } })
    expect(session.status()).toBe(200)
    // A single month in which the report hides some boroughs but not all (small numbers, so there is one).
    let month = ''
    let report: Report | null = null
    for (let back = 1; back <= 12 && !month; back++) {
      const d = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() - back, 1)).toISOString().slice(0, 7)
      const r = await (await api.get(`${server.baseUrl}/api/v1/reports/funding?from=${d}&to=${d}&basis=residence`)).json() as Report
      if (r.rows.some((x) => x.suppressed) && r.rows.some((x) => !x.suppressed)) [month, report] = [d, r]
    }
    await api.dispose()
    expect(month, 'a month with suppressed and shown boroughs').not.toBe('')
    const k = report!.k!
    expect(k).toBeGreaterThanOrEqual(3)

    const { page, errors } = await openSignedIn(browser, server.baseUrl, 'commissioner', `#from=${month}&to=${month}`, { viewport: { width: 1280, height: 900 } })
    await page.locator('[data-panel="funding"]').waitFor({ timeout: 60_000 })
    const table = page.locator('#funding-table')
    await table.waitFor({ timeout: 90_000 })
    for (const row of report!.rows) {
      const text = (await table.locator('tr', { hasText: row.borough.name }).first().textContent())!
      if (row.count === null) expect(text).toContain(`fewer than ${k}`)
      else expect(text).toContain(row.count.toLocaleString('en-GB', { maximumFractionDigits: 2 }))
    }
    await page.locator('#cm-counts-summary', { hasText: 'on the map' }).waitFor({ timeout: 90_000 }).catch(() => undefined)
    await page.screenshot({ path: join(ARTIFACTS, 'commissioner.png') })

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#cm-csv')])
    const file = await download.path()
    const rows = parse(readFileSync(file), { columns: true, skip_empty_lines: true }) as Record<string, string>[]
    expect(Object.keys(rows[0]!)).toEqual(['borough_code', 'borough_name', 'count', 'share', 'referrals', 'cross_borough', 'suppressed'])
    expect(rows).toHaveLength(report!.rows.length + 1)
    expect(rows.at(-1)!.borough_name).toBe('Total')
    for (const row of report!.rows) {
      const csv = rows.find((r) => r.borough_code === row.borough.code)!
      expect(csv.suppressed).toBe(String(row.suppressed))
      expect(csv.count).toBe(row.count === null ? '' : String(row.count))
    }
    expect(errors).toEqual([])
    await page.close()
  }, 240_000)
})
