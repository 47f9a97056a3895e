/**
 * Colours of the analysis overlays. Sequential counts use viridis (perceptually even, readable in
 * greyscale and under every common colour-vision deficiency); the Gi* hot/cold classes use
 * ColorBrewer's RdBu, a diverging scheme marked colour-blind safe; single-colour overlays use
 * Okabe–Ito hues not already taken by the base map (vermillion borders, blue highlight).
 */
export const VIRIDIS = ['#440154', '#3b528b', '#21918c', '#5ec962', '#fde725'] as const

export const HOTSPOT_CLASSES = ['hot-99', 'hot-95', 'hot-90', 'cold-90', 'cold-95', 'cold-99'] as const
export type HotspotClass = (typeof HOTSPOT_CLASSES)[number]

export const HOTSPOT_COLOURS: Record<HotspotClass, string> = {
  'hot-99': '#b2182b',
  'hot-95': '#ef8a62',
  'hot-90': '#fddbc7',
  'cold-90': '#d1e5f0',
  'cold-95': '#67a9cf',
  'cold-99': '#2166ac',
}

export const HOTSPOT_LABELS: Record<HotspotClass, string> = {
  'hot-99': 'Hot spot, 99 % confidence',
  'hot-95': 'Hot spot, 95 % confidence',
  'hot-90': 'Hot spot, 90 % confidence',
  'cold-90': 'Cold spot, 90 % confidence',
  'cold-95': 'Cold spot, 95 % confidence',
  'cold-99': 'Cold spot, 99 % confidence',
}

/** Outline of a hotspot whose group covers two or more boroughs. */
export const CROSS_BORDER_OUTLINE = '#000000'
export const POINTS = { fill: '#56B4E9', stroke: '#1f1e1c' } as const
/** Exact points: black with a white ring, apart from every coloured overlay and the green area outlines. */
export const EXACT_POINTS = { fill: '#000000', stroke: '#ffffff' } as const
export const CLUSTERS = { fill: '#E69F00', stroke: '#6b4700' } as const
export const FLOWS = { line: '#CC79A7', casing: '#3b1030' } as const
/** The two sides of a border zone: blue on one side, Tol's teal on the other. */
export const BORDER_ZONE = { fill: '#0072B2', other: '#44AA99' } as const
