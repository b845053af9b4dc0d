import type { ExtractionResult } from '../core/contract/extraction';
import { ERROR_MESSAGES, type JobError } from '../core/contract/errors';
import type { Job } from '../core/contract/job';
import type { OutputLine } from './jsonl-journal';

/**
 * One line of the --json output, as ../shared/README.md specifies: file, status, record,
 * error, plus what staff and tools need besides (provenance, confidence, warnings, timings).
 */
export function outputLine(file: string, job: Job, result: ExtractionResult | null): OutputLine {
  if (job.status === 'complete' && result) {
    return {
      file,
      status: 'complete',
      record: result.record,
      error: null,
      flags: result.flags.map((f) => ({ path: f.path, reason: f.reason, code: f.code })),
      sha256: job.sha256 || null,
      pages: job.pages,
      extractor: result.extractor,
      layout: result.layout,
      warnings: result.warnings,
      sections: result.sections,
      confidence: result.confidence,
      provenance: result.provenance,
      timingsMs: job.stepMs,
      usage: job.usage,
      duplicateOf: job.duplicateOf,
    };
  }
  const error: JobError = job.error ?? { code: 'ERR_PROCESSING', message: ERROR_MESSAGES.ERR_PROCESSING, retryable: true };
  return {
    file,
    status: job.status === 'cancelled' ? 'cancelled' : 'failed',
    record: null,
    error: { code: error.code, message: error.message, ...(error.reason ? { reason: error.reason } : {}) },
    flags: [],
    sha256: job.sha256 || null,
    pages: job.pages,
    attempts: job.attempts,
    timingsMs: job.stepMs,
  };
}
