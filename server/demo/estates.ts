import { distanceM, offset } from './london.js'

/** How an estate's activity changes over the 24 months, for time sliders and emerging hotspots. */
export type EstateTrend = 'steady' | 'intensifying' | 'diminishing' | 'emerging'

/** A made-up housing estate at a plausible place. Names are fictional and end "(synthetic)". */
export interface DemoEstate {
  code: string
  name: string
  /** Where it is, for people reading this list. */
  near: string
  centre: [number, number]
  /** Half-width east–west and half-height north–south, metres. */
  rx: number
  ry: number
  /** Share of estate-based referrals living here (relative). */
  weight: number
  trend: EstateTrend
  /** For `emerging`: fraction of the 24 months before activity starts. */
  startsAt?: number
}

/**
 * The synthetic estates. SYN-EST-01 and -02 straddle the Brent | Westminster border (Kilburn Park
 * Road / Shirland Road, and the Harrow Road by Queen's Park); the others sit in one borough each.
 */
export const DEMO_ESTATES: readonly DemoEstate[] = [
  {
    code: 'SYN-EST-01',
    name: 'Shirland Vale Estate (synthetic)',
    near: 'Kilburn Park, Brent | Westminster',
    centre: [-0.1932, 51.5317],
    rx: 260,
    ry: 200,
    weight: 16,
    trend: 'intensifying',
  },
  {
    code: 'SYN-EST-02',
    name: 'Kensal Bridge Estate (synthetic)',
    near: 'Harrow Road, Brent | Westminster',
    centre: [-0.205, 51.5322],
    rx: 210,
    ry: 150,
    weight: 8,
    trend: 'steady',
  },
  {
    code: 'SYN-EST-03',
    name: 'Craven Fields Estate (synthetic)',
    near: 'Harlesden, Brent',
    centre: [-0.247, 51.537],
    rx: 230,
    ry: 180,
    weight: 7,
    trend: 'steady',
  },
  {
    code: 'SYN-EST-04',
    name: 'Hale Marsh Estate (synthetic)',
    near: 'Tottenham, Haringey',
    centre: [-0.066, 51.599],
    rx: 250,
    ry: 200,
    weight: 9,
    trend: 'steady',
  },
  {
    code: 'SYN-EST-05',
    name: 'Mare Gardens Estate (synthetic)',
    near: 'Hackney Central, Hackney',
    centre: [-0.056, 51.547],
    rx: 220,
    ry: 170,
    weight: 8,
    trend: 'steady',
  },
  {
    code: 'SYN-EST-06',
    name: 'Rye Crescent Estate (synthetic)',
    near: 'Peckham, Southwark',
    centre: [-0.068, 51.472],
    rx: 240,
    ry: 190,
    weight: 9,
    trend: 'steady',
  },
  {
    code: 'SYN-EST-07',
    name: 'Coldharbour Yard Estate (synthetic)',
    near: 'Brixton, Lambeth',
    centre: [-0.115, 51.461],
    rx: 230,
    ry: 200,
    weight: 9,
    trend: 'steady',
  },
  {
    code: 'SYN-EST-08',
    name: 'Leaway Court Estate (synthetic)',
    near: 'Stratford, Newham',
    centre: [-0.002, 51.542],
    rx: 220,
    ry: 180,
    weight: 7,
    trend: 'emerging',
    startsAt: 0.45,
  },
  {
    code: 'SYN-EST-09',
    name: 'Whitehorse Rise Estate (synthetic)',
    near: 'Croydon, Croydon',
    centre: [-0.1, 51.39],
    rx: 240,
    ry: 190,
    weight: 7,
    trend: 'diminishing',
  },
  {
    code: 'SYN-EST-10',
    name: 'Angel Brook Estate (synthetic)',
    near: 'Edmonton, Enfield',
    centre: [-0.062, 51.615],
    rx: 200,
    ry: 170,
    weight: 5,
    trend: 'emerging',
    startsAt: 0.6,
  },
  {
    code: 'SYN-EST-11',
    name: 'Arsenal Heights Estate (synthetic)',
    near: 'Woolwich, Greenwich',
    centre: [0.075, 51.485],
    rx: 210,
    ry: 170,
    weight: 5,
    trend: 'steady',
  },
]

/** The estates' codes expected to straddle Brent (E09000005) and Westminster (E09000033). */
export const BORDER_ESTATES = ['SYN-EST-01', 'SYN-EST-02'] as const

/** Fixed irregularity of the outline, so estates do not all look like ellipses. */
const OUTLINE = [1, 0.86, 0.97, 1.08, 0.92, 1, 0.9, 1.05, 0.95, 0.88, 1.02, 0.94]

/** An estate's outline: a closed lon/lat ring (12 vertices, counter-clockwise). */
export function estateRing(e: DemoEstate): [number, number][] {
  const ring = OUTLINE.map((f, k) => {
    const a = (2 * Math.PI * k) / OUTLINE.length
    const [lon, lat] = offset(e.centre, e.rx * f * Math.cos(a), e.ry * f * Math.sin(a))
    return [round6(lon), round6(lat)] as [number, number]
  })
  return [...ring, ring[0]!]
}

/** The estates as GeoJSON features (lon/lat), labelled synthetic. */
export function estateFeatures() {
  return DEMO_ESTATES.map((e) => ({
    type: 'Feature' as const,
    properties: { code: e.code, name: e.name, near: e.near, synthetic: true },
    geometry: { type: 'Polygon' as const, coordinates: [estateRing(e)] },
  }))
}

/** Relative activity of an estate at time t (0 = 24 months ago, 1 = today). */
export function estateActivity(e: DemoEstate, t: number): number {
  switch (e.trend) {
    case 'steady':
      return 1
    case 'intensifying':
      return 0.55 + 1.1 * t
    case 'diminishing':
      return 1.6 - 1.2 * t
    case 'emerging': {
      const s = e.startsAt ?? 0.5
      return t < s ? 0.05 : 0.3 + (2.2 * (t - s)) / (1 - s)
    }
  }
}

/** Upper bound of estateActivity, for rejection sampling. */
export const MAX_ESTATE_ACTIVITY = 2.5

/** Other estates, weighted by closeness (rivalries and friendships are mostly local). */
export function nearbyEstateWeights(e: DemoEstate): Record<string, number> {
  const w: Record<string, number> = {}
  for (const o of DEMO_ESTATES) if (o !== e) w[o.code] = Math.exp(-distanceM(e.centre, o.centre) / 5000)
  return w
}

export const round6 = (x: number) => Math.round(x * 1e6) / 1e6
