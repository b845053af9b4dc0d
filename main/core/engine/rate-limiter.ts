import type { Now } from './clock';

const HOUR_MS = 3_600_000;

/**
 * Requests per hour per provider, as a sliding window: no more than `perHour` requests
 * in any rolling hour, so a burst at the top of the hour cannot double the allowance.
 */
export class HourlyRateLimiter {
  private readonly sent = new Map<string, number[]>();

  constructor(
    private readonly perHour: number,
    private readonly now: Now,
  ) {}

  /** Null when a request may go now; otherwise when the next one may. */
  blockedUntil(providerId: string): number | null {
    const times = this.window(providerId);
    if (times.length < this.perHour) return null;
    return times[times.length - this.perHour]! + HOUR_MS;
  }

  record(providerId: string): void {
    this.window(providerId).push(this.now());
  }

  private window(providerId: string): number[] {
    let times = this.sent.get(providerId);
    if (!times) {
      times = [];
      this.sent.set(providerId, times);
    }
    const cutoff = this.now() - HOUR_MS;
    let drop = 0;
    while (drop < times.length && times[drop]! <= cutoff) drop++;
    if (drop > 0) times.splice(0, drop);
    return times;
  }
}
