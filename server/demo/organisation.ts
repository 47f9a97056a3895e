/** The organisation demo mode and `npm run demo:generate` load synthetic referrals into. */
export const DEMO_ORGANISATION = 'Southside Youth Partnership (synthetic demo)'
