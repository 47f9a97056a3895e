// The web app's types of the API, generated from the service's own OpenAPI document with
// openapi-typescript into web/src/api-schema.d.ts. With --check, fails when the committed file is not
// what the service's document gives, so a schema change cannot land without the page seeing it
// (and `npm run typecheck` then shows where the page no longer fits).
//   npx tsx scripts/api-types.ts [--check]
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import openapiTS, { astToString } from 'openapi-typescript'
import { openApiDocument } from './openapi-document.js'

const FILE = fileURLToPath(new URL('../web/src/api-schema.d.ts', import.meta.url))
const HEADER = "// Generated from the service's OpenAPI document by scripts/api-types.ts (npm run api:types). Do not edit.\n"

// arrayLength: arrays with minItems = maxItems become tuples (a bbox is [w, s, e, n]).
const ast = await openapiTS(JSON.parse(JSON.stringify(await openApiDocument())), { arrayLength: true })
const text = HEADER + astToString(ast)
if (process.argv.includes('--check')) {
  const committed = readFileSync(FILE, 'utf8')
  if (committed !== text) {
    console.error("web/src/api-schema.d.ts is not what the service's OpenAPI document gives: run npm run api:types, then npm run typecheck")
    process.exit(1)
  }
  console.log('web/src/api-schema.d.ts matches the OpenAPI document')
} else {
  writeFileSync(FILE, text)
  console.log(`wrote web/src/api-schema.d.ts (${text.split('\n').length} lines)`)
}
