import { spawnSync } from 'node:child_process'
import { createReadStream, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir, totalmem } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { fileURLToPath } from 'node:url'
import { sql } from 'kysely'
import { openPostgres } from '../server/db/database.js'
import { adminQuery } from '../server/db/admin.js'
import { migrateToLatest } from '../server/db/migrate.js'
import { loadGeodataDir } from '../server/geodata/load-boundaries.js'
import { organisationLead } from '../server/auth/organisation-lead.js'
import { importReferrals } from '../server/imports/import-referrals.js'
import { writeBenchCsv } from './generate-csv.js'

const HERE = fileURLToPath(new URL('.', import.meta.url))
const BENCH_DB = 'crossborough_bench'

/**
 * What a GIS analyst would run after `ogr2ogr` to do the import's spatial work: points to EPSG:27700,
 * then one join per area kind on the subdivided parts and a nearest-neighbour search for the nearest
 * other borough (KNN on borough_edges), into one table.
 */
const areaJoin = (kind: string) => `left join lateral (select a.code from area_parts p join areas a on a.id = p.area_id
    where a.kind = '${kind}' and ST_Intersects(p.geom, o.g) order by a.code limit 1) ${kind} on true`
const EQUAL_WORK_SQL = [
  `create table ogr_points as select ogc_fid, ST_Transform(wkb_geometry, 27700) as g from ogr_plain`,
  `create index on ogr_points using gist (g)`,
  `analyze ogr_points`,
  `create table ogr_assigned as
   select o.ogc_fid, borough.code as borough, ward.code as ward, lsoa.code as lsoa, n.code as near_borough, n.d as near_m
   from ogr_points o
   ${areaJoin('borough')}
   ${areaJoin('ward')}
   ${areaJoin('lsoa')}
   left join lateral (select e.code, ST_Distance(e.geom, o.g) as d from borough_edges e
                      where e.code is distinct from borough.code order by e.geom <-> o.g limit 1) n on true`,
]

/**
 * Bulk import of referrals (CSV, 1,000,000 locations by default) on a PostGIS server, against
 * ogr2ogr loading the same CSV into a plain table. Prints phase timings; writes bench/results/import.json.
 */
