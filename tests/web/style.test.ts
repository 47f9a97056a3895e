import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec'
import type { StyleSpecification } from '@maplibre/maplibre-gl-style-spec'
import { describe, expect, it } from 'vitest'
import { withBasemap } from '../../web/src/style/basemap.js'
import { LAYER_GROUPS, SOURCE } from '../../web/src/style/layers.js'
import { buildStyle, emptySources } from '../../web/src/style/style.js'
import { firstDetail } from '../../web/src/map/detail.js'
import { stageStyle } from '../../web/src/map/staged-style.js'
import { DEFAULT_VIEW } from '../../web/src/state/view.js'
import { OVERVIEW_MAX_ZOOM } from '../../server/areas/overview.js'
import { light, themes } from '../../web/src/style/theme.js'

const API = 'http://127.0.0.1:3000/api/v1'
const style = buildStyle({ apiBase: API, attribution: 'Contains OS data © Crown copyright and database right.' })
const ids = style.layers.map((l) => l.id)
const index = (id: string) => ids.indexOf(id)

/** WCAG relative luminance and contrast ratio of two #rrggbb colours. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4))
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!
}
const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x)
  return (hi! + 0.05) / (lo! + 0.05)
}

describe('buildStyle', () => {
  it('is a valid MapLibre style', () => {
    expect(validateStyleMin(style)).toEqual([])
  })

  it('needs nothing from the internet: no glyphs, no sprite, every source on the API', () => {
    expect(style.glyphs).toBeUndefined()
    expect(style.sprite).toBeUndefined()
    for (const source of Object.values(style.sources)) {
      expect(source.type).toBe('geojson')
      const data = (source as { data: unknown }).data
      if (typeof data === 'string') expect(data.startsWith(API)).toBe(true)
    }
    // The detail a map draws (server/areas/detail.ts): simplified to within a metre.
    expect((style.sources[SOURCE.boroughs] as { data: string }).data).toBe(`${API}/areas?kind=borough&detail=display`)
    expect((style.sources[SOURCE.borders] as { data: string }).data).toBe(`${API}/borders?detail=display`)
  })

  it('has unique, predictable layer ids', () => {
    expect(new Set(ids).size).toBe(ids.length)
    for (const layer of style.layers) {
      if (layer.type === 'background') continue
      expect(layer.id.startsWith(`${(layer as { source: string }).source}-`)).toBe(true)
    }
    for (const group of Object.values(LAYER_GROUPS)) for (const id of group) expect(ids).toContain(id)
  })

  it('draws borders above every area fill and outline, and labels on top', () => {
    const areaLayers = ['boroughs-fill', 'wards-outline', 'lsoas-outline', 'boroughs-outline']
    for (const border of ['borders-casing', 'borders-line', 'highlight-line']) {
      for (const area of areaLayers) expect(index(border)).toBeGreaterThan(index(area))
    }
    expect(index('borders-line')).toBeGreaterThan(index('borders-casing'))
    expect(index('labels-borough')).toBe(ids.length - 1)
  })

  it('puts a basemap between our background and our areas', () => {
    const basemap: StyleSpecification = {
      version: 8,
      sources: { osm: { type: 'raster', tiles: ['https://tile.example/{z}/{x}/{y}.png'], tileSize: 256 } },
      layers: [{ id: 'osm', type: 'raster', source: 'osm' }],
    }
    const merged = withBasemap(style, basemap)
    expect(validateStyleMin(merged)).toEqual([])
    const mergedIds = merged.layers.map((l) => l.id)
    expect(mergedIds.slice(0, 3)).toEqual(['background', 'basemap-osm', 'boroughs-fill'])
    expect(merged.sources['basemap-osm']).toBeDefined()
  })
})

describe('theme', () => {
  it('gives every role its own colour (casings and halos are white by design)', () => {
    for (const theme of Object.values(themes)) {
      const { borderCasing, labelHalo, ...roles } = theme
      const colours = Object.values(roles).map((c) => c.toLowerCase())
      expect(new Set(colours).size).toBe(colours.length)
      expect(borderCasing.toLowerCase()).toBe('#ffffff')
      expect(labelHalo.toLowerCase()).toBe('#ffffff')
    }
  })

  it('keeps lines and text legible against the borough fill (WCAG 1.4.11 and 1.4.3)', () => {
    for (const line of [light.border, light.borderHighlight, light.boroughOutline, light.wardOutline, light.lsoaOutline]) {
      expect(contrast(line, light.boroughFill)).toBeGreaterThanOrEqual(3)
    }
    expect(contrast(light.boroughLabel, light.labelHalo)).toBeGreaterThanOrEqual(4.5)
    expect(contrast(light.wardLabel, light.labelHalo)).toBeGreaterThanOrEqual(4.5)
  })
})

describe('data colours against the base map', () => {
  const rgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number]
  const distance = (a: string, b: string) => Math.hypot(...rgb(a).map((v, i) => v - rgb(b)[i]!))

  it('gives no data layer a colour near a boundary line, so a dot never reads as a border', async () => {
    const { KIND_COLOURS } = await import('../../web/src/panels/caseworker/layers.js')
    const palette = await import('../../web/src/layers/palette.js')
    const data = [
      ...Object.values(KIND_COLOURS),
      ...Object.values(palette.HOTSPOT_COLOURS),
      palette.POINTS.fill,
      palette.CLUSTERS.fill,
      palette.FLOWS.line,
      palette.BORDER_ZONE.fill,
    ]
    const lines = [light.border, light.borderHighlight, light.borderHighlightCasing, light.boroughOutline, light.wardOutline, light.lsoaOutline]
    for (const d of data) for (const l of lines) expect(distance(d.toLowerCase(), l.toLowerCase()), `${d} vs ${l}`).toBeGreaterThanOrEqual(60)
  })
})

describe('the staged style and the first detail', () => {
  it('starts a map opening further out than zoom 11.5 with the overview detail, nearer with the display detail (where it would swap at once)', () => {
    expect(firstDetail(DEFAULT_VIEW.zoom)).toBe('overview')
    expect(firstDetail(OVERVIEW_MAX_ZOOM - 0.6)).toBe('overview')
    expect(firstDetail(OVERVIEW_MAX_ZOOM - 0.5)).toBe('display')
    expect(firstDetail(OVERVIEW_MAX_ZOOM)).toBe('display')
    const overview = buildStyle({ apiBase: API, boundaryDetail: 'overview' })
    expect((overview.sources[SOURCE.boroughs] as { data: string }).data).toBe(`${API}/areas?kind=borough&detail=overview`)
    expect((overview.sources[SOURCE.borders] as { data: string }).data).toBe(`${API}/borders?detail=overview`)
  })

  it('defers the sources that start empty, and the layers drawing them, to after the first frame', () => {
    const deferred = emptySources(style)
    expect(deferred.sort()).toEqual([SOURCE.highlight, SOURCE.labels, SOURCE.lsoas, SOURCE.selection, SOURCE.wards].sort())
    const { first } = stageStyle(style, deferred)
    expect(validateStyleMin(first)).toEqual([])
    expect(Object.keys(first.sources).sort()).toEqual([SOURCE.borders, SOURCE.boroughs].sort())
    // Every layer the first frame draws keeps its order; none of them reads a deferred source.
    const firstIds = first.layers.map((l) => l.id)
    expect(firstIds).toEqual(ids.filter((id) => firstIds.includes(id)))
    expect(firstIds).toEqual(['background', 'boroughs-fill', 'boroughs-outline', 'borders-casing', 'borders-line', 'borders-label'])
  })
})
