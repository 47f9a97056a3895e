import { ProblemError } from '../api.js'
import { api, setCsrfToken } from '../http.js'
import type { Me, Role } from '../panels/registry.js'

/** How each role is named on screen. */
export const ROLE_NAMES: Record<Role, string> = {
  lead: 'Project lead',
  caseworker: 'Caseworker',
  commissioner: 'Commissioner',
  partner: 'Partner',
  admin: 'Administrator',
}

/** The signed-in user, or null when there is no session (401). */
export async function currentUser(): Promise<Me | null> {
  try {
    const me = await api<Me>('/me')
    setCsrfToken(me.csrfToken)
    return me
  } catch (e) {
    if (e instanceof ProblemError && e.status === 401) return null
    throw e
  }
}

/** Signs in; the session cookie is set by the answer and the CSRF token kept for later writes. */
export async function signIn(email: string, password: string): Promise<Me> {
  const me = await api<Me>('/session', { method: 'POST', body: { email, password } })
  setCsrfToken(me.csrfToken)
  return me
}

/** Ends the session (an already-ended one is fine) and forgets the CSRF token. */
export async function signOut(): Promise<void> {
  try {
    await api<void>('/session', { method: 'DELETE' })
  } catch (e) {
    if (!(e instanceof ProblemError && e.status === 401)) throw e
  } finally {
    setCsrfToken(null)
  }
}

/** What to tell someone whose sign-in was refused, by the problem's status. */
export function signInProblem(e: unknown): string {
  if (!(e instanceof ProblemError)) return `Sign-in failed: ${String(e)}`
  switch (e.status) {
    case 401:
      return 'That email and password do not match an account. Check both and try again.'
    case 423:
      return `This account is locked after too many failed attempts. ${e.detail} Ask your administrator to unlock it, or wait and try again.`
    case 429:
      return `Too many sign-in attempts from this computer. ${e.detail}`
    case 400:
      return `Check the form: ${e.detail}`
    case 0:
      return e.detail
    default:
      return `Sign-in failed (${e.status}): ${e.detail}`
  }
}
