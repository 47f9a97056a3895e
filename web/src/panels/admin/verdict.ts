/** GET /api/v1/audit/verify's answer: the hash chain, then the signed checkpoints kept outside the database. */
export interface CheckpointFailure {
  line: number
  id: number | null
  at: string | null
  reason: 'malformed' | 'mac' | 'missing-row' | 'hash-mismatch' | 'no-key'
}
export interface Verification {
  ok: boolean
  rows: number
  firstBroken?: number
  checkpoints?: { checked: number; failed: number; firstFailed?: CheckpointFailure }
}

const CHECKPOINT_REASONS: Record<CheckpointFailure['reason'], string> = {
  malformed: 'is not a checkpoint line',
  mac: 'has a signature that does not match (the file was edited, or the key changed)',
  'missing-row': 'names an entry that is no longer in the log (entries were deleted)',
  'hash-mismatch': 'no longer matches its entry (entries were rewritten and the chain recomputed)',
  'no-key': 'cannot be checked: the service has no checkpoint key',
}

/** What a verification means, in one sentence. */
export function verificationText(v: Verification): string {
  const rows = v.rows.toLocaleString('en-GB')
  const cp = v.checkpoints
  if (v.ok) {
    const signed = cp ? ` and against ${cp.checked.toLocaleString('en-GB')} signed checkpoints kept outside the database` : ''
    return `The audit chain is intact: all ${rows} entries were checked${signed}, and none has been edited or deleted.`
  }
  if (v.firstBroken !== undefined) {
    return `The audit chain is BROKEN: entry ${v.firstBroken} does not match the hash chain, so an entry at or before it was edited or deleted (${rows} entries checked). Tell your data-protection officer.`
  }
  const f = cp?.firstFailed
  const which = f
    ? `checkpoint line ${f.line}${f.id !== null ? ` (entry ${f.id}${f.at ? `, ${f.at}` : ''})` : ''} ${CHECKPOINT_REASONS[f.reason]}`
    : 'a checkpoint does not match'
  return `The audit log FAILED its check against the signed checkpoints: ${which}. The chain itself recomputes, so someone with access to the database may have rewritten it (${rows} entries checked). Tell your data-protection officer.`
}
