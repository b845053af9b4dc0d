import type { JobError } from '../contract/errors';

export interface RetryPolicy {
  /** Attempts per job run, the first included. */
  maxAttempts: number;
  /** Backoff before the first retry; doubles each time. */
  baseDelayMs: number;
  /** Ceiling of the backoff (Retry-After may ask for longer and is obeyed). */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 3, baseDelayMs: 1000, maxDelayMs: 60_000 };

/**
 * Exponential backoff with full jitter (a uniformly random wait up to the exponential
 * ceiling), so that documents failing together do not come back together. When the
 * provider said how long to wait, we never come back sooner than that.
 *
 * `failedAttempts` is how many attempts have failed so far (1 after the first failure).
 */
export function backoffDelayMs(
  failedAttempts: number,
  policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>,
  random: () => number,
  retryAfterSeconds?: number,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, failedAttempts - 1));
  const jittered = Math.floor(clamp01(random()) * ceiling);
  const asked = retryAfterSeconds !== undefined && retryAfterSeconds > 0 ? retryAfterSeconds * 1000 : 0;
  return Math.max(jittered, asked);
}

/** Whether a failed attempt is worth another: transient errors, while attempts remain. */
export function shouldRetry(error: JobError, attempts: number, policy: Pick<RetryPolicy, 'maxAttempts'>): boolean {
  return error.retryable && error.code !== 'ERR_CANCELLED' && attempts < policy.maxAttempts;
}

function clamp01(x: number): number {
  if (!Number.isFinite(x) || x < 0) return 0;
  return x >= 1 ? 1 : x;
}
