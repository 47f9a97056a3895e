// Builds the web app (Vite) unless web/dist is newer than every source file. `npm start` runs it
// beside the database start-up (server/web-build.ts).
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { execFileSync } from 'node:child_process'

const newest = (dir) =>
  readdirSync(dir, { withFileTypes: true }).reduce((m, e) => {
    const p = join(dir, e.name)
    return Math.max(m, e.isDirectory() ? (e.name === 'dist' ? 0 : newest(p)) : statSync(p).mtimeMs)
  }, 0)

const built = 'web/dist/index.html'
if (!existsSync(built) || statSync(built).mtimeMs < newest('web')) {
  const started = Date.now()
  execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'error'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  console.log(`web app built (its sources were newer than web/dist) in ${((Date.now() - started) / 1000).toFixed(1)} s`)
}
