/**
 * The counts the database keeps per referral at write time (hex tiles: migrations 0012 and 0023;
 * borough counts and flows: migration 0033) are refreshed by statement triggers. A transaction that
 * writes many referrals in several statements (an import, the demo data) turns the triggers into
 * notes of the referrals touched, and refreshes them once, set-based, before it commits.
 */

/** A select-list item: the kept counts' triggers only note the referrals touched, for the rest of the transaction. */
export const DEFER_KEPT_COUNTS = "set_config('crossborough.defer_hex', 'on', true)"

/** Refreshes the kept counts of every referral noted since DEFER_KEPT_COUNTS (and ends the deferral). */
export const REFRESH_KEPT_COUNTS = 'select tile_hex_refresh_touched(), stats_kept_refresh_touched()'
