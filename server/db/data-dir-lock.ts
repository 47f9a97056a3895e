import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { Problem } from '../errors/problem.js'

/**
 * The embedded database serves one process. A lock file holding the owner's pid keeps a CLI from
 * opening the folder while the service runs (which would corrupt it); a stale lock is taken over.
 */
export function acquireDataDirLock(dataDir: string): () => void {
  const file = join(dataDir, 'pglite.lock')
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx')
      writeSync(fd, String(process.pid))
      closeSync(fd)
      return () => rmSync(file, { force: true })
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
      const pid = Number(readFileSync(file, 'utf8'))
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) {
        throw new Problem(
          409,
          'database-in-use',
          `The embedded database in ${dataDir} is in use by process ${pid} (probably the running service). ` +
            "Stop that process first, or do this through the running service's API instead.",
        )
      }
      rmSync(file, { force: true })
    }
  }
  throw new Error(`could not lock ${file}`)
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}
