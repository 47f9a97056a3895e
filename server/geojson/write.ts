import { OGL_ATTRIBUTION } from '../geodata/attribution.js'

/**
 * GeoJSON text built around geometry that PostGIS already wrote (ST_AsGeoJSON), so large
 * collections are never parsed and re-serialised.
 */
export function featureText(id: string, geometry: string, properties: object): string {
  return `{"type":"Feature","id":${JSON.stringify(id)},"geometry":${geometry},"properties":${JSON.stringify(properties)}}`
}

/** A FeatureCollection carrying the licence attribution as a foreign member. */
export function featureCollectionText(features: string[], attribution = OGL_ATTRIBUTION): string {
  return `{"type":"FeatureCollection","attribution":${JSON.stringify(attribution)},"features":[${features.join(',')}]}`
}
