import { OGL_ATTRIBUTION } from '../geodata/attribution.js'
import type { BBox } from '../db/spatial.js'
import type { Collection } from './collections.js'
import { CRS84, crsUri, legacyCrsMember, OFFERED_CRS, STORAGE_CRS, type Srid } from './crs.js'

/**
 * The conformance classes this service implements: OGC API – Features Part 1 (core, GeoJSON, HTML,
 * OpenAPI 3.0), Part 2 (CRS by reference), Part 3 (queryables, filter) with CQL2 text — the basic
 * class, the advanced comparison operators (LIKE, BETWEEN, IN) and S_INTERSECTS (basic spatial
 * functions: POINT and BBOX literals; POLYGON too, though not every geometry type the '-plus' class needs).
 */
export const CONFORMANCE = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
  'http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter',
  'http://www.opengis.net/spec/cql2/1.0/conf/cql2-text',
  'http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2',
  'http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators',
  'http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions',
]
export const JSON_TYPE = 'application/json'
export const GEOJSON_TYPE = 'application/geo+json'
export const OPENAPI_TYPE = 'application/vnd.oai.openapi+json;version=3.0'
export const SCHEMA_TYPE = 'application/schema+json'

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
    description:
      'Boundaries, aggregates and the referral layers the caller may see, across London borough lines. ' +
      'Sign in (session cookie) or send a partner token (Authorization: Bearer) for more than boundaries. ' +
      'Features in CRS84 or the British National Grid (crs=' +
      STORAGE_CRS +
      "); CQL2 text filters on each collection's queryables.",
    attribution: OGL_ATTRIBUTION,
    links: [
      { href: `${base}/ogc`, rel: 'self', type: JSON_TYPE, title: 'This document' },
      { href: `${base}/ogc?f=html`, rel: 'alternate', type: 'text/html', title: 'This document as HTML' },
      { href: `${base}/ogc/api`, rel: 'service-desc', type: OPENAPI_TYPE, title: 'The API definition of /ogc (OpenAPI 3.0)' },
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
    crs: [...OFFERED_CRS],
    storageCrs: STORAGE_CRS,
    extent: {
      spatial: { bbox: [extent ?? [-180, -90, 180, 90]], crs: CRS84 },
      temporal: { interval: [[null, null]], trs: 'http://www.opengis.net/def/uom/ISO-8601/0/Gregorian' },
    },
    links: [
      { href: self, rel: 'self', type: JSON_TYPE, title: 'This collection' },
      { href: `${self}?f=html`, rel: 'alternate', type: 'text/html', title: 'This collection as HTML' },
      { href: `${self}/items`, rel: 'items', type: GEOJSON_TYPE, title: `${c.title} (GeoJSON)` },
      { href: `${self}/items?f=html`, rel: 'items', type: 'text/html', title: `${c.title} (HTML)` },
      {
        href: `${self}/queryables`,
        rel: 'http://www.opengis.net/def/rel/ogc/1.0/queryables',
        type: SCHEMA_TYPE,
        title: 'What the features may be filtered on',
      },
      { href: `${self}/queryables`, rel: 'queryables', type: SCHEMA_TYPE, title: 'What the features may be filtered on' },
    ] satisfies Link[],
  }
}

/** An items page as text: features are already GeoJSON text, written by the database. */
export function itemsText(page: { features: string[]; numberMatched: number }, links: Link[], timeStamp: string, srid: Srid = 4326): string {
  return (
    `{"type":"FeatureCollection",${legacyCrsMember(srid)}"attribution":${JSON.stringify(OGL_ATTRIBUTION)},"timeStamp":${JSON.stringify(timeStamp)},` +
    `"numberMatched":${page.numberMatched},"numberReturned":${page.features.length},"links":${JSON.stringify(links)},"features":[${page.features.join(',')}]}`
  )
}

/** One feature as text, with its links. */
export function featureText(feature: string, links: Link[], srid: Srid = 4326): string {
  // The feature text ends with its closing brace: the links (and a 27700 answer's crs) join it as more members.
  const crs = legacyCrsMember(srid)
  return `${feature.slice(0, -1)},${crs}"links":${JSON.stringify(links)}}`
}

/** Content-Crs (Part 2): the CRS of the coordinates in the body, in angle brackets. */
export const contentCrs = (srid: Srid) => `<${crsUri(srid)}>`
