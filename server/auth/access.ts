import { ROLES, type Role } from './actor.js'

/** Route access declarations (config.access), named once so the matrix reads plainly. */
export const PUBLIC = 'public' as const
export const EVERYONE: readonly Role[] = ROLES
export const CASEWORK: readonly Role[] = ['lead', 'caseworker']
export const LEADS: readonly Role[] = ['lead']
export const ADMINS: readonly Role[] = ['admin']
