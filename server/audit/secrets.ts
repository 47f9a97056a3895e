import { createHmac, randomBytes } from 'node:crypto'
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Config } from '../config.js'

/**
 * The service's secrets that the database must not hold:
 *  - `checkpointKey`: the HMAC key of the audit checkpoints (server/audit/checkpoint.ts). From
 *    AUDIT_CHECKPOINT_KEY, or else the key file `DATA_DIR/audit-checkpoint.key` (64 hex characters,
 *    created with mode 0600 on the first start that may create it).
 *  - `cursor`: the HMAC secret of list cursors. From CURSOR_SECRET, or else derived from the
 *    checkpoint key, or else (nothing configured, no key file: tests, a read-only start) random for
 *    this process — cursors it issued then fail after a restart (400, start again).
 * Several instances behind one load balancer must share both: set AUDIT_CHECKPOINT_KEY (and, if
 * you like, CURSOR_SECRET) to the same values on every instance.
 */
export interface Secrets {
  checkpointKey: Buffer | null
  keySource: 'env' | 'file' | 'none'
  /** Where the key file is (or would be). */
  keyFile: string
  cursor: Buffer
  cursorSource: 'env' | 'derived' | 'ephemeral'
}

export const KEY_FILE_NAME = 'audit-checkpoint.key'

const readKeyFile = (path: string): Buffer | null => {
  let text: string
  try {
    text = readFileSync(path, 'utf8').trim()
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw new Error(`cannot read the audit checkpoint key file ${path}: ${(err as Error).message}`)
  }
  if (!/^[0-9a-f]{64}$/.test(text)) throw new Error(`the audit checkpoint key file ${path} does not hold 64 hex characters`)
  return Buffer.from(text, 'utf8')
}

/**
 * Resolves the secrets. `generate`: create the key file when there is neither a configured key nor
 * a key file (the service at start-up); otherwise a missing key stays missing (CLI, tests).
 */
export function resolveSecrets(config: Config, { generate }: { generate: boolean }): Secrets {
  const keyFile = join(config.dataDir, KEY_FILE_NAME)
  let checkpointKey: Buffer | null = null
  let keySource: Secrets['keySource'] = 'none'
  if (config.auditCheckpoint.key) {
    checkpointKey = Buffer.from(config.auditCheckpoint.key, 'utf8')
    keySource = 'env'
  } else {
    checkpointKey = readKeyFile(keyFile)
    if (!checkpointKey && generate) {
      mkdirSync(config.dataDir, { recursive: true })
      const hex = randomBytes(32).toString('hex')
      // 'wx': never overwrite a key another process has just written.
      try {
        writeFileSync(keyFile, `${hex}\n`, { mode: 0o600, flag: 'wx' })
        chmodSync(keyFile, 0o600)
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST')
          throw new Error(`cannot create the audit checkpoint key file ${keyFile}: ${(err as Error).message}`)
      }
      checkpointKey = readKeyFile(keyFile)
    }
    if (checkpointKey) keySource = 'file'
  }
  let cursor: Buffer
  let cursorSource: Secrets['cursorSource']
  if (config.cursorSecret) {
    cursor = Buffer.from(config.cursorSecret, 'utf8')
    cursorSource = 'env'
  } else if (checkpointKey) {
    cursor = createHmac('sha256', checkpointKey).update('crossborough list cursor v1').digest()
    cursorSource = 'derived'
  } else {
    cursor = randomBytes(32)
    cursorSource = 'ephemeral'
  }
  return { checkpointKey, keySource, keyFile, cursor, cursorSource }
}
