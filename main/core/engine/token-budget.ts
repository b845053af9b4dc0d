import { z } from 'zod';
import type { UsageStore } from './types';
import { localDay, nextLocalMidnight, type Now } from './clock';
import { log } from '../log/logger';

const UsageSchema = z.record(z.string().regex(/^\d{4}-\d{2}-\d{2}$/), z.number().nonnegative());

// Enough history for a month's report; older days are dropped on save.
const KEEP_DAYS = 62;

export type BudgetCheck = { ok: true } | { ok: false; until: number } | { ok: false; neverFits: true };

/**
 * The daily token budget, per local day. Tokens of requests in flight are reserved from
 * their estimate, so that five concurrent requests cannot overshoot the budget together;
 * when a request ends the reservation is replaced by what it really used.
 */
export class TokenBudget {
  private usage: Record<string, number>;
  private reserved = 0;

  constructor(
    private readonly dailyLimit: number,
    private readonly now: Now,
    private readonly store?: UsageStore,
  ) {
    this.usage = loadUsage(store);
  }

  get limit(): number {
    return this.dailyLimit;
  }

  usedToday(): number {
    return this.usage[localDay(this.now())] ?? 0;
  }

  /** Whether a request estimated at `tokens` may start now. */
  check(tokens: number): BudgetCheck {
    // A single document bigger than a whole day's budget would wait for ever: say so instead.
    if (tokens > this.dailyLimit) return { ok: false, neverFits: true };
    if (this.usedToday() + this.reserved + tokens > this.dailyLimit) {
      return { ok: false, until: nextLocalMidnight(this.now()) };
    }
    return { ok: true };
  }

  /** True when nothing more can start today, whatever its size. */
  exhausted(): boolean {
    return this.usedToday() + this.reserved >= this.dailyLimit;
  }

  reserve(tokens: number): void {
    this.reserved += tokens;
  }

  /** Ends a reservation; `used` is what the provider reported (0 when the request failed). */
  settle(reservedTokens: number, used: number): void {
    this.reserved = Math.max(0, this.reserved - reservedTokens);
    if (used <= 0) return;
    const day = localDay(this.now());
    this.usage[day] = (this.usage[day] ?? 0) + used;
    this.persist();
  }

  perDay(): Record<string, number> {
    return { ...this.usage };
  }

  private persist(): void {
    if (!this.store) return;
    const days = Object.keys(this.usage).sort();
    for (const d of days.slice(0, Math.max(0, days.length - KEEP_DAYS))) delete this.usage[d];
    try {
      this.store.save({ ...this.usage });
    } catch (err) {
      // Losing a usage save must not fail a document; the in-memory count still holds.
      log.warn('engine: token usage not saved', { error: (err as Error).name });
    }
  }
}

function loadUsage(store: UsageStore | undefined): Record<string, number> {
  if (!store) return {};
  try {
    const parsed = UsageSchema.safeParse(store.load());
    if (parsed.success) return { ...parsed.data };
    log.warn('engine: stored token usage ignored (unexpected shape)');
  } catch (err) {
    log.warn('engine: stored token usage unreadable', { error: (err as Error).name });
  }
  return {};
}
