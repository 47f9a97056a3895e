/** The kinds of located event a referral records (no browser code: the server's golden tests read it too). */
export const LOCATION_KINDS = ['home', 'incident', 'school', 'hangout', 'relocation_from', 'relocation_to'] as const
export type LocationKind = (typeof LOCATION_KINDS)[number]
