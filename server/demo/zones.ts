import { round6 } from './estates.js'
import { offset } from './london.js'

/** An area a relocated young person has agreed to stay away from, as a lon/lat polygon. */
export interface DemoExclusionZone {
  name: string
  geometry: { type: 'Polygon'; coordinates: [number, number][][] }
}

/** A circle of `radius` metres around `centre`, as a 32-sided polygon. */
export function exclusionCircle(name: string, centre: readonly [number, number], radius: number): DemoExclusionZone {
  const ring: [number, number][] = []
  for (let k = 0; k < 32; k++) {
    const a = (2 * Math.PI * k) / 32
    const [lon, lat] = offset(centre, radius * Math.cos(a), radius * Math.sin(a))
    ring.push([round6(lon), round6(lat)])
  }
  ring.push(ring[0]!)
  return { name, geometry: { type: 'Polygon', coordinates: [ring] } }
}
