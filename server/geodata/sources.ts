import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { AreaKind } from '../db/types.js'
import { boundaryPath } from './packed.js'

export interface GeodataFile {
  kind: AreaKind
  file: string
  /** First day the boundaries were in force. */
  validFrom: string | null
  /**
   * The day a newer set replaced them, where one did; recorded on the boundary set (and shown in
   * /api/v1/meta) rather than on the areas, which stay current until a newer set is imported.
   */
  supersededOn: string | null
  /** What a user should know about this set, in words. */
  note: string
}

/** The boundary files the service loads, by kind, as named in GEODATA_DIR, in geodata/ and by `geodata:download`. */
export const GEODATA_FILES: ReadonlyArray<GeodataFile> = [
  {
    kind: 'borough',
    file: 'london_boroughs.geojson',
    validFrom: null,
    supersededOn: null,
    note: 'the 33 London local authorities (32 boroughs and the City of London), excluding the Thames',
  },
  {
    kind: 'ward',
    file: 'london_wards_2014.geojson',
    validFrom: '2014-05-22',
    supersededOn: '2022-05-05',
    note:
      'the 2014 wards: Brent, Westminster and many other boroughs moved to new wards at the elections of 5 May 2022, ' +
      'so ward figures for later dates use the old wards until current wards are imported (npm run import:areas -- --kind ward --valid-from 2022-05-05)',
  },
  { kind: 'lsoa', file: 'london_lsoa_2021.geojson', validFrom: '2021-03-21', supersededOn: null, note: 'Lower Layer Super Output Areas of the 2021 census' },
]

/** Where `npm run geodata:download` puts the publisher's files. */
export const downloadedGeodataDir = (dataDir: string) => join(dataDir, 'geodata')

/**
 * The project's own `geodata/` folder, which ships the real boundaries packed: found by walking up
 * from this module (server/geodata in the sources, dist/server/geodata once built).
 */
export const PROJECT_GEODATA_DIR: string | undefined = (() => {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (let i = 0; i < 5; i++) {
    dir = dirname(dir)
    const candidate = join(dir, 'geodata')
    if (boundaryPath(candidate, GEODATA_FILES[0]!.file)) return candidate
  }
  return undefined
})()

/** Whether `dir` holds at least the boroughs, as GeoJSON or packed. */
export const holdsBoundaries = (dir: string) => existsSync(dir) && boundaryPath(dir, GEODATA_FILES[0]!.file) !== undefined

/**
 * The folder to load boundaries from: GEODATA_DIR, else a previous download in DATA_DIR, else the
 * project's own geodata/, else none (the caller falls back to the bundled simplified boroughs).
 */
export function resolveGeodataDir(cfg: { geodataDir?: string | undefined; dataDir: string }): string | undefined {
  if (cfg.geodataDir) return cfg.geodataDir
  const downloaded = downloadedGeodataDir(cfg.dataDir)
  if (holdsBoundaries(downloaded)) return downloaded
  return PROJECT_GEODATA_DIR
}
