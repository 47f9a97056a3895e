import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { AreaKind } from '../db/types.js'

/** The boundary files the demo loads, by kind, as named in GEODATA_DIR and by `geodata:download`. */
export const GEODATA_FILES: ReadonlyArray<{ kind: AreaKind; file: string; validFrom: string | null }> = [
  { kind: 'borough', file: 'london_boroughs.geojson', validFrom: null },
  { kind: 'ward', file: 'london_wards_2014.geojson', validFrom: '2014-05-22' },
  { kind: 'lsoa', file: 'london_lsoa_2021.geojson', validFrom: '2021-03-21' },
]

/** Where `npm run geodata:download` puts the publisher's files. */
export const downloadedGeodataDir = (dataDir: string) => join(dataDir, 'geodata')

/**
 * The folder to load boundaries from: GEODATA_DIR, else a previous download in DATA_DIR, else none
 * (the caller falls back to the bundled simplified boroughs).
 */
export function resolveGeodataDir(cfg: { geodataDir?: string | undefined; dataDir: string }): string | undefined {
  if (cfg.geodataDir) return cfg.geodataDir
  const downloaded = downloadedGeodataDir(cfg.dataDir)
  return existsSync(join(downloaded, GEODATA_FILES[0]!.file)) ? downloaded : undefined
}
