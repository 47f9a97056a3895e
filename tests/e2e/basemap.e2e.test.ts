import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { kilburnTiles, writePmtiles } from '../web/pmtiles-writer.js'
import { launchDemoServer, startServer, type RunningServer } from './server.js'
import { ARTIFACTS, launchBrowser, openApp, settled, type Win } from './session.js'

/**
 * The street basemap: with BASEMAP_PMTILES the page draws streets from tiles this service serves
 * (a small archive the test writes), asking no other host; without it the page says so once.
 */

const dir = mkdtempSync(join(tmpdir(), 'cb-e2e-basemap-'))
let withStreets: RunningServer
let shared: RunningServer
let browser: Browser

beforeAll(async () => {
  const file = join(dir, 'streets.pmtiles')
  writeFileSync(file, writePmtiles(kilburnTiles([10, 11, 12, 13, 14]), [-0.3, 51.45, 0.1, 51.6]))
  const before = process.env.BASEMAP_PMTILES
  process.env.BASEMAP_PMTILES = file
  try {
    withStreets = await launchDemoServer()
  } finally {
    if (before === undefined) delete process.env.BASEMAP_PMTILES
    else process.env.BASEMAP_PMTILES = before
  }
  shared = await startServer()
  browser = await launchBrowser()
}, 600_000) // a second server: on a busy machine its demo database may have to be built first
afterAll(async () => {
  await browser?.close()
  await withStreets?.stop()
  await shared?.stop()
  rmSync(dir, { recursive: true, force: true })
})

describe('street basemap', () => {
  it('draws the streets of the served PMTiles file under the boundaries, from this service only', { timeout: 180_000 }, async () => {
    const { page, requests, errors } = await openApp(browser, withStreets.baseUrl, '#map=15.00/51.53800/-0.19400', { viewport: { width: 1280, height: 800 } })
    const hosts = new Set<string>()
    page.on('request', (r) => {
      const u = new URL(r.url())
      if (u.protocol.startsWith('http')) hosts.add(u.host)
    })
    await settled(page)
    await expect.poll(() => requests.some((r) => /^\/basemap\/tiles\/14\/\d+\/\d+\.mvt$/.test(r)), { timeout: 30_000 }).toBe(true)
    const road = await page.evaluate(() =>
      (globalThis as unknown as Win).__crossborough!.map.querySourceFeatures('basemap-streets', { sourceLayer: 'roads' }).map((f) => f.properties.name),
    )
    expect(road).toContain('Kilburn High Road')
    // Basemap layers sit under the service's own areas and labels.
    const ids = await page.evaluate(() => (globalThis as unknown as Win).__crossborough!.map.getStyle().layers.map((l) => l.id))
    const firstStreet = ids.findIndex((id) => id.startsWith('basemap-'))
    expect(firstStreet).toBeGreaterThan(-1)
    expect(firstStreet).toBeLessThan(ids.indexOf('boroughs-fill'))
    expect(await page.locator('.maplibregl-ctrl-attrib').innerText()).toContain('OpenStreetMap')
    expect(await page.locator('#basemap-note').isVisible()).toBe(false)
    expect(
      [...hosts].every((h) => h.startsWith('127.0.0.1')),
      [...hosts].join(', '),
    ).toBe(true)
    await page.screenshot({ path: join(ARTIFACTS, 'basemap-streets.png') })
    expect(errors).toEqual([])
    await page.close()
  })

  it('without a basemap file says so once, quietly, and the map still works', async () => {
    const { page, errors } = await openApp(browser, shared.baseUrl)
    const note = page.locator('#basemap-note')
    expect(await note.isVisible()).toBe(true)
    expect(await note.innerText()).toMatch(/No street map/)
    expect(await page.evaluate(() => (globalThis as unknown as Win).__crossborough!.map.querySourceFeatures('boroughs').length)).toBeGreaterThan(0)
    await page.reload({ waitUntil: 'domcontentloaded' })
    await page.waitForFunction(() => (globalThis as unknown as Win).__crossborough?.firstRenderMs !== undefined, null, { timeout: 60_000 })
    expect(await page.locator('#basemap-note').isVisible()).toBe(false)
    expect(errors).toEqual([])
    await page.close()
  })
})
