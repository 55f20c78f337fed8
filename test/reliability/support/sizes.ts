/**
 * One switch for the reliability specs: `npm test` runs them small (each well under a minute
 * on two cores), `npm run test:soak` sets SOAK=1 and runs them large.
 */
export const SOAK = process.env.SOAK === '1';

/** The small size for `npm test`, the large one for the soak. */
export const bySize = <T>(small: T, soak: T): T => (SOAK ? soak : small);

/** Per-spec ceiling: generous for the small run, room for the soak sizes. */
export const SPEC_TIMEOUT_MS = bySize(120_000, 900_000);
