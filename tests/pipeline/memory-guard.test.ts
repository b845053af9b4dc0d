import { describe, expect, it } from 'vitest';
import { MemoryGuard, type Watch } from '../../main/core/pipeline/memory-guard';

function started(w: Watch): () => void {
  w.start();
  return w.stop;
}

describe('MemoryGuard', () => {
  it('does not count a document until its worker has begun it', () => {
    let rss = 100;
    let clock = 0;
    const guard = new MemoryGuard({ allowanceBytes: 50, rss: () => rss, now: () => clock, intervalMs: 60_000, minAgeMs: 1000 });
    const c = new AbortController();
    const w = guard.watch(c);
    clock = 5000;
    rss = 10_000; // a new worker loading pdfjs, say
    guard.check();
    expect(c.signal.aborted).toBe(false);
    w.start();
    clock = 7000;
    rss = 10_040;
    guard.check();
    expect(c.signal.aborted).toBe(false);
    w.stop();
  });

  it('stops the longest-running document when memory grows past the allowance, and only that one', () => {
    let rss = 100;
    let clock = 0;
    const guard = new MemoryGuard({ allowanceBytes: 50, rss: () => rss, now: () => clock, intervalMs: 60_000, minAgeMs: 1000 });
    const first = new AbortController();
    const unwatchFirst = started(guard.watch(first));
    clock = 10;
    const second = new AbortController();
    const unwatchSecond = started(guard.watch(second));
    clock = 2000;
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

  it('does not blame a document while memory holds still: only a runaway keeps growing', () => {
    let rss = 100;
    let clock = 0;
    const guard = new MemoryGuard({ allowanceBytes: 50, rss: () => rss, now: () => clock, intervalMs: 60_000, minAgeMs: 1000 });
    const c = new AbortController();
    const unwatch = started(guard.watch(c));
    rss = 500; // OCR threads loaded, then nothing more
    guard.check();
    clock = 2000;
    guard.check();
    expect(c.signal.aborted).toBe(false);
    rss = 600;
    guard.check();
    expect(c.signal.aborted).toBe(true);
    unwatch();
  });

  it('measures growth from when the document started, not the app memory before it', () => {
    let rss = 10_000;
    let clock = 0;
    const guard = new MemoryGuard({ allowanceBytes: 50, rss: () => rss, now: () => clock, intervalMs: 60_000, minAgeMs: 1000 });
    const c = new AbortController();
    const unwatch = started(guard.watch(c));
    clock = 5000;
    rss = 10_040;
    guard.check();
    expect(c.signal.aborted).toBe(false);
    unwatch();
  });

  it('does not blame a document that has only just started, whatever memory did meanwhile', () => {
    let rss = 100;
    let clock = 0;
    const guard = new MemoryGuard({ allowanceBytes: 50, rss: () => rss, now: () => clock, intervalMs: 60_000, minAgeMs: 1000 });
    const c = new AbortController();
    const unwatch = started(guard.watch(c));
    clock = 500;
    rss = 10_000;
    guard.check();
    expect(c.signal.aborted).toBe(false);
    clock = 1500;
    rss = 10_001;
    guard.check();
    expect(c.signal.aborted).toBe(true);
    unwatch();
  });
});
