import { afterEach, describe, expect, it, vi } from 'vitest';
import { CircuitBreaker } from '../../main/core/engine/circuit-breaker';
import { formatWait, localDay, nextLocalMidnight } from '../../main/core/engine/clock';
import { engineStateFor } from '../../main/core/engine/engine-state';
import { EngineMetricsRecorder, percentile } from '../../main/core/engine/metrics';
import { HourlyRateLimiter } from '../../main/core/engine/rate-limiter';
import { RankedLine } from '../../main/core/engine/ranked-line';
import { backoffDelayMs, shouldRetry } from '../../main/core/engine/retry-policy';
import { KeyedThrottle } from '../../main/core/engine/throttle';
import { TokenBudget } from '../../main/core/engine/token-budget';
import type { Job } from '../../main/core/contract/job';
import { manualClock } from './helpers/harness';

const policy = { baseDelayMs: 1000, maxDelayMs: 8000 };

describe('retry policy', () => {
  it('backs off exponentially with full jitter under a ceiling', () => {
    expect(backoffDelayMs(1, policy, () => 0.999999)).toBe(999);
    expect(backoffDelayMs(2, policy, () => 0.999999)).toBe(1999);
    expect(backoffDelayMs(3, policy, () => 0.999999)).toBe(3999);
    expect(backoffDelayMs(6, policy, () => 0.999999)).toBe(7999);
    // Full jitter: anywhere from zero up to the ceiling.
    expect(backoffDelayMs(3, policy, () => 0)).toBe(0);
    expect(backoffDelayMs(3, policy, () => 0.5)).toBe(2000);
  });

  it('never comes back sooner than Retry-After, even past the ceiling', () => {
    expect(backoffDelayMs(1, policy, () => 0, 1)).toBe(1000);
    expect(backoffDelayMs(1, policy, () => 0.999, 30)).toBe(30_000);
    expect(backoffDelayMs(3, policy, () => 0.999999, 1)).toBe(3999);
  });

  it('retries transient errors only, and only while attempts remain', () => {
    const transient = { code: 'ERR_PROCESSING' as const, message: 'x', retryable: true };
    const permanent = { code: 'ERR_AUTH' as const, message: 'x', retryable: false };
    expect(shouldRetry(transient, 1, { maxAttempts: 3 })).toBe(true);
    expect(shouldRetry(transient, 2, { maxAttempts: 3 })).toBe(true);
    expect(shouldRetry(transient, 3, { maxAttempts: 3 })).toBe(false);
    expect(shouldRetry(permanent, 1, { maxAttempts: 3 })).toBe(false);
  });
});

describe('circuit breaker', () => {
  it('opens after N consecutive failures, probes after the cooldown, closes on success', () => {
    const clock = manualClock();
    const b = new CircuitBreaker({ failureThreshold: 3, cooldownMs: 40_000 }, clock.now);
    b.recordFailure();
    b.recordFailure();
    b.recordSuccess();
    b.recordFailure();
    b.recordFailure();
    expect(b.state).toBe('closed');
    expect(b.recordFailure()).toBe(true);
    expect(b.state).toBe('open');
    expect(b.nextTryAt).toBe(clock.now() + 40_000);
    expect(b.probeDue()).toBe(false);
    clock.advance(40_000);
    expect(b.probeDue()).toBe(true);
    b.beginProbe();
    expect(b.state).toBe('half-open');
    b.probeFailed();
    expect(b.state).toBe('open');
    expect(b.nextTryAt).toBe(clock.now() + 40_000);
    clock.advance(40_000);
    b.beginProbe();
    b.probeSucceeded();
    expect(b.state).toBe('closed');
    expect(b.consecutiveFailures).toBe(0);
  });
});

describe('token budget', () => {
  it('reserves in-flight estimates, counts real usage per local day, and resets at midnight', () => {
    const clock = manualClock(new Date(2025, 2, 14, 23, 0, 0).getTime());
    const saved: Record<string, number>[] = [];
    const budget = new TokenBudget(1000, clock.now, { load: () => ({ '2025-03-13': 700 }), save: (u) => saved.push(u) });
    expect(budget.check(600)).toEqual({ ok: true });
    budget.reserve(600);
    // Two requests together may not overshoot: the reservation counts.
    expect(budget.check(600)).toEqual({ ok: false, until: nextLocalMidnight(clock.now()) });
    budget.settle(600, 450);
    expect(budget.usedToday()).toBe(450);
    expect(budget.check(600)).toEqual({ ok: false, until: new Date(2025, 2, 15).getTime() });
    expect(budget.check(1001)).toEqual({ ok: false, neverFits: true });
    expect(saved.at(-1)).toEqual({ '2025-03-13': 700, '2025-03-14': 450 });
    clock.advance(60 * 60 * 1000);
    expect(budget.usedToday()).toBe(0);
    expect(budget.check(600)).toEqual({ ok: true });
    expect(budget.perDay()).toEqual({ '2025-03-13': 700, '2025-03-14': 450 });
  });

  it('ignores a stored usage file of the wrong shape', () => {
    const budget = new TokenBudget(10, Date.now, { load: () => ({ today: 'lots' }) as never, save: () => undefined });
    expect(budget.perDay()).toEqual({});
  });
});

