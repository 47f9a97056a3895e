import { parseArgs } from 'node:util'
import cliProgress from 'cli-progress'
import { loadConfig } from '../config.js'
import { downloadGeodata, GeodataDownloadError, type DownloadProgress } from '../geodata/download.js'
import { PUBLISHERS, publisherUrls, type PublisherKey } from '../geodata/publishers.js'
import { downloadedGeodataDir } from '../geodata/sources.js'

const KEYS = Object.keys(PUBLISHERS) as PublisherKey[]

const USAGE = `usage: npm run geodata:download -- [options]

Fetches the official London boundary files from their publishers and writes them as GeoJSON into
DATA_DIR/geodata, where the next \`npm start\` loads them (when GEODATA_DIR is not set). If anything
fails, an earlier download is left as it was.
  --boroughs-url URL   London Datastore zip with London_Borough_Excluding_MHW.shp (env ${PUBLISHERS.boroughs.env})
  --wards-url URL      zip with London_Ward_CityMerged.shp (env ${PUBLISHERS.wards.env}; default: the same zip)
  --lsoa-url URL       ONS LSOA 2021 feature layer, or a GeoJSON file (env ${PUBLISHERS.lsoa.env})
  --only LIST          fetch only some of: ${KEYS.join(',')}
  --timeout SECONDS    give up on a request that sends nothing for this long (default 60)

Licence: Open Government Licence v3.0. Maps and exports must carry:
  ${PUBLISHERS.boroughs.attribution}`

function fail(message: string): never {
  console.error(`${message}\n\n${USAGE}`)
  process.exit(2)
}

const OPTIONS = {
  'boroughs-url': { type: 'string' },
  'wards-url': { type: 'string' },
  'lsoa-url': { type: 'string' },
  only: { type: 'string' },
  timeout: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const
let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>
try {
  parsed = parseArgs({ options: OPTIONS })
} catch (err) {
  fail((err as Error).message)
}
const { values } = parsed
if (values.help) {
  console.log(USAGE)
  process.exit(0)
}
const only = values.only
  ?.split(',')
  .map((s) => s.trim())
  .filter(Boolean)
for (const k of only ?? []) if (!(KEYS as string[]).includes(k)) fail(`--only: "${k}" is not one of ${KEYS.join(', ')}`)
const timeoutS = values.timeout === undefined ? 60 : Number(values.timeout)
if (!Number.isFinite(timeoutS) || timeoutS <= 0) fail('--timeout must be a positive number of seconds')
for (const k of KEYS) {
  const u = values[`${k}-url`]
  if (u !== undefined && !/^https?:\/\//.test(u)) fail(`--${k}-url must be an http(s) URL`)
}

/** A bar on a terminal; a line per file otherwise (CI logs, pipes). */
function progressReporter(): DownloadProgress {
  const tty = Boolean(process.stderr.isTTY)
  let bar: cliProgress.SingleBar | undefined
  let label = ''
  let bytes = 0
  const mb = (n: number) => (n / 1e6).toFixed(1)
  return {
    start(l, total) {
      label = l
      bytes = 0
      if (!tty) return void console.error(`downloading ${l}${total ? ` (${mb(total)} MB)` : ''} …`)
      bar = new cliProgress.SingleBar(
        {
          stream: process.stderr,
          format: total ? `${l.padEnd(20)} [{bar}] {percentage}% | {mbValue}/{mbTotal} MB | ETA {eta_formatted}` : `${l.padEnd(20)} {mbValue} MB`,
          hideCursor: true,
        },
        cliProgress.Presets.shades_classic,
      )
      bar.start(total ?? 0, 0, { mbValue: '0.0', mbTotal: total ? mb(total) : '?' })
    },
    advance(n) {
      bytes += n
      bar?.update(bytes, { mbValue: mb(bytes) })
    },
    stop() {
      bar?.stop()
      bar = undefined
      if (!tty) console.error(`  ${label}: ${mb(bytes)} MB`)
    },
    info(message) {
      console.log(message)
    },
  }
}

const config = loadConfig()
const urls = publisherUrls(process.env, {
  ...(values['boroughs-url'] ? { boroughs: values['boroughs-url'] } : {}),
  ...(values['wards-url'] ? { wards: values['wards-url'] } : {}),
  ...(values['lsoa-url'] ? { lsoa: values['lsoa-url'] } : {}),
})
const started = Date.now()
console.log(`downloading boundary files into ${downloadedGeodataDir(config.dataDir)}`)
try {
  const report = await downloadGeodata({
    dataDir: config.dataDir,
    urls,
    ...(only ? { only: only as PublisherKey[] } : {}),
    timeoutMs: timeoutS * 1000,
    progress: progressReporter(),
  })
  console.log(`wrote ${report.files.map((f) => `${f.file} (${f.features})`).join(', ')} to ${report.dir} in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  if (config.geodataDir) console.log(`note: GEODATA_DIR is set (${config.geodataDir}), so npm start loads from there, not from this download`)
  else
    console.log(
      'the next `npm start` loads these files into a database that has no real boundaries yet; to replace boundaries already loaded, use npm run import:areas',
    )
} catch (err) {
  console.error(`geodata:download failed: ${err instanceof GeodataDownloadError ? err.message : ((err as Error).stack ?? String(err))}`)
  console.error(`nothing in ${downloadedGeodataDir(config.dataDir)} was changed`)
  process.exitCode = 1
}
