import { describe, expect, it } from 'vitest';
import { MemoryGuard } from '../../main/core/pipeline/memory-guard';

describe('MemoryGuard', () => {
  it('stops the longest-running document when memory grows past the allowance, and only that one', async () => {
    let rss = 100;
    const guard = new MemoryGuard({ allowanceBytes: 50, rss: () => rss, intervalMs: 60_000 });
    const first = new AbortController();
    const unwatchFirst = guard.watch(first);
    await new Promise((r) => setTimeout(r, 5));
    const second = new AbortController();
    const unwatchSecond = guard.watch(second);
    rss = 140;
    guard.check();
    expect(first.signal.aborted).toBe(false);
    rss = 200;
    guard.check();
    expect(first.signal.aborted).toBe(true);
    expect(first.signal.reason).toMatchObject({ code: 'ERR_PDF_TOO_COMPLEX', reason: 'memory-ceiling', retryable: false });
    expect(second.signal.aborted).toBe(false);
    unwatchFirst();
    unwatchSecond();
  });

  it('measures growth from when the document started, not the app memory before it', () => {
    let rss = 10_000;
    const guard = new MemoryGuard({ allowanceBytes: 50, rss: () => rss, intervalMs: 60_000 });
    const c = new AbortController();
    const unwatch = guard.watch(c);
    rss = 10_040;
    guard.check();
    expect(c.signal.aborted).toBe(false);
    unwatch();
  });
});
