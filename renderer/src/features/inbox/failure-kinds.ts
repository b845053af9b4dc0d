import type { Job } from '../../core';
import type { ErrorCode } from '../../../../main/core/contract/errors';

/**
 * What a failed document's error code means for staff, decided by the code alone (see
 * main/core/contract/errors.ts and ../shared/README.md's error codes).
 *
 * A refusal is the app declining a document for what it is: not a PDF, too large or too
 * many pages, too complex to read safely, password protected, or not a patient summary.
 * Nothing went wrong, so refusals are not failures in the success rate.
 */
const REFUSALS: ReadonlySet<ErrorCode> = new Set(['ERR_INVALID_FILE_TYPE', 'ERR_FILE_TOO_LARGE', 'ERR_PDF_TOO_COMPLEX', 'ERR_PDF_ENCRYPTED', 'ERR_NOT_SCR']);

/**
 * Outcomes fixed by the file's own bytes: the same file gives the same answer however often
 * it is tried (refusals, a damaged PDF, a scan with no text). Everything else (processing
 * errors and time-outs, the AI service's errors, limits, a refused key once fixed,
 * cancelling) can turn out differently next time.
 */
const SAME_EVERY_TIME: ReadonlySet<ErrorCode> = new Set([...REFUSALS, 'ERR_PDF_CORRUPT', 'ERR_NO_TEXT']);

export function isRefusal(code: ErrorCode | null | undefined): boolean {
  return !!code && REFUSALS.has(code);
}

/** Whether "Try again" is worth offering for this job: only where another try can change the outcome. */
export function canRetry(job: Pick<Job, 'status' | 'error'>): boolean {
  if (job.status === 'cancelled') return true;
  if (job.status !== 'failed') return false;
  return !job.error || !SAME_EVERY_TIME.has(job.error.code);
}