export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, allowPositionals: true, strict: false, options: { rows: { type: 'string' }, 'skip-ogr': { type: 'boolean' } } })
  const rows = Number(values.rows ?? 1_000_000)
  const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
  const geodata = resolve(process.env.GEODATA_DIR ?? join(HERE, '../geodata'))
  const url = new URL(adminUrl)
  url.pathname = `/${BENCH_DB}`

  console.log(`import bench: ${rows.toLocaleString('en-GB')} locations, database ${BENCH_DB} on ${url.host}, boundaries from ${geodata}`)
  await adminQuery(adminUrl, `drop database if exists ${BENCH_DB}`)
  await adminQuery(adminUrl, `create database ${BENCH_DB}`)
  const database = openPostgres(url.toString(), 4)
  const tmp = mkdtempSync(join(tmpdir(), 'crossborough-bench-'))
  try {
    let t = Date.now()
    await migrateToLatest(database.db)
    await loadGeodataDir(database.db, geodata)
    await sql`insert into programmes (slug, name) values ('mentoring', 'Mentoring'), ('family-support', 'Family support'), ('relocation', 'Relocation')`.execute(
      database.db,
    )
    const parts = await sql<{ kind: string; n: number }>`select kind, count(*)::int as n from area_parts group by kind order by kind`.execute(database.db)
    console.log(`  setup (migrate, boundaries): ${Date.now() - t} ms; area_parts ${parts.rows.map((r) => `${r.kind} ${r.n}`).join(', ')}`)

    const file = join(tmp, 'referrals.csv')
    t = Date.now()
    const gen = await writeBenchCsv(database.db, file, rows)
    const bytes = statSync(file).size
    console.log(
      `  generated ${file}: ${gen.referrals.toLocaleString('en-GB')} referrals, ${(bytes / 1e6).toFixed(1)} MB in ${Date.now() - t} ms (${gen.generator})`,
    )

    const { organisationId } = await organisationLead(database.db, 'Bench organisation')
    t = Date.now()
    const report = await importReferrals(database, createReadStream(file), { format: 'csv', organisationId })
    const oursMs = Date.now() - t
    if (!report.ok) throw new Error(`import failed: ${JSON.stringify(report.errors.slice(0, 5))}`)
    const assigned = await sql<{ n: number; borough: number; ward: number; lsoa: number }>`
      select count(*)::int as n, count(borough_code)::int as borough, count(ward_code)::int as ward, count(lsoa_code)::int as lsoa from referral_locations`.execute(
      database.db,
    )
    const a = assigned.rows[0]!

    t = Date.now()
    const again = await importReferrals(database, createReadStream(file), { format: 'csv', organisationId })
    const rerunMs = Date.now() - t

    let ogr: { ms: number; rowsPerS: number; command: string } | null = null
    let equalWork: { ms: number; loadMs: number; sqlMs: number; rowsPerS: number; assigned: Record<string, number> } | null = null
    const equalWorkSteps: Array<{ step: number; ms: number }> = []
    if (!values['skip-ogr']) {
      const pgConn =
        `PG:host=${url.hostname} port=${url.port || 5432} dbname=${BENCH_DB} user=${decodeURIComponent(url.username || 'postgres')}` +
        (url.password ? ` password=${decodeURIComponent(url.password)}` : '')
      const args = ['-f', 'PostgreSQL', pgConn, file, '-oo', 'X_POSSIBLE_NAMES=lon', '-oo', 'Y_POSSIBLE_NAMES=lat', '-a_srs', 'EPSG:4326', '-nln', 'ogr_plain']
      t = Date.now()
      const r = spawnSync('ogr2ogr', args, { encoding: 'utf8' })
      const ms = Date.now() - t
      if (r.error || r.status !== 0) throw new Error(`ogr2ogr failed: ${r.error?.message ?? r.stderr}`)
      const n = await sql<{ n: number }>`select count(*)::int as n from ogr_plain`.execute(database.db)
      if (n.rows[0]!.n !== rows) throw new Error(`ogr2ogr loaded ${n.rows[0]!.n} rows, expected ${rows}`)
      ogr = { ms, rowsPerS: Math.round(rows / (ms / 1000)), command: `ogr2ogr ${args.map((x) => (x.includes(' ') ? `"${x}"` : x)).join(' ')}` }
      // The equal-work baseline: after the same load, the SQL a GIS analyst would write to give every
      // point its borough, ward, LSOA and nearest other borough with its distance — spatial joins on
      // the same subdivided area_parts and borough_edges the import uses.
      t = Date.now()
      for (const [i, statement] of EQUAL_WORK_SQL.entries()) {
        const s0 = Date.now()
        await sql.raw(statement).execute(database.db)
        equalWorkSteps.push({ step: i + 1, ms: Date.now() - s0 })
      }
      const analystMs = Date.now() - t
      const done = await sql<{ n: number; b: number; w: number; l: number }>`
        select count(*)::int as n, count(borough)::int as b, count(ward)::int as w, count(lsoa)::int as l from ogr_assigned`.execute(database.db)
      equalWork = { ms: ms + analystMs, loadMs: ms, sqlMs: analystMs, rowsPerS: Math.round(rows / ((ms + analystMs) / 1000)), assigned: done.rows[0]! }
    }

    const oursRps = Math.round(rows / (oursMs / 1000))
    const result = {
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', memoryGB: Math.round(totalmem() / 1e9), node: process.version },
      rows,
      referrals: report.inserted,
      fileMB: +(bytes / 1e6).toFixed(1),
      generator: gen.generator,
      ours: { ms: oursMs, rowsPerS: oursRps, phasesMs: report.timings, assigned: { borough: a.borough, ward: a.ward, lsoa: a.lsoa, of: a.n } },
      rerun: { ms: rerunMs, unchanged: again.unchanged, inserted: again.inserted, phasesMs: again.timings },
      ogr2ogr: ogr,
      ratio: ogr ? +(oursRps / ogr.rowsPerS).toFixed(2) : null,
      equalWork: equalWork ? { ...equalWork, steps: equalWorkSteps, sql: EQUAL_WORK_SQL } : null,
      ratioEqualWork: equalWork ? +(oursRps / equalWork.rowsPerS).toFixed(2) : null,
    }
    console.log(`
  ours     ${oursRps.toLocaleString('en-GB').padStart(9)} rows/s  ${(oursMs / 1000).toFixed(1)} s  (parse + COPY + checks + upsert + borough/ward/LSOA/border assignment)
           phases ms: ${Object.entries(report.timings)
             .map(([k, v]) => `${k} ${v}`)
             .join(', ')}
           assigned: borough ${a.borough}/${a.n}, ward ${a.ward}, LSOA ${a.lsoa}
  re-run   ${(rerunMs / 1000).toFixed(1)} s, ${again.unchanged.toLocaleString('en-GB')} referrals unchanged, ${again.inserted} inserted
  ogr2ogr  ${ogr ? `${ogr.rowsPerS.toLocaleString('en-GB').padStart(9)} rows/s  ${(ogr.ms / 1000).toFixed(1)} s  (plain table, no validation, no areas)` : 'skipped'}
  ratio    ${result.ratio ?? '-'} (ours / ogr2ogr; goal ≥ 0.5)
  equal    ${equalWork ? `${equalWork.rowsPerS.toLocaleString('en-GB').padStart(9)} rows/s  ${(equalWork.ms / 1000).toFixed(1)} s  (ogr2ogr + analyst SQL ${(equalWork.sqlMs / 1000).toFixed(1)} s: borough ${equalWork.assigned.b}, ward ${equalWork.assigned.w}, LSOA ${equalWork.assigned.l})` : 'skipped'}
  ratio    ${result.ratioEqualWork ?? '-'} (ours / equal-work baseline; goal ≥ 1.0)`)
    mkdirSync(join(HERE, 'results'), { recursive: true })
    const name = rows === 1_000_000 ? 'import.json' : `import-${rows}.json`
    writeFileSync(join(HERE, 'results', name), JSON.stringify(result, null, 2) + '\n')
    console.log(`  written to bench/results/${name}`)
  } finally {
    await database.close()
    rmSync(tmp, { recursive: true, force: true })
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await run(process.argv.slice(2))
