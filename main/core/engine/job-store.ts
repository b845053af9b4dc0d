import type { JobStatus } from '../contract/job';
import type { JobRecord } from './job-record';

const TERMINAL: ReadonlySet<JobStatus> = new Set(['complete', 'failed', 'cancelled']);

export function isTerminal(status: JobStatus): boolean {
  return TERMINAL.has(status);
}

/**
 * Every job the engine knows, in submission order, with counts per status kept as they
 * change (stats are read many times a second) and the sha256 index used for duplicates.
 */
export class JobStore {
  private readonly records = new Map<string, JobRecord>();
  private readonly counts: Record<JobStatus, number> = { queued: 0, running: 0, complete: 0, failed: 0, cancelled: 0 };
  /** sha256 → the job that owns that document: complete, or in flight. */
  private readonly owners = new Map<string, string>();

  get size(): number {
    return this.records.size;
  }

  has(id: string): boolean {
    return this.records.has(id);
  }

  get(id: string): JobRecord | undefined {
    return this.records.get(id);
  }

  all(): IterableIterator<JobRecord> {
    return this.records.values();
  }

  add(rec: JobRecord): void {
    this.records.set(rec.id, rec);
    this.counts[rec.status]++;
  }

  delete(rec: JobRecord): void {
    if (!this.records.delete(rec.id)) return;
    this.counts[rec.status]--;
    this.releaseOwnership(rec);
  }

  setStatus(rec: JobRecord, status: JobStatus): void {
    if (rec.job.status === status) return;
    this.counts[rec.job.status]--;
    this.counts[status]++;
    rec.job.status = status;
    // A failed or cancelled job no longer owns its document: a new copy may run.
    if (status === 'failed' || status === 'cancelled') this.releaseOwnership(rec);
  }

  count(status: JobStatus): number {
    return this.counts[status];
  }

  /** Queued or running. */
  active(): number {
    return this.counts.queued + this.counts.running;
  }

  /** The complete or in-flight job that already owns this document, if any. */
  ownerOf(sha256: string): JobRecord | undefined {
    const id = this.owners.get(sha256);
    return id === undefined ? undefined : this.records.get(id);
  }

  claim(rec: JobRecord): void {
    if (rec.job.sha256 && !this.owners.has(rec.job.sha256)) this.owners.set(rec.job.sha256, rec.id);
  }

  /** The document's hash became known (or differs from the one the caller gave). */
  setSha(rec: JobRecord, sha256: string): void {
    if (rec.job.sha256 === sha256) return;
    this.releaseOwnership(rec);
    rec.job.sha256 = sha256;
  }

  private releaseOwnership(rec: JobRecord): void {
    const sha = rec.job.sha256;
    if (sha && this.owners.get(sha) === rec.id) this.owners.delete(sha);
  }
}
