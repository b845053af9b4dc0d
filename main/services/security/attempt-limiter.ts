import { ApiCallError } from '../../core/api/contract';

/**
 * Slows down guessing: the first few wrong attempts cost nothing extra, then each one makes
 * the next wait twice as long (2 s, 4 s… up to 5 minutes). A right answer clears it. Main
 * keeps the count, so reloading the page or opening another tab does not reset it.
 *
 * Guesses are checked one at a time, and each is counted as wrong before its slow key
 * derivation starts (a right answer then clears it). Checking the wait first and counting
 * after let guesses sent in parallel all pass the check while the first was still deriving:
 * 40 at once were all tried (issue 13).
 */
export interface AttemptLimiter {
  /**
   * Runs one guess. Refused with ERR_WRONG_SECRET, without calling `verify`, while a wait
   * is running or another guess is being checked. `verify` resolves what the right answer
   * opens, or null for a wrong one; that is passed back.
   */
  attempt<T>(verify: () => Promise<T | null>): Promise<T | null>;
  waitSeconds(): number;
}

const FREE_ATTEMPTS = 3;
const MAX_WAIT_MS = 5 * 60_000;

export function createAttemptLimiter(now: () => number = Date.now): AttemptLimiter {
  let failures = 0;
  let until = 0;
  let busy = false;
  const waitSeconds = () => Math.max(0, Math.ceil((until - now()) / 1000));

  function countFailure(): void {
    failures++;
    if (failures > FREE_ATTEMPTS) until = now() + Math.min(MAX_WAIT_MS, 1000 * 2 ** (failures - FREE_ATTEMPTS));
  }

  return {
    async attempt(verify) {
      if (busy) {
        throw new ApiCallError('ERR_WRONG_SECRET', 'Another attempt is being checked. Wait a moment, then try again.');
      }
      const wait = waitSeconds();
      if (wait > 0) {
        throw new ApiCallError('ERR_WRONG_SECRET', `Too many wrong attempts. Wait ${wait} second${wait === 1 ? '' : 's'}, then try again.`);
      }
      busy = true;
      // Reserved before the slow part: a guess that never finishes (a crash, a stop) still counts.
      const before = { failures, until };
      countFailure();
      try {
        const opened = await verify();
        if (opened !== null) {
          failures = 0;
          until = 0;
        }
        return opened;
      } catch (err) {
        // The check itself failed (not a wrong answer): give the attempt back.
        ({ failures, until } = before);
        throw err;
      } finally {
        busy = false;
      }
    },
    waitSeconds,
  };
}
