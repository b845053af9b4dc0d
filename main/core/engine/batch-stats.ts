import type { BatchStats } from '../contract/job';
import type { Now } from './clock';
import type { JobStore } from './job-store';

// Throughput is measured over the last minute, so the ETA follows a provider slowing down.
const WINDOW_MS = 60_000;

/** Counts, documents per second and time to drain, for the batch banner. */
export class BatchStatsTracker {
  private finishes: number[] = [];
  private busySince: number | null = null;

  constructor(
    private readonly store: JobStore,
    private readonly now: Now,
  ) {}

  /** The engine went from idle to busy: throughput counts from here. */
  markBusy(): void {
    this.busySince ??= this.now();
  }

  markIdle(): void {
    this.busySince = null;
  }

  /** A job ended (complete or failed) and left the queue. */
  recordFinish(): void {
    this.finishes.push(this.now());
    this.prune();
  }

  stats(): BatchStats {
    this.prune();
    const s = this.store;
    const queued = s.count('queued');
    const running = s.count('running');
    const now = this.now();
    const windowMs = this.busySince === null ? WINDOW_MS : Math.min(WINDOW_MS, Math.max(1000, now - this.busySince));
    const throughput = this.finishes.length / (windowMs / 1000);
    const remaining = queued + running;
    let etaSeconds: number | null = null;
    if (remaining === 0) etaSeconds = 0;
    else if (throughput > 0) etaSeconds = Math.ceil(remaining / throughput);
    return {
      queued,
      running,
      complete: s.count('complete'),
      failed: s.count('failed'),
      cancelled: s.count('cancelled'),
      total: s.size,
      throughput: Math.round(throughput * 100) / 100,
      etaSeconds,
    };
  }

  private prune(): void {
    const cutoff = this.now() - WINDOW_MS;
    let drop = 0;
    while (drop < this.finishes.length && this.finishes[drop]! < cutoff) drop++;
    if (drop > 0) this.finishes = this.finishes.slice(drop);
  }
}
