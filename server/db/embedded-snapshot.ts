import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * A prepared embedded database: PGlite's cluster with PostGIS, every migration and the boundaries of
 * geodata/, dumped once by `npm install` (scripts/prepare-embedded.ts) into node_modules/.cache. A
 * first `npm start` on a new DATA_DIR opens it instead of creating a cluster, installing PostGIS and
 * loading the boundaries (9 s of PGlite set-up alone on a 2-core machine). Its name carries a hash
 * of everything that decides its content — the PGlite and PostGIS packages, the migrations, the
 * boundary files and the code that loads them — so a changed checkout never opens a stale one: it
 * falls back to building the database as before.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const CACHE_DIR = join(ROOT, 'node_modules', '.cache', 'crossborough')
const PREFIX = 'embedded-'
/** What the content depends on, besides the two packages' versions. */
const INPUTS = ['migrations', 'geodata', 'server/areas/import', 'server/geodata']

/** The snapshot's path for this checkout, or undefined where its inputs cannot be read (a built image). */
export function embeddedSnapshotPath(): string | undefined {
  try {
    const hash = createHash('sha256')
    // The packages' exports maps hide package.json; read it from node_modules directly.
    for (const pkg of ['@electric-sql/pglite', '@electric-sql/pglite-postgis']) {
      hash.update(pkg).update((JSON.parse(readFileSync(join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version)
    }
    for (const dir of INPUTS) {
      for (const name of readdirSync(join(ROOT, dir)).sort()) {
        if (!/\.(ts|br)$/.test(name)) continue
        hash.update(`${dir}/${name}`).update(readFileSync(join(ROOT, dir, name)))
      }
    }
    return join(CACHE_DIR, `${PREFIX}${hash.digest('hex').slice(0, 16)}.tar.gz`)
  } catch {
    return undefined
  }
}

/** The prepared snapshot when one matches this checkout. */
export function usableEmbeddedSnapshot(): string | undefined {
  const path = embeddedSnapshotPath()
  return path && existsSync(path) ? path : undefined
}

/** Snapshots of earlier checkouts, to be removed once a current one is written. */
export function staleEmbeddedSnapshots(current: string): string[] {
  if (!existsSync(CACHE_DIR)) return []
  return readdirSync(CACHE_DIR)
    .filter((n) => n.startsWith(PREFIX) && join(CACHE_DIR, n) !== current)
    .map((n) => join(CACHE_DIR, n))
}
