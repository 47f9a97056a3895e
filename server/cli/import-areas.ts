import { parseArgs } from 'node:util'
import { basename } from 'node:path'
import { loadConfig } from '../config.js'
import { openDatabase, type Database } from '../db/database.js'
import { migrateToLatest } from '../db/migrate.js'
import { AREA_KINDS, type AreaKind } from '../db/types.js'
import { Problem } from '../errors/problem.js'
import { readAreaFile } from '../areas/import/from-file.js'
import { importAreas } from '../areas/import/import-areas.js'
import { OGL_LICENCE } from '../geodata/attribution.js'
import { usageHandlers } from './usage.js'

const USAGE = `usage: npm run import:areas -- --kind borough|ward|lsoa|estate|patch [options] FILE

FILE is GeoJSON (.geojson/.json), a GeoPackage (.gpkg; needs Node 22.5+), a shapefile (.shp with its .dbf and
.prj beside it), or a .zip holding one shapefile. Field names are matched in any case (gss_code = GSS_CODE).
Replaces every area of that kind with the file's features, in one transaction.
  --crs NAME            CRS of the coordinates when the file does not say (GeoJSON: no crs member, default CRS84;
                        shapefile: no .prj, or one not recognised as British National Grid, WGS84, …; GeoPackage:
                        a CRS that is not an EPSG one), e.g. EPSG:27700
  --layer NAME          the GeoPackage's feature table to read (needed when it holds more than one)
  --code-field NAME     property holding the code (default: GSS_CODE, code, LSOA21CD, …)
  --name-field NAME     property holding the name (default: NAME, name, …)
  --parent-field NAME   property holding the parent borough code (default: LB_GSS_CD, …; else found spatially)
  --valid-from DATE     first day the boundaries are in force (YYYY-MM-DD)
  --valid-to DATE       first day they are no longer in force
  --source TEXT         where the file came from (default: its file name)
  --licence TEXT        its licence (default: ${OGL_LICENCE})
  --synthetic           the areas are made up (demo estates and patches)`

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    kind: { type: 'string' },
    crs: { type: 'string' },
    layer: { type: 'string' },
    'code-field': { type: 'string' },
    'name-field': { type: 'string' },
    'parent-field': { type: 'string' },
    'valid-from': { type: 'string' },
    'valid-to': { type: 'string' },
    source: { type: 'string' },
    licence: { type: 'string' },
    synthetic: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  },
})

const fail: (message: string) => never = usageHandlers(USAGE, values.help)
const file = positionals[0]
if (!file || positionals.length > 1) fail('give exactly one FILE')
if (!values.kind || !(AREA_KINDS as readonly string[]).includes(values.kind)) fail(`--kind must be one of ${AREA_KINDS.join(', ')}`)
for (const d of ['valid-from', 'valid-to'] as const) if (values[d] && !/^\d{4}-\d{2}-\d{2}$/.test(values[d])) fail(`--${d} must be YYYY-MM-DD`)
const kind = values.kind as AreaKind

const config = loadConfig()
let database: Database | undefined
try {
  const started = Date.now()
  const parsed = await readAreaFile(file, {
    ...(values.crs ? { crs: values.crs } : {}),
    ...(values.layer ? { layer: values.layer } : {}),
    fields: {
      ...(values['code-field'] ? { code: [values['code-field']] } : {}),
      ...(values['name-field'] ? { name: [values['name-field']] } : {}),
      ...(values['parent-field'] ? { parent: [values['parent-field']] } : {}),
    },
  })
  database = await openDatabase(config)
  await migrateToLatest(database.db)
  const report = await importAreas(database.db, parsed.areas, {
    kind,
    srid: parsed.srid,
    source: values.source ?? basename(file),
    licence: values.licence ?? OGL_LICENCE,
    validFrom: values['valid-from'] ?? null,
    validTo: values['valid-to'] ?? null,
    synthetic: values.synthetic ?? false,
  })
  console.log(
    `imported ${report.imported} ${kind} area(s) from ${file} (CRS EPSG:${parsed.srid}, from ${parsed.crsFrom}); replaced ${report.replaced}` +
      (report.borders !== undefined ? `; ${report.borders} shared borders rebuilt` : '') +
      ` in ${Date.now() - started} ms`,
  )
  for (const r of report.repaired) console.log(`  repaired invalid geometry ${r.code}: ${r.reason}`)
} catch (err) {
  if (err instanceof Problem) {
    console.error(`import failed, nothing was written: ${err.detail}`)
    for (const e of err.errors ?? []) console.error(`  ${e.field}: ${e.message}`)
  } else console.error(`import failed, nothing was written: ${(err as Error).message}`)
  process.exitCode = 1
} finally {
  await database?.close()
}
