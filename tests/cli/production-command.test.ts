import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { REPO_ROOT } from '../helpers/backend.js'
import { productionNodeFlags } from '../../bench/export.bench.js'

/**
 * Production runs the compiled server with V8 flags (the export's memory goal depends on them):
 * npm run start:prod, the Dockerfile's CMD and the export benchmark must run the same command.
 */
describe('the production command', () => {
  it('is the same in package.json start:prod, the Dockerfile CMD and the export benchmark', () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
    const startProd = pkg.scripts['start:prod']!.split(/\s+/)
    const cmd = /^CMD (\[.*\])$/m.exec(readFileSync(join(REPO_ROOT, 'Dockerfile'), 'utf8'))
    expect(cmd, 'the Dockerfile has an exec-form CMD').not.toBeNull()
    expect(JSON.parse(cmd![1]!)).toEqual(startProd)
    expect(startProd).toContain('--max-semi-space-size=4')
    expect(productionNodeFlags()).toEqual(startProd.slice(1, -1))
  })
})
