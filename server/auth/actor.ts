/** Roles of SPEC.md "Who uses it". */
export const ROLES = ['caseworker', 'lead', 'commissioner', 'partner', 'admin'] as const
export type Role = (typeof ROLES)[number]

/**
 * Who is acting: every repository function that reads or writes referral data takes one, so the
 * access-control layer (sessions, row-level security) can enforce it without changing signatures.
 */
export interface Actor {
  userId: string | null
  organisationId: string
  role: Role
  /** Boroughs a commissioner or partner is scoped to; null = not scoped. */
  boroughs: string[] | null
}
