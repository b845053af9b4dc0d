import { describe, expect, it } from 'vitest';
import { ERROR_CODES, type ErrorCode } from '../../main/core/contract/errors';
import { countOutcomes, successRate } from '../../renderer/src/features/activity/outcomes';
import { canRetry, isRefusal } from '../../renderer/src/features/inbox/failure-kinds';

/** Failed documents, by their error code: which are refusals (not failures), and where "Try again" can help. */
const failed = (code: ErrorCode) => ({ status: 'failed' as const, error: { code, message: 'm', retryable: false } });

describe('refusals', () => {
  it('are the documents declined for what they are: not a PDF, too large or too many pages, too complex, password protected, not a summary', () => {
    const refusals = ERROR_CODES.filter((c) => isRefusal(c)).sort();
    expect(refusals).toEqual(['ERR_FILE_TOO_LARGE', 'ERR_INVALID_FILE_TYPE', 'ERR_NOT_SCR', 'ERR_PDF_ENCRYPTED', 'ERR_PDF_TOO_COMPLEX']);
    for (const code of ['ERR_PROCESSING', 'ERR_EXTRACTION', 'ERR_AUTH', 'ERR_RATE_LIMIT', 'ERR_PDF_CORRUPT', 'ERR_NO_TEXT'] as const) expect(isRefusal(code), code).toBe(false);
    expect(isRefusal(null)).toBe(false);
  });

  it('are counted on their own: success is read / (read + failed for other reasons)', () => {
    const jobs = [
      { status: 'complete' as const, error: null },
      { status: 'complete' as const, error: null },
      { status: 'complete' as const, error: null },
      failed('ERR_PDF_ENCRYPTED'),
      failed('ERR_NOT_SCR'),
      failed('ERR_NOT_SCR'),
      failed('ERR_PROCESSING'),
      { status: 'cancelled' as const, error: null },
      { status: 'running' as const, error: null },
    ];
    const o = countOutcomes(jobs);
    expect(o).toMatchObject({ complete: 3, refused: 3, failed: 1, cancelled: 1 });
    expect(o.refusedBy).toEqual({ ERR_PDF_ENCRYPTED: 1, ERR_NOT_SCR: 2 });
    expect(successRate(o)).toBe(0.75);
    // Only refusals: nothing failed, every document that could be read was.
    expect(successRate(countOutcomes([{ status: 'complete', error: null }, failed('ERR_INVALID_FILE_TYPE')]))).toBe(1);
    expect(successRate(countOutcomes([]))).toBeNull();
  });
});

describe('Try again', () => {
  it('is not offered where the same file gives the same answer', () => {
    for (const code of ['ERR_PDF_ENCRYPTED', 'ERR_NOT_SCR', 'ERR_INVALID_FILE_TYPE', 'ERR_FILE_TOO_LARGE', 'ERR_PDF_TOO_COMPLEX', 'ERR_PDF_CORRUPT', 'ERR_NO_TEXT'] as const) {
      expect(canRetry(failed(code)), code).toBe(false);
    }
  });

  it('is offered where another try can change the outcome: processing errors and time-outs, the AI service, cancelling', () => {
    for (const code of ['ERR_PROCESSING', 'ERR_EXTRACTION', 'ERR_RATE_LIMIT', 'ERR_AUTH', 'ERR_CANCELLED'] as const) expect(canRetry(failed(code)), code).toBe(true);
    expect(canRetry({ status: 'failed', error: { code: 'ERR_PROCESSING', message: 'm', retryable: true, reason: 'timeout' } })).toBe(true);
    expect(canRetry({ status: 'cancelled', error: null })).toBe(true);
    expect(canRetry({ status: 'failed', error: null })).toBe(true);
  });

  it('is not offered for work that has not failed', () => {
    for (const status of ['queued', 'running', 'complete'] as const) expect(canRetry({ status, error: null }), status).toBe(false);
  });
});
