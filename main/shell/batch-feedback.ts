import type { ApiEvent } from '../core/api/contract';
import type { BatchStats } from '../core/contract/job';

/**
 * The desktop's batch touches: taskbar progress while documents are being read, and one
 * notification when the pile is done. Counts only: a notification can show on a locked
 * screen, so it never names a patient or a file.
 */
export interface BatchFeedbackPorts {
  /** 0..1 while a batch runs; null to clear the taskbar bar. */
  setProgress(fraction: number | null): void;
  notifyFinished(summary: BatchSummary): void;
}

export interface BatchSummary {
  complete: number;
  failed: number;
  cancelled: number;
}

const finished = (s: BatchStats) => s.complete + s.failed + s.cancelled;

export function createBatchFeedback(ports: BatchFeedbackPorts): (event: ApiEvent) => void {
  // Counters at the start of the current batch: the engine's are for the whole session.
  let start: BatchStats | null = null;

  return (event) => {
    if (event.type !== 'batch') return;
    const s = event.stats;
    const active = s.queued + s.running;
    if (active > 0) {
      // The first event of a batch comes as its first document is queued.
      start ??= { ...s };
      const doneAtStart = finished(start);
      const inBatch = Math.max(1, s.total - doneAtStart);
      const done = Math.max(0, finished(s) - doneAtStart);
      ports.setProgress(Math.min(1, done / inBatch));
      return;
    }
    if (start) {
      const summary: BatchSummary = {
        complete: Math.max(0, s.complete - start.complete),
        failed: Math.max(0, s.failed - start.failed),
        cancelled: Math.max(0, s.cancelled - start.cancelled),
      };
      start = null;
      ports.setProgress(null);
      if (summary.complete + summary.failed + summary.cancelled > 0) ports.notifyFinished(summary);
    }
  };
}

/** "12 documents read: 11 ready to review, 1 could not be read." */
export function describeBatch(s: BatchSummary): { title: string; body: string } {
  const total = s.complete + s.failed + s.cancelled;
  const parts = [`${s.complete} ready to review`];
  if (s.failed) parts.push(`${s.failed} could not be read`);
  if (s.cancelled) parts.push(`${s.cancelled} cancelled`);
  return {
    title: 'SCR Extract: batch finished',
    body: `${total} ${total === 1 ? 'document' : 'documents'} processed: ${parts.join(', ')}.`,
  };
}
