import { ApiCallError } from '../../core/api/contract';

/**
 * Slows down guessing: the first few wrong attempts cost nothing extra, then each one makes
 * the next wait twice as long (2 s, 4 s… up to 5 minutes). A right answer clears it. Main
 * keeps the count, so reloading the page or opening another tab does not reset it.
 */
export interface AttemptLimiter {
  /** Throws ERR_WRONG_SECRET, saying how long to wait, while a wait is running. */
  check(): void;
  failed(): void;
  succeeded(): void;
  waitSeconds(): number;
}

const FREE_ATTEMPTS = 3;
const MAX_WAIT_MS = 5 * 60_000;

export function createAttemptLimiter(now: () => number = Date.now): AttemptLimiter {
  let failures = 0;
  let until = 0;
  const waitSeconds = () => Math.max(0, Math.ceil((until - now()) / 1000));
  return {
    check() {
      const wait = waitSeconds();
      if (wait > 0) {
        throw new ApiCallError('ERR_WRONG_SECRET', `Too many wrong attempts. Wait ${wait} second${wait === 1 ? '' : 's'}, then try again.`);
      }
    },
    failed() {
      failures++;
      if (failures > FREE_ATTEMPTS) until = now() + Math.min(MAX_WAIT_MS, 1000 * 2 ** (failures - FREE_ATTEMPTS));
    },
    succeeded() {
      failures = 0;
      until = 0;
    },
    waitSeconds,
  };
}
