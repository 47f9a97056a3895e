import { OGL_ATTRIBUTION } from '../geodata/attribution.js'
import type { BBox } from '../db/spatial.js'
import type { Collection } from './collections.js'

/** OGC API – Features, Part 1 (OGC 17-069r4): the conformance classes this service implements. */
export const CONFORMANCE = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
]

export const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84'
export const JSON_TYPE = 'application/json'
export const GEOJSON_TYPE = 'application/geo+json'
export const OPENAPI_TYPE = 'application/vnd.oai.openapi+json;version=3.0'

export interface Link {
  href: string
  rel: string
  type?: string
  title?: string
}

/** The landing page: where the API description, its documentation, the conformance and the data are. */
export function landingPage(base: string) {
  return {
    title: 'crossborough OGC API – Features',
    description: 'Boundaries, aggregates and the referral layers the caller may see, across London borough lines. ' +
      'Sign in (session cookie) or send a partner token (Authorization: Bearer) for more than boundaries.',
    attribution: OGL_ATTRIBUTION,
    links: [
      { href: `${base}/ogc`, rel: 'self', type: JSON_TYPE, title: 'This document' },
      { href: `${base}/docs/json`, rel: 'service-desc', type: OPENAPI_TYPE, title: 'The API definition (OpenAPI 3.0)' },
      { href: `${base}/docs`, rel: 'service-doc', type: 'text/html', title: 'The API documentation' },
      { href: `${base}/ogc/conformance`, rel: 'conformance', type: JSON_TYPE, title: 'Conformance classes' },
      { href: `${base}/ogc/conformance`, rel: 'http://www.opengis.net/def/rel/ogc/1.0/conformance', type: JSON_TYPE, title: 'Conformance classes' },
      { href: `${base}/ogc/collections`, rel: 'data', type: JSON_TYPE, title: 'The collections' },
      { href: `${base}/ogc/collections`, rel: 'http://www.opengis.net/def/rel/ogc/1.0/data', type: JSON_TYPE, title: 'The collections' },
    ] satisfies Link[],
  }
}

/** One collection's description. */
export function collectionDocument(base: string, c: Collection, extent: BBox | null) {
  const self = `${base}/ogc/collections/${c.id}`
  return {
    id: c.id,
    title: c.title,
    description: `${c.description} ${c.temporal[0]!.toUpperCase()}${c.temporal.slice(1)}.`,
    itemType: 'feature',
    crs: [CRS84],
    extent: {
      spatial: { bbox: [extent ?? [-180, -90, 180, 90]], crs: CRS84 },
      temporal: { interval: [[null, null]], trs: 'http://www.opengis.net/def/uom/ISO-8601/0/Gregorian' },
    },
    links: [
      { href: self, rel: 'self', type: JSON_TYPE, title: 'This collection' },
      { href: `${self}/items`, rel: 'items', type: GEOJSON_TYPE, title: `${c.title} (GeoJSON)` },
    ] satisfies Link[],
  }
}

/** An items page as text: features are already GeoJSON text, written by the database. */
export function itemsText(page: { features: string[]; numberMatched: number }, links: Link[], timeStamp: string): string {
  return `{"type":"FeatureCollection","attribution":${JSON.stringify(OGL_ATTRIBUTION)},"timeStamp":${JSON.stringify(timeStamp)},` +
    `"numberMatched":${page.numberMatched},"numberReturned":${page.features.length},"links":${JSON.stringify(links)},"features":[${page.features.join(',')}]}`
}

/** One feature as text, with its links. */
export function featureText(feature: string, links: Link[]): string {
  // The feature text ends with its closing brace: the links join it as one more member.
  return `${feature.slice(0, -1)},"links":${JSON.stringify(links)}}`
}
