import type { Feature, MultiPolygon, Polygon } from 'geojson'
import { BoroughLocator, londonBoroughs } from '../../server/demo/london.js'
import { testGeodataDir } from '../helpers/backend.js'

/** The real borough polygons the generator tests place points in (GEODATA_DIR, else the project's geodata/). */
export const geodataDir = testGeodataDir()
let cached: BoroughLocator | undefined
export const london = () => (cached ??= new BoroughLocator(londonBoroughs(geodataDir)))
export const boroughFeatures = () => londonBoroughs(geodataDir).features as Array<Feature<Polygon | MultiPolygon, { GSS_CODE: string }>>

export const BRENT = 'E09000005'
export const WESTMINSTER = 'E09000033'
export const TODAY = '2026-11-27'
