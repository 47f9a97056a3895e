import { readdirSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { join } from 'node:path'

/**
 * `npm run bench [-- NAME] [-- --rows N]`: runs every bench/*.bench.ts (or those whose name contains
 * NAME) one after the other, passing the remaining arguments on.
 */
const here = fileURLToPath(new URL('.', import.meta.url))
const args = process.argv.slice(2)
const filter = args[0] && !args[0].startsWith('--') ? args.shift() : undefined
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts') && (!filter || f.includes(filter)))
  .sort()
if (!files.length) {
  console.error(`no bench file matches ${filter}`)
  process.exit(2)
}
for (const f of files) {
  const mod = (await import(pathToFileURL(join(here, f)).href)) as { run(argv: string[]): Promise<void> }
  await mod.run(args)
}
