import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { createRequire } from 'node:module'
import { feature } from 'topojson-client'
import type { Topology, GeometryCollection } from 'topojson-specification'

/** `source` of areas loaded from the bundled set; the web page and the log say when it is in use. */
export const BUNDLED_SOURCE = 'vega-datasets londonBoroughs.json (simplified; fallback)'

/** GSS codes of the 33 London local authorities, by the names the bundled set uses. */
export const LONDON_BOROUGH_CODES: Readonly<Record<string, string>> = {
  'City of London': 'E09000001',
  'Barking and Dagenham': 'E09000002',
  Barnet: 'E09000003',
  Bexley: 'E09000004',
  Brent: 'E09000005',
  Bromley: 'E09000006',
  Camden: 'E09000007',
  Croydon: 'E09000008',
  Ealing: 'E09000009',
  Enfield: 'E09000010',
  Greenwich: 'E09000011',
  Hackney: 'E09000012',
  'Hammersmith and Fulham': 'E09000013',
  Haringey: 'E09000014',
  Harrow: 'E09000015',
  Havering: 'E09000016',
  Hillingdon: 'E09000017',
  Hounslow: 'E09000018',
  Islington: 'E09000019',
  'Kensington and Chelsea': 'E09000020',
  'Kingston upon Thames': 'E09000021',
  Lambeth: 'E09000022',
  Lewisham: 'E09000023',
  Merton: 'E09000024',
  Newham: 'E09000025',
  Redbridge: 'E09000026',
  'Richmond upon Thames': 'E09000027',
  Southwark: 'E09000028',
  Sutton: 'E09000029',
  'Tower Hamlets': 'E09000030',
  'Waltham Forest': 'E09000031',
  Wandsworth: 'E09000032',
  Westminster: 'E09000033',
}

/**
 * The simplified London borough set shipped in the `vega-datasets` npm package (TopoJSON derived
 * from the London Datastore's boundaries, OGL v3), as a GeoJSON FeatureCollection with GSS codes.
 * Used only when no boundary files are available.
 */
export function bundledBoroughs(): { type: 'FeatureCollection'; features: object[] } {
  // The package's exports map allows only its main entry, so find its folder from that.
  const main = createRequire(import.meta.url).resolve('vega-datasets')
  const path = join(dirname(main), '..', 'data', 'londonBoroughs.json')
  const topology = JSON.parse(readFileSync(path, 'utf8')) as Topology<{ boroughs: GeometryCollection }>
  const fc = feature(topology, topology.objects.boroughs)
  const features = fc.features.map((f) => {
    const name = String(f.id)
    const code = LONDON_BOROUGH_CODES[name]
    if (!code) throw new Error(`bundled boroughs: no GSS code for "${name}"`)
    return { type: 'Feature', properties: { GSS_CODE: code, NAME: name }, geometry: f.geometry }
  })
  return { type: 'FeatureCollection', features }
}
