import { hashPassword, verifyPassword } from '../server/auth/passwords.js'

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

/** `npm run bench -- argon2`: what one sign-in costs (argon2id hash and verify), median of 7 each. */
export async function run(): Promise<void> {
  const hashes: number[] = []
  const verifies: number[] = []
  let stored = ''
  for (let i = 0; i < 7; i++) {
    const t = performance.now()
    stored = await hashPassword('correct horse battery staple')
    hashes.push(performance.now() - t)
  }
  for (let i = 0; i < 7; i++) {
    const t = performance.now()
    if (!(await verifyPassword(stored, 'correct horse battery staple'))) throw new Error('verify failed')
    verifies.push(performance.now() - t)
  }
  console.log(`argon2id (${stored.split('$')[3]}): hash median ${median(hashes).toFixed(1)} ms, verify median ${median(verifies).toFixed(1)} ms`)
}
