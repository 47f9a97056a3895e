import { describe, expect, it } from 'vitest'
import { verificationText } from '../../web/src/panels/admin/verdict.js'

/** The admin's sentence for each verdict of GET /api/v1/audit/verify (chain, then signed checkpoints). */
describe('audit verification verdicts', () => {
  it('says intact, with the checkpoints it was checked against', () => {
    const text = verificationText({ ok: true, rows: 1200, checkpoints: { checked: 3, failed: 0 } })
    expect(text).toMatch(/intact/)
    expect(text).toContain('1,200 entries')
    expect(text).toContain('3 signed checkpoints')
  })

  it('names the first broken entry when the chain itself does not recompute', () => {
    expect(verificationText({ ok: false, rows: 10, firstBroken: 7 })).toMatch(/BROKEN: entry 7/)
  })

  it('names the failing checkpoint when the chain recomputes but no longer matches what was signed', () => {
    const text = verificationText({
      ok: false,
      rows: 10,
      checkpoints: { checked: 2, failed: 1, firstFailed: { line: 2, id: 9, at: '2026-12-05T09:00:00Z', reason: 'hash-mismatch' } },
    })
    expect(text).toMatch(/FAILED its check against the signed checkpoints/)
    expect(text).toContain('checkpoint line 2 (entry 9')
    expect(text).toMatch(/rewritten/)
    expect(text).not.toContain('entry ?')
  })
})
