/** The roles people and partner tokens act in (docs/accounts.md). */
export const ROLES = ['caseworker', 'lead', 'commissioner', 'partner', 'admin'] as const
export type Role = (typeof ROLES)[number]

/**
 * Who is acting: every repository function that reads or writes referral data takes one, and runs
 * inside `withActor` (server/db/scoped.ts), which hands the same facts to row-level security.
 */
export interface Actor {
  userId: string | null
  organisationId: string
  role: Role
  /** Boroughs a commissioner or partner is scoped to; null = not scoped. */
  boroughs: string[] | null
  /** The data-sharing agreement a partner acts under (a token's); null = their newest valid one. */
  agreementId?: string | null
}
