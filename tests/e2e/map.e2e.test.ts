import { join } from 'node:path'
import type { Map as MapLibreMap } from 'maplibre-gl'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type RunningServer } from './server.js'
import { ARTIFACTS, axeViolations, launchBrowser, signIn } from './session.js'
import { areasUrl, bordersUrl, buildStyle, OVERVIEW_URL } from '../../web/src/style/style.js'
import { OVERVIEW_MAX_ZOOM } from '../../server/areas/overview.js'
import { firstDetail } from '../../web/src/map/detail.js'
import { DEFAULT_VIEW } from '../../web/src/state/view.js'
import { light } from '../../web/src/style/theme.js'
import { svgPoints } from '../helpers/svg-path.js'

/** A point in Kilburn (Brent), 136 m from Westminster. */
const KILBURN = { lon: -0.195, lat: 51.534 }
const MAX_REQUESTS_PER_PAGE = 40

/**
 * The page's globals, as the functions passed to page.evaluate see them (they run in Chromium;
 * this file is type-checked without the DOM library, hence the cast on globalThis).
 */
type Win = { __crossborough?: { map: MapLibreMap; firstRenderMs?: number } }

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

/** A page that may talk to the test server only; it counts its requests and collects errors. */
async function openPage(hash = ''): Promise<{ page: Page; requests: string[]; errors: string[]; firstRenderMs: number }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
  const requests: string[] = []
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  // GET /me answers 401 to a signed-out page (that is how it learns nobody is signed in).
  page.on('console', (m) => m.type() === 'error' && !/status of 401 \(Unauthorized\)/.test(m.text()) && errors.push(m.text()))
  await page.route('**/*', (route) => {
    const url = new URL(route.request().url())
    if (url.protocol === 'blob:' || url.protocol === 'data:') return route.continue()
    requests.push(url.pathname + url.search)
    return url.hostname === '127.0.0.1' ? route.continue() : route.abort()
  })
  const started = performance.now()
  await page.goto(`${server.baseUrl}/${hash}`, { waitUntil: 'domcontentloaded', timeout: 90_000 })
  await page.waitForFunction(() => (globalThis as unknown as Win).__crossborough?.firstRenderMs !== undefined, null, { timeout: 60_000 })
  const firstRenderMs = Math.round(performance.now() - started)
  return { page, requests, errors, firstRenderMs }
}

/** Waits until the map has nothing left to load or draw (or 45 s), e.g. before a screenshot. */
const settled = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<void>((done) => {
        const map = (globalThis as unknown as Win).__crossborough!.map
        setTimeout(done, 45_000)
        map.once('idle', () => done())
        map.triggerRepaint()
      }),
  )

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

/** The computed visibility of the map's own canvas ('' before MapLibre has made it). */
const visibilityOfMapCanvas = (page: Page) =>
  page.evaluate(() => {
    const g = globalThis as unknown as { document: { querySelector(s: string): unknown }; getComputedStyle(e: unknown): { visibility: string } }
    const canvas = g.document.querySelector('#map canvas.maplibregl-canvas')
    return canvas ? g.getComputedStyle(canvas).visibility : ''
  })
