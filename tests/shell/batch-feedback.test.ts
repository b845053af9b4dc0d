import { describe, expect, it } from 'vitest';
import type { BatchStats } from '../../main/core/contract/job';
import { createBatchFeedback, describeBatch, type BatchSummary } from '../../main/shell/batch-feedback';

const stats = (queued: number, running: number, complete: number, failed: number, cancelled = 0): BatchStats => ({
  queued,
  running,
  complete,
  failed,
  cancelled,
  total: queued + running + complete + failed + cancelled,
  throughput: 0,
  etaSeconds: null,
});

describe('batch feedback', () => {
  it('counts progress within the current batch, not the whole session', () => {
    const progress: (number | null)[] = [];
    const done: BatchSummary[] = [];
    const feed = createBatchFeedback({ setProgress: (f) => progress.push(f), notifyFinished: (s) => done.push(s) });
    // An earlier batch: 10 complete.
    feed({ type: 'batch', stats: stats(2, 0, 10, 0) });
    feed({ type: 'batch', stats: stats(0, 1, 11, 0) });
    feed({ type: 'batch', stats: stats(0, 0, 12, 0) });
    expect(done).toEqual([{ complete: 2, failed: 0, cancelled: 0 }]);
    // The next batch of four.
    feed({ type: 'batch', stats: stats(4, 0, 12, 0) });
    feed({ type: 'batch', stats: stats(2, 1, 13, 0) });
    feed({ type: 'batch', stats: stats(0, 0, 14, 1, 1) });
    expect(progress).toEqual([0, 0.5, null, 0, 0.25, null]);
    expect(done[1]).toEqual({ complete: 2, failed: 1, cancelled: 1 });
  });

  it('ignores other events and idle stats', () => {
    const progress: (number | null)[] = [];
    const feed = createBatchFeedback({ setProgress: (f) => progress.push(f), notifyFinished: () => undefined });
    feed({ type: 'removed', jobId: 'x' });
    feed({ type: 'batch', stats: stats(0, 0, 3, 0) });
    expect(progress).toEqual([]);
  });

  it('describes a batch in counts only', () => {
    expect(describeBatch({ complete: 1, failed: 0, cancelled: 0 }).body).toBe('1 document processed: 1 ready to review.');
    expect(describeBatch({ complete: 3, failed: 2, cancelled: 1 }).body).toBe(
      '6 documents processed: 3 ready to review, 2 could not be read, 1 cancelled.',
    );
  });
});
