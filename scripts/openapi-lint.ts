import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openApiDocument } from './openapi-document.js'

/**
 * `npm run lint:openapi`: the OpenAPI document exactly as the service serves it at /docs/json,
 * written to a temporary file and linted by Redocly with its recommended rules (redocly.yaml).
 * Exit status: Redocly's (non-zero on any error).
 */
const dir = mkdtempSync(join(tmpdir(), 'crossborough-openapi-'))
let status = 1
try {
  const file = join(dir, 'openapi.json')
  writeFileSync(file, JSON.stringify(await openApiDocument(), null, 1))
  const run = spawnSync(
    process.execPath,
    [join(import.meta.dirname, '../node_modules/@redocly/cli/bin/cli.js'), 'lint', file, '--config', join(import.meta.dirname, '../redocly.yaml')],
    { stdio: 'inherit' },
  )
  status = run.status ?? 1
} finally {
  rmSync(dir, { recursive: true, force: true })
}
process.exit(status)
