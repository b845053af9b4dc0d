import type { Now } from './clock';

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerOptions {
  /** Consecutive provider failures that open the breaker. */
  failureThreshold: number;
  /** How long provider work pauses before a probe. */
  cooldownMs: number;
}

export const DEFAULT_BREAKER: BreakerOptions = { failureThreshold: 5, cooldownMs: 30_000 };

/**
 * Counts consecutive provider failures (network, timeouts, 5xx). Open: provider-bound
 * work waits and nothing is sent. After the cooldown one probe is allowed (half-open):
 * its success closes the breaker, its failure opens it for another cooldown.
 */
export class CircuitBreaker {
  private consecutive = 0;
  private current: BreakerState = 'closed';
  private retryAt: number | null = null;

  constructor(
    private readonly opts: BreakerOptions,
    private readonly now: Now,
  ) {}

  get state(): BreakerState {
    return this.current;
  }

  /** When the next probe is due, while open. */
  get nextTryAt(): number | null {
    return this.retryAt;
  }

  get consecutiveFailures(): number {
    return this.consecutive;
  }

  /** A provider answer that proves it is reachable (any answer other than a failure). */
  recordSuccess(): void {
    this.consecutive = 0;
  }

  /** Returns true when this failure opened the breaker. */
  recordFailure(): boolean {
    this.consecutive++;
    if (this.current === 'closed' && this.consecutive >= this.opts.failureThreshold) {
      this.open();
      return true;
    }
    return false;
  }

  /** Open and due for a probe. */
  probeDue(): boolean {
    return this.current === 'open' && this.retryAt !== null && this.now() >= this.retryAt;
  }

  beginProbe(): void {
    this.current = 'half-open';
  }

  probeSucceeded(): void {
    this.current = 'closed';
    this.consecutive = 0;
    this.retryAt = null;
  }

  probeFailed(): void {
    this.open();
  }

  /** A different provider (or key) starts with a clean slate. */
  reset(): void {
    this.current = 'closed';
    this.consecutive = 0;
    this.retryAt = null;
  }

  private open(): void {
    this.current = 'open';
    this.retryAt = this.now() + this.opts.cooldownMs;
  }
}
