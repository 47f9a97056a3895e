import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../helpers/app.js'

/**
 * A real GIS client signing in with HTTP Basic: GDAL (libcurl, what QGIS uses underneath) against
 * the app listening on 127.0.0.1 — the OAPIF driver with a partner token as the Basic password sees
 * the partner's layers, as with a Bearer token; a wrong token fails; and with GDAL_HTTP_AUTH=ANY curl
 * sends the credentials only after the service's WWW-Authenticate challenge.
 */

const run = promisify(execFile)
const hasOgr = await run('ogrinfo', ['--version']).then(
  () => true,
  () => false,
)
if (!hasOgr) console.warn('tests/access/gdal-basic.test.ts skipped: ogrinfo (GDAL, apt-get install gdal-bin) is not installed')

let t: TestApp
let base: string

beforeAll(async () => {
  if (!hasOgr) return
  t = await createTestApp()
  await t.app.listen({ host: '127.0.0.1', port: 0 })
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`
}, 180_000)
afterAll(async () => t?.close())

const gdalEnv = (extra: Record<string, string>) => ({ ...process.env, GDAL_HTTP_TIMEOUT: '60', CPL_DEBUG: 'OFF', ...extra })

async function layers(extra: Record<string, string>): Promise<string[]> {
  const { stdout } = await run('ogrinfo', ['-ro', '-so', `OAPIF:${base}/ogc`], { env: gdalEnv(extra) })
  return [...stdout.matchAll(/^\d+: ([\w-]+)/gm)].map((m) => m[1]!).sort()
}

describe.skipIf(!hasOgr)('GDAL with HTTP Basic', () => {
  it("a partner token as the Basic password (any username) gives the partner's layers, as Bearer does", async () => {
    const anonymous = await layers({})
    const bearer = await layers({ GDAL_HTTP_HEADERS: `Authorization: Bearer ${t.world.partnerToken}` })
    const basic = await layers({ GDAL_HTTP_AUTH: 'BASIC', GDAL_HTTP_USERPWD: `qgis:${t.world.partnerToken}` })
    expect(anonymous).toContain('boroughs')
    expect(anonymous).not.toContain('borough-counts')
    expect(bearer).toContain('borough-counts')
    expect(basic).toEqual(bearer)
  })

  it('a wrong token fails with 401', async () => {
    const failed = await run('ogrinfo', ['-ro', '-so', `OAPIF:${base}/ogc`], {
      env: gdalEnv({ GDAL_HTTP_AUTH: 'BASIC', GDAL_HTTP_USERPWD: 'qgis:cbp_wrong' }),
    }).then(
      () => null,
      (err: { stderr?: string }) => err.stderr ?? 'failed',
    )
    expect(failed).toMatch(/401/)
  })

  it('GDAL_HTTP_AUTH=ANY: credentials sent after the WWW-Authenticate challenge of a partner-only layer', async () => {
    const url = `GeoJSON:${base}/ogc/collections/borough-counts/items?limit=100`
    const anonymous = await run('ogrinfo', ['-ro', '-so', '-al', url], { env: gdalEnv({}) }).then(
      () => 'read',
      () => 'refused',
    )
    expect(anonymous).toBe('refused')
    const { stdout } = await run('ogrinfo', ['-ro', '-so', '-al', url], {
      env: gdalEnv({ GDAL_HTTP_AUTH: 'ANY', GDAL_HTTP_USERPWD: `x:${t.world.partnerToken}` }),
    })
    const n = Number(/Feature Count: (\d+)/.exec(stdout)?.[1])
    expect(n).toBeGreaterThan(0)
  })
})