describe('hourly rate limiter', () => {
  it('allows N requests in any rolling hour per provider', () => {
    const clock = manualClock();
    const limiter = new HourlyRateLimiter(2, clock.now);
    const t0 = clock.now();
    limiter.record('a');
    clock.advance(10 * 60_000);
    limiter.record('a');
    expect(limiter.blockedUntil('a')).toBe(t0 + 3_600_000);
    expect(limiter.blockedUntil('b')).toBeNull();
    clock.set(t0 + 3_600_000);
    expect(limiter.blockedUntil('a')).toBeNull();
  });
});

describe('keyed throttle', () => {
  afterEach(() => vi.useRealTimers());

  it('emits at most once per interval per key, coalescing to the latest, and urgent ones at once', () => {
    vi.useFakeTimers({ now: 0 });
    const emitted: [string, number][] = [];
    const throttle = new KeyedThrottle(100, Date.now, (key) => emitted.push([key, Date.now()]));
    throttle.notify('a');
    throttle.notify('b');
    for (let i = 0; i < 50; i++) {
      vi.advanceTimersByTime(5);
      throttle.notify('a');
    }
    // 250 ms of updates every 5 ms: the first at once, then one per 100 ms.
    vi.advanceTimersByTime(200);
    const times = emitted.filter(([k]) => k === 'a').map(([, t]) => t);
    expect(times.length).toBeGreaterThanOrEqual(3);
    expect(times.length).toBeLessThanOrEqual(4);
    // The last update is never lost: a trailing emission carries it.
    expect(times.at(-1)).toBeGreaterThanOrEqual(250);
    // Keys are throttled separately.
    expect(emitted.filter(([k]) => k === 'b')).toHaveLength(1);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(100);
    // An urgent update (a status change) is not held back.
    const before = emitted.length;
    throttle.notify('a');
    throttle.notify('a');
    expect(emitted.length).toBe(before + 1);
    throttle.notify('a', true);
    expect(emitted.length).toBe(before + 2);
    // The urgent one carried the latest state: the held-back one is dropped.
    vi.advanceTimersByTime(500);
    expect(emitted.length).toBe(before + 2);
    throttle.clear();
  });
});

describe('metrics', () => {
  it('computes nearest-rank percentiles', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 95)).toBe(95);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile([], 50)).toBe(0);
  });

  it('keeps per-step percentiles, success rate and a histogram', () => {
    const m = new EngineMetricsRecorder();
    for (let i = 1; i <= 10; i++) m.recordComplete({ stepMs: { reading: i * 10, classifying: 1 } } as Job, i * 100);
    m.recordFailed();
    const snap = m.snapshot({ '2025-03-14': 42 });
    expect(snap.steps.reading).toEqual({ p50: 50, p95: 100, p99: 100, count: 10 });
    expect(snap.steps.total?.p50).toBe(500);
    expect(snap.successRate).toBeCloseTo(10 / 11);
    expect(snap.tokensPerDay).toEqual({ '2025-03-14': 42 });
    expect(snap.histogram.reduce((n, b) => n + b.count, 0)).toBe(10);
    expect(snap.histogram.find((b) => b.upToMs === 250)?.count).toBe(2);
    expect(JSON.parse(JSON.stringify(snap.histogram))).toEqual(snap.histogram);
  });
});

describe('ranked waiting line', () => {
  it('serves higher ranks first and equal ranks in arrival order, across compactions', () => {
    const line = new RankedLine<string>();
    for (let i = 0; i < 3000; i++) line.push(`n${i}`, -i);
    const served: string[] = [];
    for (let i = 0; i < 1500; i++) served.push(line.shift()!.value);
    line.push('p1', 1e12 + 1);
    line.push('p1b', 1e12 + 1);
    line.push('p2', 1e12 + 2);
    expect([line.shift()!.value, line.shift()!.value, line.shift()!.value]).toEqual(['p2', 'p1', 'p1b']);
    expect(line.shift()!.value).toBe('n1500');
    expect(served.slice(0, 3)).toEqual(['n0', 'n1', 'n2']);
    expect(line.size).toBe(1499);
    line.clear();
    expect(line.shift()).toBeUndefined();
  });
});

describe('clock and state words', () => {
  it('names local days and waits in plain words', () => {
    expect(localDay(new Date(2025, 0, 5, 23, 59).getTime())).toBe('2025-01-05');
    expect(formatWait(40_000)).toBe('40 s');
    expect(formatWait(12 * 60_000)).toBe('12 min');
    const now = 1_000_000;
    expect(engineStateFor({ reason: 'provider-unreachable', until: now + 40_000, probing: false }, now).message).toBe(
      'paused: provider unreachable, next try in 40 s',
    );
    expect(engineStateFor({ reason: 'token-budget', until: now + 5 }, now)).toMatchObject({
      state: 'paused',
      reason: 'token-budget',
      message: 'paused: daily token budget reached',
    });
    expect(engineStateFor(null, now).state).toBe('running');
  });
});
