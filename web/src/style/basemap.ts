import type { LayerSpecification, SourceSpecification, StyleSpecification } from '@maplibre/maplibre-gl-style-spec'

const PREFIX = 'basemap-'

/**
 * Puts an external basemap style beneath ours: its sources and layers are renamed with a
 * `basemap-` prefix so they cannot clash, its layers go between our background and our area
 * fills, and its glyphs and sprite are adopted (our own labels fall back to local fonts for any
 * glyph range that server cannot supply).
 */
export function withBasemap(ours: StyleSpecification, basemap: StyleSpecification): StyleSpecification {
  const sources: Record<string, SourceSpecification> = {}
  for (const [id, source] of Object.entries(basemap.sources)) sources[PREFIX + id] = source
  const under: LayerSpecification[] = basemap.layers.map((layer) =>
    'source' in layer && typeof layer.source === 'string'
      ? ({ ...layer, id: PREFIX + layer.id, source: PREFIX + layer.source } as LayerSpecification)
      : ({ ...layer, id: PREFIX + layer.id } as LayerSpecification),
  )
  const [background, ...rest] = ours.layers
  const fillsTranslucent = rest.map(
    (layer): LayerSpecification => (layer.type === 'fill' ? { ...layer, paint: { ...layer.paint, 'fill-opacity': 0.35 } } : layer),
  )
  return {
    ...ours,
    ...(basemap.glyphs ? { glyphs: basemap.glyphs } : {}),
    ...(basemap.sprite ? { sprite: basemap.sprite } : {}),
    sources: { ...sources, ...ours.sources },
    layers: [...(background ? [background] : []), ...under, ...fillsTranslucent],
  }
}
