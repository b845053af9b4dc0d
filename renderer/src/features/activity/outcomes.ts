import type { Job } from '../../core';
import type { ErrorCode } from '../../../../main/core/contract/errors';
import { isRefusal } from '../inbox/failure-kinds';

/** How the documents here have ended: read, refused for what they are, failed for other reasons, cancelled. */
export interface Outcomes {
  complete: number;
  /** Declined for what the file is (isRefusal): counted on their own, not as failures. */
  refused: number;
  /** Failed for any other reason. */
  failed: number;
  cancelled: number;
  refusedBy: Partial<Record<ErrorCode, number>>;
}

export function countOutcomes(jobs: Iterable<Pick<Job, 'status' | 'error'>>): Outcomes {
  const out: Outcomes = { complete: 0, refused: 0, failed: 0, cancelled: 0, refusedBy: {} };
  for (const job of jobs) {
    if (job.status === 'complete') out.complete++;
    else if (job.status === 'cancelled') out.cancelled++;
    else if (job.status === 'failed') {
      const code = job.error?.code;
      if (code && isRefusal(code)) {
        out.refused++;
        out.refusedBy[code] = (out.refusedBy[code] ?? 0) + 1;
      } else out.failed++;
    }
  }
  return out;
}

/** complete / (complete + failed for reasons other than a refusal); null before anything has finished. */
export function successRate(o: Pick<Outcomes, 'complete' | 'failed'>): number | null {
  const finished = o.complete + o.failed;
  return finished === 0 ? null : o.complete / finished;
}
