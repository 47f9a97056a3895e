import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { request, type APIRequestContext, type Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isFixedPeriod, lastCompleteMonth, lastCompleteQuarter } from '../../web/src/state/fixed-periods.js'
import { startServer, type RunningServer } from './server.js'
import { ARTIFACTS, DEMO_PASSWORD, emailOf, launchBrowser, openSignedIn } from './session.js'

/**
 * A commissioner (an aggregate reader) reads the funding report under the cell-key contract: fixed
 * periods only, five blend weights, residence and activity counts per borough as the API publishes
 * them, every table saying the figures are perturbed and none reading "fewer than k"; the CSV
 * download re-parses to the same report.
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

interface Report {
  k: number | null
  perturbed: boolean
  rows: { borough: { code: string; name: string }; count: number; share: number; residents: number; active: number; suppressed: boolean }[]
  totals: { count: number }
}
const pct = (v: number) => `${(v * 100).toFixed(1)} %`

async function report(api: APIRequestContext, from: string, to: string, weight: number): Promise<Report> {
  const r = await api.get(`${server.baseUrl}/api/v1/reports/funding?from=${from}&to=${to}&basis=blend&weight=${weight}`)
  expect(r.status(), await r.text()).toBe(200)
  return (await r.json()) as Report
}

/** Every borough row of the page's table shows the API's published integers and share. */
async function expectTableMatches(page: import('playwright-core').Page, r: Report): Promise<void> {
  const table = page.locator('#funding-table')
  for (const row of r.rows) {
    const cells = await table.locator('tbody tr', { hasText: row.borough.name }).first().locator('th, td').allInnerTexts()
    expect(cells, row.borough.name).toEqual([row.borough.name, row.residents.toLocaleString('en-GB'), row.active.toLocaleString('en-GB'), pct(row.share)])
  }
  expect(await table.locator('tbody tr').count()).toBe(r.rows.length)
}

