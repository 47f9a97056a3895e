import { createWriteStream } from 'node:fs'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { DemoReferral } from './generate.js'

/** Columns of the bulk-import CSV (`npm run import:referrals`): one row per location. */
export const DEMO_CSV_COLUMNS = [
  'external_id',
  'programme',
  'subject_role',
  'age_band',
  'funding_borough',
  'opened_on',
  'location_kind',
  'lon',
  'lat',
  'observed_on',
  'precision',
] as const

export type DemoFileFormat = 'csv' | 'geojson'

/** The format a file name asks for, or null. */
export function formatOf(path: string): DemoFileFormat | null {
  if (/\.csv$/i.test(path)) return 'csv'
  if (/\.(geo)?json$/i.test(path)) return 'geojson'
  return null
}

const csvField = (v: string | number) => {
  const s = String(v)
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/** CSV text, one chunk per referral, header first. */
export function* demoCsv(referrals: Iterable<DemoReferral>): Generator<string> {
  yield DEMO_CSV_COLUMNS.join(',') + '\n'
  for (const r of referrals) {
    let chunk = ''
    for (const l of r.locations) {
      chunk +=
        [r.externalId, r.programme, r.subjectRole, r.ageBand, r.fundingBorough, r.openedOn, l.kind, l.lon, l.lat, l.observedOn, l.precision]
          .map(csvField)
          .join(',') + '\n'
    }
    yield chunk
  }
}

/** A GeoJSON FeatureCollection text, one Point feature per location with the CSV's properties. */
export function* demoGeoJson(referrals: Iterable<DemoReferral>): Generator<string> {
  yield '{"type":"FeatureCollection","name":"crossborough synthetic demo referrals (not real people)","features":[\n'
  let first = true
  for (const r of referrals) {
    let chunk = ''
    for (const l of r.locations) {
      const feature = {
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [l.lon, l.lat] },
        properties: {
          external_id: r.externalId,
          programme: r.programme,
          subject_role: r.subjectRole,
          age_band: r.ageBand,
          funding_borough: r.fundingBorough,
          opened_on: r.openedOn,
          location_kind: l.kind,
          observed_on: l.observedOn,
          precision: l.precision,
        },
      }
      chunk += (first ? '' : ',\n') + JSON.stringify(feature)
      first = false
    }
    yield chunk
  }
  yield '\n]}\n'
}

/**
 * Streams referrals to a file as CSV or GeoJSON while they are generated (back-pressure respected),
 * so a million locations are written in flat memory. Returns how many referrals and rows were written.
 */
export async function writeDemoFile(
  path: string,
  format: DemoFileFormat,
  referrals: Iterable<DemoReferral>,
): Promise<{ referrals: number; locations: number }> {
  const counted = { referrals: 0, locations: 0 }
  function* counting(): Generator<DemoReferral> {
    for (const r of referrals) {
      counted.referrals++
      counted.locations += r.locations.length
      yield r
    }
  }
  const text = format === 'csv' ? demoCsv(counting()) : demoGeoJson(counting())
  await pipeline(Readable.from(text, { objectMode: false }), createWriteStream(path))
  return counted
}
