import type { Kysely } from 'kysely'
import type { FastifyBaseLogger } from 'fastify'
import type { AreaKind, DB } from '../db/types.js'
import { importAreas, type ImportAreasReport } from '../areas/import/import-areas.js'
import { parseAreaCollection } from '../areas/import/from-file.js'
import { OGL_LICENCE } from './attribution.js'
import { BUNDLED_SOURCE, bundledBoroughs } from './bundled.js'
import { GEODATA_FILES, holdsBoundaries } from './sources.js'
import { boundaryPath, readBoundaryCollection } from './packed.js'
import { boroughSources } from '../areas/areas.repository.js'

type Log = Pick<FastifyBaseLogger, 'info' | 'warn'>

/**
 * Loads every boundary file present in `dir`, as GeoJSON or packed (boroughs first, so wards and
 * LSOAs get parents). Each area's `source` is the file's canonical name, whichever form it came in.
 */
export async function loadGeodataDir(db: Kysely<DB>, dir: string, log?: Log, kinds?: readonly AreaKind[]): Promise<ImportAreasReport[]> {
  const reports: ImportAreasReport[] = []
  for (const { kind, file, validFrom } of GEODATA_FILES) {
    if (kinds && !kinds.includes(kind)) continue
    const path = boundaryPath(dir, file)
    if (!path) {
      if (kind === 'borough') throw new Error(`${dir} holds no ${file}: the boundary folder must hold at least the boroughs`)
      log?.warn(`${dir} holds no ${file}: no ${kind} boundaries loaded`)
      continue
    }
    const started = Date.now()
    const parsed = parseAreaCollection(readBoundaryCollection(path))
    const report = await importAreas(db, parsed.areas, { kind, srid: parsed.srid, source: file, licence: OGL_LICENCE, validFrom })
    log?.info(
      `loaded ${report.imported} ${kind} boundaries from ${path} in ${Date.now() - started} ms` +
        (report.repaired.length ? ` (${report.repaired.length} invalid geometries repaired: ${report.repaired.map((r) => r.code).join(', ')})` : ''),
    )
    reports.push(report)
  }
  return reports
}

/** Loads the bundled simplified borough set (offline fallback). */
export async function loadBundledBoroughs(db: Kysely<DB>, log?: Log): Promise<ImportAreasReport> {
  const parsed = parseAreaCollection(bundledBoroughs())
  const report = await importAreas(db, parsed.areas, { kind: 'borough', srid: parsed.srid, source: BUNDLED_SOURCE, licence: OGL_LICENCE })
  log?.warn(
    `no boundary files found (set GEODATA_DIR or run npm run geodata:download): running on the bundled SIMPLIFIED London borough set (${report.imported} boroughs); wards and LSOAs are not loaded`,
  )
  return report
}

/** What start-up leaves to load behind the map: the wards and LSOAs after the boroughs. */
export type RestOfBoundaries = (() => Promise<void>) | null

/**
 * On start-up: if no boroughs are loaded yet (or only the bundled fallback and real files are now
 * available), load them from GEODATA_DIR, a download or the project's geodata/, or in demo mode fall
 * back to the bundled simplified set. Existing boundaries are left alone, except that kinds missing
 * beside boroughs from the same files (a start that stopped half-way) are loaded.
 *
 * With `defer`, only the boroughs load now and the wards and LSOAs are returned as `rest`, for the
 * caller to load once it serves the map (the embedded demo does; a server deployment loads all).
 */
export async function ensureBoundaries(
  db: Kysely<DB>,
  opts: { geodataDir: string | undefined; demo: boolean; defer?: boolean },
  log: Log,
): Promise<RestOfBoundaries> {
  const sources = await boroughSources(db)
  const onlyBundled = sources.length === 1 && sources[0] === BUNDLED_SOURCE
  const dir = opts.geodataDir
  const later = (kinds: AreaKind[]): RestOfBoundaries => {
    if (!dir || kinds.length === 0) return null
    return async () => {
      await loadGeodataDir(db, dir, log, kinds)
    }
  }
  if (sources.length > 0 && !(onlyBundled && dir)) {
    if (!dir || !holdsBoundaries(dir) || !sources.includes(GEODATA_FILES[0]!.file)) return null
    const missing = await missingKinds(db, ['ward', 'lsoa'])
    if (missing.length) log.warn(`no ${missing.join(' or ')} boundaries beside the boroughs (an earlier start stopped while loading them): loading them`)
    const rest = later(missing)
    if (rest && !opts.defer) {
      await rest()
      return null
    }
    return rest
  }
  if (dir && holdsBoundaries(dir)) {
    if (!opts.defer) {
      await loadGeodataDir(db, dir, log)
      return null
    }
    await loadGeodataDir(db, dir, log, ['borough'])
    return later(['ward', 'lsoa'])
  }
  if (dir && sources.length > 0) log.warn(`${dir} holds no ${GEODATA_FILES[0]!.file}; keeping the boundaries already loaded`)
  else if (opts.demo) {
    if (dir) log.warn(`${dir} holds no ${GEODATA_FILES[0]!.file}`)
    await loadBundledBoroughs(db, log)
  } else log.warn((dir ? `${dir} holds no ${GEODATA_FILES[0]!.file}: ` : '') + 'no boundaries are loaded: import them with npm run import:areas (see README)')
  return null
}

async function missingKinds(db: Kysely<DB>, kinds: AreaKind[]): Promise<AreaKind[]> {
  const present = await db.selectFrom('areas').select('kind').distinct().where('kind', 'in', kinds).execute()
  return kinds.filter((k) => !present.some((p) => p.kind === k))
}
