import { spawnSync } from 'node:child_process'

/**
 * ogr2ogr (gdal-bin) makes real shapefiles for these tests. CI installs it and must run them; on a machine
 * without it they are skipped with a note.
 */
export const hasOgr2ogr = spawnSync('ogr2ogr', ['--version'], { encoding: 'utf8' }).status === 0
if (!hasOgr2ogr && process.env.CI) throw new Error('tests/geodata need ogr2ogr (apt-get install gdal-bin)')
if (!hasOgr2ogr) console.warn('tests/geodata: ogr2ogr not found (apt-get install gdal-bin); shapefile tests skipped')

/** Runs ogr2ogr; throws with its stderr when it fails. */
export function ogr2ogr(args: string[]): void {
  const r = spawnSync('ogr2ogr', args, { encoding: 'utf8', timeout: 60_000 })
  if (r.status !== 0) throw new Error(`ogr2ogr ${args.join(' ')} failed: ${r.stderr || r.error?.message}`)
}

/** Writes `dest` (.shp) from a GeoJSON file; extra args e.g. `-t_srs EPSG:27700`, `-where …`. */
export function toShapefile(src: string, dest: string, extra: string[] = []): void {
  ogr2ogr(['-f', 'ESRI Shapefile', '-lco', 'ENCODING=UTF-8', ...extra, dest, src])
}