describe('funding report (commissioner)', () => {
  it('offers fixed periods and five weights, says the figures are perturbed, shows the published counts, and the CSV re-parses to the same report', async () => {
    const month = lastCompleteMonth()
    const quarter = lastCompleteQuarter()
    // The figures the page should show, through the API as the same commissioner.
    const api = await request.newContext()
    const session = await api.post(`${server.baseUrl}/api/v1/session`, { data: { email: emailOf('commissioner'), password: DEMO_PASSWORD } })
    expect(session.status()).toBe(200)
    const monthHalf = await report(api, month, month, 0.5)
    const quarterResidence = await report(api, quarter.from, quarter.to, 1)
    await api.dispose()
    expect(monthHalf.perturbed).toBe(true)
    const k = monthHalf.k!
    expect(k).toBeGreaterThanOrEqual(3)
    // Published counts are integers, never 1..k−1.
    for (const row of [...monthHalf.rows, ...quarterResidence.rows]) {
      for (const n of [row.residents, row.active]) {
        expect(Number.isInteger(n)).toBe(true)
        expect(n === 0 || n >= k, `${row.borough.name}: ${n}`).toBe(true)
      }
    }

    // A link to a single month opens on that month.
    const { page, errors } = await openSignedIn(browser, server.baseUrl, 'commissioner', `#from=${month}&to=${month}`, {
      viewport: { width: 1440, height: 900 },
    })
    await page.locator('[data-panel="funding"]').waitFor({ timeout: 60_000 })
    const picker = page.locator('#cm-period')
    expect(await picker.inputValue()).toBe(`${month}/${month}`)
    // Every period offered is one the API accepts from an aggregate reader, and none is still running.
    const offered = await picker.locator('option').evaluateAll((os) => os.map((o) => (o as unknown as { value: string }).value))
    expect(offered.length).toBeGreaterThan(12)
    for (const v of offered) {
      const [from, to] = v.split('/') as [string, string]
      expect(isFixedPeriod(from, to), v).toBe(true)
      expect(to <= month, v).toBe(true)
    }
    expect(offered).toContain(`${quarter.from}/${quarter.to}`)
    // No free month inputs and no slider: the weight is one of five.
    expect(await page.locator('#panel-funding input[type="month"], #panel-funding input[type="range"]').count()).toBe(0)
    const weights = await page.locator('input[name="cm-weight"]').evaluateAll((rs) => rs.map((r) => Number((r as unknown as { value: string }).value)))
    expect(weights).toEqual([1, 0.75, 0.5, 0.25, 0])
    expect(await page.locator('input[name="cm-weight"]:checked').inputValue()).toBe('0.5')

    await page.locator('#funding-table').waitFor({ timeout: 90_000 })
    await expectTableMatches(page, monthHalf)
    expect(await page.locator('#funding-table caption').innerText()).toMatch(/perturbed for privacy/)
    expect(await page.locator('#cm-funding-total').innerText()).toContain(monthHalf.totals.count.toLocaleString('en-GB'))
    const note = await page.locator('#cm-privacy').innerText()
    expect(note).toContain(`shown as 0 or as ${k}, never 1 to ${k - 1}`)
    expect(note).toMatch(/Totals are counted separately and may not equal the sum of the rows/)

    // The counts by area and the flows: integers, captions and legend say perturbed; the old model's words are gone.
    await page.locator('#cm-counts-summary', { hasText: 'on the map' }).waitFor({ timeout: 90_000 })
    expect(await page.locator('#cm-legend').innerText()).toMatch(/perturbed/)
    await page.locator('#panel-funding details summary').click()
    expect(await page.locator('#cm-counts caption').innerText()).toMatch(/perturbed for privacy/)
    const areaCounts = await page.locator('#cm-counts tbody td').allInnerTexts()
    expect(areaCounts.length).toBeGreaterThan(0)
    for (const t of areaCounts) expect(t).toMatch(/^\d[\d,]*$/)
    await page.locator('#cm-flows table, #cm-flows p').first().waitFor({ timeout: 90_000 })
    const panelText = await page.locator('#panel-funding').innerText()
    expect(panelText).not.toMatch(/fewer than/i)
    expect(panelText).not.toMatch(/hidden/i)

    // Another fixed period and weight: the last complete quarter, residence only.
    await picker.selectOption(`${quarter.from}/${quarter.to}`)
    await page.check('#cm-weight-1')
    await page.getByRole('button', { name: 'Show' }).click()
    await page.locator('#funding-table caption', { hasText: quarter.label }).waitFor({ timeout: 90_000 })
    await expectTableMatches(page, quarterResidence)
    // The period is kept in the link.
    expect(await page.evaluate(() => (globalThis as unknown as { location: { hash: string } }).location.hash)).toContain(
      `from=${quarter.from}&to=${quarter.to}`,
    )
    await page.locator('#cm-counts-summary', { hasText: 'on the map' }).waitFor({ timeout: 90_000 })
    await page.locator('#funding-table').scrollIntoViewIfNeeded()
    await page.screenshot({ path: join(ARTIFACTS, 'commissioner.png') })

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#cm-csv')])
    const rows = parse(readFileSync(await download.path()), { columns: true, skip_empty_lines: true }) as Record<string, string>[]
    expect(Object.keys(rows[0]!)).toEqual(expect.arrayContaining(['borough_code', 'borough_name', 'share', 'residents', 'active']))
    expect(rows).toHaveLength(quarterResidence.rows.length + 1)
    expect(rows.at(-1)!.borough_name).toBe('Total')
    expect(rows.at(-1)!.count).toBe(String(quarterResidence.totals.count))
    for (const row of quarterResidence.rows) {
      const csv = rows.find((r) => r.borough_code === row.borough.code)!
      expect(csv.residents).toBe(String(row.residents))
      expect(csv.active).toBe(String(row.active))
      expect(Number(csv.share)).toBeCloseTo(row.share, 6)
    }
    expect(errors).toEqual([])
    await page.close()
  }, 300_000)
})
