import { ROLES, type Role } from './actor.js'

/** Route access declarations (config.access), named once so the matrix reads plainly. */
export const PUBLIC = 'public' as const
export const EVERYONE: readonly Role[] = ROLES
export const CASEWORK: readonly Role[] = ['lead', 'caseworker']
export const LEADS: readonly Role[] = ['lead']
export const ADMINS: readonly Role[] = ['admin']
/** Every role that reads counts: never admins, who manage accounts and do not read casework or counts. */
export const COUNTING: readonly Role[] = ['lead', 'caseworker', 'commissioner', 'partner']
/** Roles that read referral points: exact for casework roles, generalised for partners (never commissioners). */
export const POINT_READERS: readonly Role[] = ['lead', 'caseworker', 'partner']
/** Roles that read the funding report: the lead of the organisation and those who fund or partner it. */
export const FUNDING_READERS: readonly Role[] = ['lead', 'commissioner', 'partner']
