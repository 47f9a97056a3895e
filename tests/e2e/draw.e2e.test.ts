import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type RunningServer } from './server.js'
import { ARTIFACTS, launchBrowser, openSignedIn, openTab, type Win } from './session.js'

/** A lead draws a patch across the Brent | Westminster border by clicking its corners on the map, and saves it. */

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

describe('drawing a patch (lead)', () => {
  it('clicks the corners on the map, saves, and the API has the patch straddling Brent and Westminster', async () => {
    // At Kilburn Park, with the lead's analysis overlays off (Gi* hotspots on the embedded database would queue ahead of the drawing's requests).
    const { page, errors } = await openSignedIn(browser, server.baseUrl, 'lead', '#map=15.00/51.53400/-0.19500&overlays=none', {
      viewport: { width: 1280, height: 860 },
    })
    await openTab(page, 'Estates')
    // What the API answered, for the message should the save fail.
    const apiLog: string[] = []
    page.on('response', (r) => r.url().includes('/api/') && apiLog.push(`${r.status()} ${r.request().method()} ${r.url().replace(server.baseUrl, '')}`))
    await page.fill('#draw-name', 'E2E Kilburn Park patch')
    await page.selectOption('#draw-kind', 'patch')
    await page.click('#draw-new')
    // Around South Kilburn (Brent), 136 m from Westminster: the patch crosses that border and no other.
    const corners: [number, number][] = [
      [-0.1975, 51.5315],
      [-0.1925, 51.5315],
      [-0.1925, 51.5365],
      [-0.1975, 51.5365],
    ]
    for (const [lon, lat] of corners) {
      const { x, y } = await pixel(page, lon, lat)
      await page.mouse.click(x, y)
      await page.waitForTimeout(250)
    }
    const first = await pixel(page, corners[0]![0], corners[0]![1])
    await page.mouse.click(first.x, first.y)
    await page
      .locator('#draw-status', { hasText: 'Outline closed' })
      .waitFor({ timeout: 10_000 })
      .catch(async (e: unknown) => {
        await page.screenshot({ path: join(ARTIFACTS, 'draw-lead-failed.png') })
        throw new Error(`the outline did not close: ${await page.locator('#draw-status').textContent()} ${String(e)}`)
      })
    await page.click('#draw-save')
    const row = page.locator('#draw-list tr', { hasText: 'E2E Kilburn Park patch' })
    await row.waitFor({ timeout: 60_000 }).catch(async (e: unknown) => {
      await page.screenshot({ path: join(ARTIFACTS, 'draw-lead-failed.png') })
      throw new Error(
        `not saved: status "${await page.locator('#draw-status').textContent()}", error "${await page.locator('#draw-error').textContent()}", list "${await page.locator('#draw-list').textContent()}" ${String(e)}\n${apiLog.join('\n')}`,
      )
    })
    await expect(row.textContent()).resolves.toMatch(/Brent \| Westminster — straddles/)

    const drawn = (await (await page.request.get(`${server.baseUrl}/api/v1/areas/drawn`)).json()) as GeoJSON.FeatureCollection<
      GeoJSON.MultiPolygon,
      { code: string; name: string; kind: string; boroughs: string[]; areaM2: number }
    >
    const patch = drawn.features.find((f) => f.properties.name === 'E2E Kilburn Park patch')!
    expect(patch.properties.kind).toBe('patch')
    expect(patch.properties.boroughs).toEqual(['E09000005', 'E09000033'])
    // 0.005° × 0.005° at 51.53° N ≈ 347 m × 556 m ≈ 0.193 km²; the corners came from clicks, so allow for pixel rounding.
    expect(patch.properties.areaM2).toBeGreaterThan(175_000)
    expect(patch.properties.areaM2).toBeLessThan(212_000)
    const ring = patch.geometry.coordinates[0]![0]!
    expect(ring.length).toBe(5)
    for (const [lon, lat] of corners) expect(ring.some(([x, y]) => Math.abs(x! - lon) < 0.0002 && Math.abs(y! - lat) < 0.0002)).toBe(true)
    // Public: the map layer of patches has it too.
    const pub = (await (await page.request.get(`${server.baseUrl}/api/v1/areas?kind=patch`)).json()) as GeoJSON.FeatureCollection<
      GeoJSON.Geometry,
      { code: string }
    >
    expect(pub.features.map((f) => f.properties.code)).toContain(patch.properties.code)

    await page.screenshot({ path: join(ARTIFACTS, 'draw-lead.png') })

    // Rename and delete from the keyboard-reachable list (dialogs accepted).
    page.once('dialog', (d) => void d.accept('E2E renamed patch'))
    await row.getByRole('button', { name: /Rename/ }).click()
    await page.locator('#draw-list tr', { hasText: 'E2E renamed patch' }).waitFor({ timeout: 60_000 })
    page.once('dialog', (d) => void d.accept())
    await page
      .locator('#draw-list tr', { hasText: 'E2E renamed patch' })
      .getByRole('button', { name: /Delete/ })
      .click()
    await page.locator('#draw-list', { hasText: 'None yet.' }).waitFor({ timeout: 60_000 })
    const after = await (await page.request.get(`${server.baseUrl}/api/v1/areas/${patch.properties.code}`)).status()
    expect(after).toBe(404)
    expect(errors).toEqual([])
    await page.close()
  }, 240_000)
})
