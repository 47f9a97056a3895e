// npm's `prepare` step (npm install, npm ci). Prepares the embedded demo database when the dev
// tools are installed (scripts/prepare-embedded.ts); otherwise, or on any failure, says so and lets
// the install succeed — `npm start` then builds the database at its first start instead.
// CROSSBOROUGH_SKIP_PREPARE=1 skips it.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'

if (process.env.CROSSBOROUGH_SKIP_PREPARE === '1') process.exit(0)
if (!existsSync('node_modules/tsx') || !existsSync('scripts/prepare-embedded.ts')) {
  console.log('crossborough: embedded database not prepared (no dev dependencies); npm start will build it')
  process.exit(0)
}
const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/prepare-embedded.ts'], { stdio: 'inherit', timeout: 600_000 })
if (run.status !== 0) console.log('crossborough: preparing the embedded database failed (see above); npm start will build it at its first start')
process.exit(0)
