import { OGL_ATTRIBUTION, OGL_LICENCE } from './attribution.js'

/**
 * Where `npm run geodata:download` fetches the official boundary files. Each URL can be overridden by an
 * environment variable or a CLI flag (for a mirror, a newer release, or a local server in the tests).
 */
export interface Publisher {
  /** Who publishes the data, as shown in the download notes. */
  readonly source: string
  /** The dataset's landing page. */
  readonly page: string
  readonly url: string
  /** Environment variable and CLI flag that override `url`. */
  readonly env: string
  readonly flag: string
  readonly licence: string
  readonly attribution: string
}

export type PublisherKey = 'boroughs' | 'wards' | 'lsoa'

/**
 * London Datastore, "Statistical GIS Boundary Files for London" (GLA): one zip of ESRI shapefiles in
 * EPSG:27700 under statistical-gis-boundaries-london/ESRI/. Boroughs and 2014 wards come from the same zip,
 * which is then downloaded once.
 */
const GLA_ZIP = 'https://data.london.gov.uk/download/20od9/9ba8c833-6370-4b11-abdc-314aa020d5e0/statistical-gis-boundaries-london.zip'

/**
 * ONS Open Geography Portal, "Lower layer Super Output Areas (December 2021) Boundaries EW BGC (V5)", as an
 * ArcGIS feature layer: the download asks it for GeoJSON (WGS84), London only, page by page. A plain GeoJSON
 * file URL works too (the London LSOAs are then picked out of it).
 */
const ONS_LSOA_2021 =
  'https://services1.arcgis.com/ESMARspQHYMw9BZ9/arcgis/rest/services/Lower_layer_Super_Output_Areas_December_2021_Boundaries_EW_BGC_V5/FeatureServer/0'

const GLA = {
  source: 'London Datastore (Greater London Authority): Statistical GIS Boundary Files for London',
  page: 'https://data.london.gov.uk/dataset/statistical-gis-boundary-files-london',
  licence: OGL_LICENCE,
  attribution: OGL_ATTRIBUTION,
}

export const PUBLISHERS: Readonly<Record<PublisherKey, Publisher>> = {
  boroughs: { ...GLA, url: GLA_ZIP, env: 'GEODATA_BOROUGHS_URL', flag: 'boroughs-url' },
  wards: { ...GLA, url: GLA_ZIP, env: 'GEODATA_WARDS_URL', flag: 'wards-url' },
  lsoa: {
    source: 'Office for National Statistics, Open Geography Portal: LSOA (December 2021) Boundaries EW BGC',
    page: 'https://geoportal.statistics.gov.uk/',
    url: ONS_LSOA_2021,
    env: 'GEODATA_LSOA_URL',
    flag: 'lsoa-url',
    licence: OGL_LICENCE,
    attribution: 'Source: Office for National Statistics licensed under the Open Government Licence v.3.0. ' + OGL_ATTRIBUTION,
  },
}

/** The shapefiles inside the GLA zip (matched by file name, in any folder of the zip). */
export const GLA_SHAPEFILES = {
  boroughs: 'London_Borough_Excluding_MHW.shp',
  wards: 'London_Ward_CityMerged.shp',
} as const

export type GeodataUrls = Record<PublisherKey, string>

/** The URLs to fetch: a CLI flag wins, then the environment variable, then the publisher's URL. */
export function publisherUrls(env: NodeJS.ProcessEnv = process.env, flags: Partial<GeodataUrls> = {}): GeodataUrls {
  const pick = (k: PublisherKey) => flags[k] || env[PUBLISHERS[k].env] || PUBLISHERS[k].url
  return { boroughs: pick('boroughs'), wards: pick('wards'), lsoa: pick('lsoa') }
}
