import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const SCRIPT = fileURLToPath(new URL('../scripts/build-web-if-stale.mjs', import.meta.url))

/**
 * Runs scripts/build-web-if-stale.mjs in a child process, so that Vite builds the page while the
 * database starts. Resolves to what it printed (null when nothing needed building); rejects when
 * the build fails.
 */
export function startWebBuildIfStale(): Promise<string | null> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [SCRIPT], { cwd: fileURLToPath(new URL('..', import.meta.url)) }, (err, stdout, stderr) => {
      if (err) reject(new Error(`building the web app failed: ${stderr || err.message}`))
      else resolve(stdout.trim() || null)
    })
  })
}