describe('web map in Chromium', () => {
  it('renders the boroughs with attribution, quickly', async () => {
    const times: number[] = []
    for (let run = 0; run < 3; run++) {
      const { page, requests, errors, firstRenderMs } = await openPage()
      times.push(firstRenderMs)
      const features = await page.evaluate(() =>
        (globalThis as unknown as Win).__crossborough!.map.querySourceFeatures('boroughs').map((f) => f.properties.code),
      )
      expect(new Set(features).size).toBeGreaterThanOrEqual(33)
      expect(errors).toEqual([])
      expect(requests.length).toBeLessThanOrEqual(MAX_REQUESTS_PER_PAGE)
      if (run === 0) {
        const attribution = page.locator('.maplibregl-ctrl-attrib')
        await expect.poll(() => attribution.isVisible()).toBe(true)
        expect(await attribution.innerText()).toContain('Crown copyright')
        await expect.poll(() => page.locator('#demo-banner').isVisible()).toBe(true)
        expect(await page.locator('main').count()).toBe(1)
        expect(await page.locator('#map').getAttribute('aria-label')).toMatch(/map/i)
        // The text alternative: every borough in a table, with the boroughs it borders.
        await page.getByText('Boroughs and their neighbours (table)').click()
        const rows = page.locator('#boroughs-table tbody tr')
        await expect.poll(() => rows.count()).toBe(33)
        expect(await rows.filter({ has: page.getByRole('rowheader', { name: 'Brent', exact: true }) }).innerText()).toContain('Westminster')
        await page.getByText('Boroughs and their neighbours (table)').click()
        await settled(page)
        await page.screenshot({ path: join(ARTIFACTS, 'map.png') })
      }
      await page.close()
    }
    console.log(`first render of boroughs (navigation → drawn): ${times.join(', ')} ms; median ${median(times)} ms`)
  })

  it('draws its first frame from the boroughs and borders alone, then has every layer of its style in order, and the finer boundaries once zoomed in', async () => {
    const { page, errors, requests } = await openPage()
    const expected = buildStyle({ apiBase: '/api/v1' }).layers.map((l) => l.id)
    const layers = () =>
      page.evaluate(
        (ours) =>
          (globalThis as unknown as Win)
            .__crossborough!.map.getStyle()
            .layers.map((l) => l.id)
            .filter((id) => ours.includes(id)),
        expected,
      )
    // The deferred sources (wards, LSOAs, labels, highlight, selection) join after the first frame, each layer in its place.
    await expect.poll(layers, { timeout: 30_000 }).toEqual(expected)
    const overview = [areasUrl('/api/v1', 'borough', 'overview'), bordersUrl('/api/v1', 'overview')]
    const display = [areasUrl('/api/v1', 'borough', 'display'), bordersUrl('/api/v1', 'display')]
    expect(requests).toEqual(expect.arrayContaining(overview))
    expect(requests.filter((r) => display.includes(r))).toEqual([])
    // The borough names are drawn (their source was filled once it was on the map).
    await expect
      .poll(() => page.evaluate(() => (globalThis as unknown as Win).__crossborough!.map.querySourceFeatures('labels').length), { timeout: 30_000 })
      .toBeGreaterThanOrEqual(33)
    // Nearer than the overview's 12 m shows: the display detail, asked for once each.
    await page.evaluate((z) => (globalThis as unknown as Win).__crossborough!.map.jumpTo({ zoom: z }), OVERVIEW_MAX_ZOOM + 0.5)
    await expect.poll(() => requests.filter((r) => display.includes(r)).sort(), { timeout: 30_000 }).toEqual([...display].sort())
    await page.evaluate(() => (globalThis as unknown as Win).__crossborough!.map.jumpTo({ zoom: 14 }))
    await settled(page)
    expect(requests.filter((r) => display.includes(r))).toHaveLength(2)
    expect(errors).toEqual([])
    await page.close()
  })

  it('shows the overview picture of the boroughs before the map has drawn, lined up with the map, and takes it away once the map has drawn', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    // The borough map held back for 3 s: the map cannot draw its boroughs before then, the picture can.
    await page.route(`**${areasUrl('/api/v1', 'borough', firstDetail(DEFAULT_VIEW.zoom))}`, async (route) => {
      await new Promise((done) => setTimeout(done, 3_000))
      await route.continue()
    })
    await page.goto(`${server.baseUrl}/`, { waitUntil: 'domcontentloaded', timeout: 90_000 })
    await page.waitForFunction(
      () => (globalThis as unknown as { document: { documentElement: { dataset: Record<string, string> } } }).document.documentElement.dataset.overviewAt,
      null,
      { timeout: 30_000 },
    )
    const overview = page.locator('#map canvas.map-overview')
    expect(await overview.count()).toBe(1)
    expect(await page.evaluate(() => (globalThis as unknown as Win).__crossborough?.firstRenderMs)).toBeUndefined()
    expect(await overview.getAttribute('aria-hidden')).toBe('true')
    await page.screenshot({ path: join(ARTIFACTS, 'map-overview.png') })
    const box = (await overview.boundingBox())!
    // Where the picture drew Brent: its path in the server's SVG, through the part of it the canvas shows.
    const viewBox = (await overview.getAttribute('data-view-box'))!.split(' ').map(Number) as [number, number, number, number]
    const svg = await (await fetch(`${server.baseUrl}${OVERVIEW_URL}`)).text()
    const d = /<path data-code="E09000005" d="([^"]+)"/.exec(svg)![1]!
    const points = svgPoints(d).map(([x, y]) => [box.x + ((x - viewBox[0]) / viewBox[2]) * box.width, box.y + ((y - viewBox[1]) / viewBox[3]) * box.height])
    const drawn = {
      x0: Math.min(...points.map((p) => p[0]!)),
      x1: Math.max(...points.map((p) => p[0]!)),
      y0: Math.min(...points.map((p) => p[1]!)),
      y1: Math.max(...points.map((p) => p[1]!)),
    }
    // The picture has the map's colours: Brent's middle is a borough's fill, the box's corner the background.
    const colourAt = (x: number, y: number) =>
      overview.evaluate(
        (c, [px, py]) => {
          const canvas = c as unknown as {
            width: number
            getBoundingClientRect(): { left: number; top: number; width: number }
            getContext(k: string): { getImageData(x: number, y: number, w: number, h: number): { data: number[] } }
          }
          const r = canvas.getBoundingClientRect()
          const scale = canvas.width / r.width
          return [...canvas.getContext('2d').getImageData(Math.round((px! - r.left) * scale), Math.round((py! - r.top) * scale), 1, 1).data].slice(0, 3)
        },
        [x, y],
      )
    const hex = (rgb: number[]) => `#${rgb.map((v) => v.toString(16).padStart(2, '0')).join('')}`
    const near = (rgb: number[], css: string) => rgb.every((v, i) => Math.abs(v - Number.parseInt(css.slice(1 + 2 * i, 3 + 2 * i), 16)) <= 4)
    const middle = await colourAt((drawn.x0 + drawn.x1) / 2, (drawn.y0 + drawn.y1) / 2)
    expect(near(middle, light.boroughFill), hex(middle)).toBe(true)
    const corner = await colourAt(box.x + 2, box.y + box.height - 2)
    expect(near(corner, light.background), hex(corner)).toBe(true)
    // The shared border of Brent and Westminster, where the map will draw it (its camera is set; its
    // boroughs are not in yet): the picture has the border's colour there.
    const onBorder = await page.evaluate(async () => {
      const map = (globalThis as unknown as Win).__crossborough!.map
      const border = (await (await fetch('/api/v1/borders?between=E09000005,E09000033')).json()) as { geometry: { coordinates: unknown } }
      const flat = (c: unknown): number[][] => (typeof (c as unknown[])[0] === 'number' ? [c as number[]] : (c as unknown[]).flatMap(flat))
      const line = flat(border.geometry.coordinates)
      const p = map.project(line[Math.floor(line.length / 2)] as [number, number])
      const box = map.getContainer().getBoundingClientRect()
      return [p.x + box.left, p.y + box.top] as const
    })
    const around = await Promise.all([-1, 0, 1].flatMap((dx) => [-1, 0, 1].map((dy) => colourAt(onBorder[0] + dx, onBorder[1] + dy))))
    const distance = (rgb: number[], css: string) => Math.max(...rgb.map((v, i) => Math.abs(v - Number.parseInt(css.slice(1 + 2 * i, 3 + 2 * i), 16))))
    expect(Math.min(...around.map((rgb) => distance(rgb, light.border))), around.map(hex).join(' ')).toBeLessThan(40)
    // The map's own canvas stays hidden until it has drawn the boroughs (its earlier frames hold the background alone).
    const canvasVisibility = () => visibilityOfMapCanvas(page)
    expect(await canvasVisibility()).toBe('hidden')
    await page.waitForFunction(() => (globalThis as unknown as Win).__crossborough?.firstRenderMs !== undefined, null, { timeout: 60_000 })
    expect(await canvasVisibility()).toBe('visible')
    await expect.poll(() => overview.count(), { timeout: 10_000 }).toBe(0)
    // Where the map draws Brent: its bounds projected by the map's own camera.
    const projected = await page.evaluate(async () => {
      const map = (globalThis as unknown as Win).__crossborough!.map
      const feature = (await (await fetch('/api/v1/areas/E09000005')).json()) as { geometry: { coordinates: unknown } }
      const flat = (c: unknown): number[][] => (typeof (c as unknown[])[0] === 'number' ? [c as number[]] : (c as unknown[]).flatMap(flat))
      const points = flat(feature.geometry.coordinates).map(([lon, lat]) => map.project([lon!, lat!]))
      const box = map.getContainer().getBoundingClientRect()
      const xs = points.map((p) => p.x + box.left)
      const ys = points.map((p) => p.y + box.top)
      return { x0: Math.min(...xs), x1: Math.max(...xs), y0: Math.min(...ys), y1: Math.max(...ys) }
    })
    // Within 2 px on every side (the picture's shapes are simplified to 12 m, a fraction of a pixel here).
    for (const side of ['x0', 'x1', 'y0', 'y1'] as const) expect(Math.abs(drawn[side] - projected[side]), side).toBeLessThan(2)
    await page.close()
  })

  it('shows its canvas all the same when the boroughs cannot be loaded', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    // The boroughs fail after the borders are in: no frame of the map's own comes after the error.
    let release = () => {}
    const held = new Promise<void>((done) => (release = done))
    await page.route(`**${areasUrl('/api/v1', 'borough', firstDetail(DEFAULT_VIEW.zoom))}`, async (route) => {
      await held
      await route.fulfill({ status: 503, contentType: 'application/problem+json', body: '{"status":503,"title":"Unavailable"}' })
    })
    await page.goto(`${server.baseUrl}/`, { waitUntil: 'domcontentloaded', timeout: 90_000 })
    await page.waitForFunction(
      () => {
        try {
          return (globalThis as unknown as Win).__crossborough?.map.isSourceLoaded('borders') === true
        } catch {
          return false // the map has no borders source yet
        }
      },
      null,
      { timeout: 60_000 },
    )
    expect(await visibilityOfMapCanvas(page)).toBe('hidden')
    release()
    // The borders are drawn on a visible canvas, without the boroughs.
    await expect.poll(() => visibilityOfMapCanvas(page), { timeout: 30_000 }).toBe('visible')
    expect(await page.evaluate(() => (globalThis as unknown as Win).__crossborough?.firstRenderMs)).toBeUndefined()
    await page.close()
  })

  it('never shows the overview picture when it arrives after the map has drawn', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    // The picture is held back until the map has drawn.
    let release = () => {}
    const drawn = new Promise<void>((done) => {
      release = done
    })
    await page.route(`**${OVERVIEW_URL}`, async (route) => {
      await drawn
      await route.continue()
    })
    await page.goto(`${server.baseUrl}/`, { waitUntil: 'domcontentloaded', timeout: 90_000 })
    await page.waitForFunction(() => (globalThis as unknown as Win).__crossborough?.firstRenderMs !== undefined, null, { timeout: 60_000 })
    const late = page.waitForResponse((r) => r.url().endsWith(OVERVIEW_URL), { timeout: 30_000 })
    release()
    await late
    await page.waitForTimeout(300)
    expect(await page.locator('.map-overview').count()).toBe(0)
    expect(
      await page.evaluate(
        () => (globalThis as unknown as { document: { documentElement: { dataset: Record<string, string> } } }).document.documentElement.dataset.overviewAt,
      ),
    ).toBeUndefined()
    await page.close()
  })

  it("compiles the layers of every role out of sight while nobody is signed in, leaves nothing behind, and the lead's sign-in compiles nothing more", async () => {
    const { page, errors } = await openPage()
    const state = () =>
      page.evaluate(
        () => (globalThis as unknown as { document: { documentElement: { dataset: Record<string, string> } } }).document.documentElement.dataset.warmUp,
      )
    await expect.poll(state, { timeout: 30_000 }).toBe('done')
    const left = await page.evaluate(() => {
      const map = (globalThis as unknown as Win).__crossborough!.map
      return { source: map.getSource('warm-up') !== undefined, layers: map.getStyle().layers.filter((l) => l.id.startsWith('warm-up')).length }
    })
    expect(left).toEqual({ source: false, layers: 0 })
    // Out of sight: the place it drew at projects outside the visible map.
    const outside = await page.evaluate(() => {
      const g = globalThis as unknown as Win & { document: { documentElement: { dataset: Record<string, string> } } }
      const map = g.__crossborough!.map
      const [lon, lat] = g.document.documentElement.dataset.warmUpSpot!.split(',').map(Number) as [number, number]
      const { width, height } = map.getCanvas().getBoundingClientRect()
      const p = map.project([lon, lat])
      return Math.max(-p.x, -p.y, p.x - width, p.y - height)
    })
    expect(outside).toBeGreaterThanOrEqual(24)
    // Signing in compiles nothing more: every program the lead's layers draw with was compiled out of
    // sight (a line too short for the tiler once left the border zone's dashed outline to the sign-in).
    // MapLibre's program cache is internal; its keys name each compiled shader variant.
    const programs = () =>
      page.evaluate(() =>
        Object.keys(
          (globalThis as unknown as { __crossborough: { map: { painter: { programCache: { programs: Record<string, unknown> } } } } }).__crossborough.map
            .painter.programCache.programs,
        ),
      )
    const before = await programs()
    expect(before.length).toBeGreaterThan(0)
    await signIn(page, 'lead')
    await page
      .locator('#overlay-hotspots-status')
      .filter({ hasText: /hot spot|No hot spots/ })
      .waitFor({ timeout: 60_000 })
    // The border zone (the dashed outline of each side) is drawn once its three answers are in.
    await page
      .locator('#border-zone-result')
      .filter({ hasText: /Within \d+ m/ })
      .waitFor({ state: 'attached', timeout: 60_000 })
    await expect
      .poll(() => page.evaluate(() => (globalThis as unknown as Win).__crossborough!.map.querySourceFeatures('borderzone').length), { timeout: 30_000 })
      .toBeGreaterThan(0)
    await settled(page)
    expect((await programs()).filter((k) => !before.includes(k))).toEqual([])
    expect(errors).toEqual([])
    await page.close()
  })

  it('serves its script compressed once at build and kept by browsers, the page itself revalidated', async () => {
    const page = await fetch(`${server.baseUrl}/`, { headers: { 'accept-encoding': 'br' } })
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toContain('text/html')
    expect(page.headers.get('cache-control')).toBe('no-cache')
    const html = await page.text()
    const script = /src="(\/assets\/index-[\w-]+\.js)"/.exec(html)?.[1]
    expect(script).toBeDefined()
    // The preloads are the URLs the map itself asks for, or the browser would fetch twice.
    const preloads = [...html.matchAll(/<link rel="preload" href="([^"]+)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&'))
    // The page opens at the default view, so at that view's detail (map/detail.ts).
    const detail = firstDetail(DEFAULT_VIEW.zoom)
    expect(detail).toBe('overview')
    expect(preloads).toEqual(['/api/v1/meta', areasUrl('/api/v1', 'borough', detail), bordersUrl('/api/v1', detail), OVERVIEW_URL])
    const fetched = async (path: string) => {
      const res = await fetch(`${server.baseUrl}${path}`, { headers: { 'accept-encoding': 'br' } })
      expect(res.status).toBe(200)
      expect(res.headers.get('content-encoding')).toBe('br')
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
      return res.text()
    }
    // The page's own script is small (it shows the overview at once) and loads the map's script, with MapLibre, after it.
    const first = await fetched(script!)
    expect(first.length).toBeLessThan(20_000)
    const mapScript = /[`"'](?:\.\/|\/?assets\/)(main-[\w-]+\.js)[`"']/.exec(first)?.[1]
    expect(mapScript).toBeDefined()
    expect((await fetched(`/assets/${mapScript}`)).length).toBeGreaterThan(100_000)
  })

  it('looks up a clicked point near the Brent | Westminster border', async () => {
    const { page } = await openPage()
    const map = page.locator('#map canvas')
    await page.evaluate(({ lon, lat }) => (globalThis as unknown as Win).__crossborough!.map.jumpTo({ center: [lon, lat], zoom: 14 }), KILBURN)
    const point = await page.evaluate(({ lon, lat }) => (globalThis as unknown as Win).__crossborough!.map.project([lon, lat]), KILBURN)
    const box = (await map.boundingBox())!
    await page.mouse.click(box.x + point.x, box.y + point.y)
    const result = page.locator('#lookup-result')
    await expect.poll(() => result.innerText(), { timeout: 10_000 }).toContain('Westminster')
    const text = await result.innerText()
    expect(text).toContain('Brent')
    expect(text).toMatch(/Westminster, \d+ m away/)

    const borderButton = page.getByRole('button', { name: 'Brent | Westminster border' })
    await borderButton.click()
    await expect.poll(() => page.locator('#border-summary').innerText()).toMatch(/km/)
    await expect.poll(() => borderButton.getAttribute('aria-pressed')).toBe('true')
    // The pressed button keeps a readable label (it was white on white once; axe cannot judge it,
    // the toolbar lying over the map's canvas): WCAG contrast of its text on its own background.
    const contrast = await borderButton.evaluate((b) => {
      const style = (globalThis as unknown as { getComputedStyle(e: unknown): { color: string; backgroundColor: string } }).getComputedStyle(b)
      const luminance = (css: string) => {
        const [r, g, b] = (css.match(/[\d.]+/g) ?? []).slice(0, 3).map((v) => Number(v) / 255)
        const lin = (c: number) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)
        return 0.2126 * lin(r!) + 0.7152 * lin(g!) + 0.0722 * lin(b!)
      }
      const [hi, lo] = [luminance(style.color), luminance(style.backgroundColor)].sort((x, y) => y - x)
      return (hi! + 0.05) / (lo! + 0.05)
    })
    expect(contrast).toBeGreaterThanOrEqual(4.5)
    expect(await axeViolations(page)).toEqual([])
    await settled(page)
    await page.screenshot({ path: join(ARTIFACTS, 'map-brent-westminster.png') })
    await page.close()
  })

  it('shows the problem detail for a point outside the service area', async () => {
    const { page } = await openPage('#map=10.00/51.50000/-1.20000&layers=boroughs,borders,labels')
    // The hash's layer list applies: wards and LSOAs are off.
    const visibility = await page.evaluate(() => (globalThis as unknown as Win).__crossborough!.map.getLayoutProperty('wards-outline', 'visibility'))
    expect(visibility).toBe('none')
    expect(await page.locator('#layer-wards').isChecked()).toBe(false)
    await page.getByRole('button', { name: 'What is here?' }).click()
    await expect.poll(() => page.locator('#lookup-result').innerText()).toContain('outside the service area')
    await page.close()
  })

  it('keeps the view in the URL hash', async () => {
    const { page } = await openPage()
    const before = new URL(page.url()).hash
    const box = (await page.locator('#map canvas').boundingBox())!
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
    await page.mouse.down()
    await page.mouse.move(box.x + box.width / 2 - 150, box.y + box.height / 2 - 80, { steps: 8 })
    await page.mouse.up()
    await page.mouse.wheel(0, -400)
    await expect.poll(() => new URL(page.url()).hash, { timeout: 10_000 }).not.toBe(before)
    expect(new URL(page.url()).hash).toMatch(/^#map=[\d.]+\/51\.\d+\/-?0\.\d+&layers=/)

    // A link reproduces the view: open the hash in a fresh page.
    const hash = new URL(page.url()).hash
    const again = await openPage(hash)
    const zoom = await again.page.evaluate(() => (globalThis as unknown as Win).__crossborough!.map.getZoom())
    expect(zoom).toBeCloseTo(Number(hash.split('=')[1]!.split('/')[0]), 1)
    await again.page.close()
    await page.close()
  })
})
