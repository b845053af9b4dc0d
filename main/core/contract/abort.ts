import { AppError } from './errors';

/**
 * What an aborted signal means for a job, as an AppError: cancelled by staff, over its
 * time budget, or stopped for another reason the aborter put in the signal. Shared by the
 * pools, OCR and the engine, so that each of them reports an abort the same way.
 */
export function abortReason(signal: AbortSignal): AppError {
  const r = signal.reason as unknown;
  if (r instanceof AppError) return r;
  if ((r as { name?: string } | undefined)?.name === 'TimeoutError') return timeBudgetError();
  return new AppError('ERR_CANCELLED');
}

/** The per-document time budget ran out: permanent, since the same file would run out again. */
export function timeBudgetError(): AppError {
  return new AppError('ERR_PROCESSING', {
    reason: 'time-budget',
    retryable: false,
    message: 'This PDF took too long to read and was stopped. Ask the sender for a simpler copy.',
  });
}
