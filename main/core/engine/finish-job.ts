import { AppError } from '../contract/errors';
import type { ExtractionResult } from '../contract/extraction';
import type { TokenUsage } from '../contract/job';
import { ScrRecordSchema } from '../contract/record';
import { registerRecordSensitive } from '../log/sensitive-record';
import type { JobLifecycle } from './lifecycle';
import type { JobRecord } from './job-record';

/**
 * The verifying and finalizing steps: the record must match the contract before anyone
 * sees it. A record that does not is a permanent failure, not something to retry: the
 * same text would give the same record. Zod's message may quote values, so it is dropped.
 */
export function finishJob(life: JobLifecycle, rec: JobRecord, result: ExtractionResult, usage: TokenUsage | null): void {
  life.enterStep(rec, 'verifying', 95);
  const parsed = ScrRecordSchema.safeParse(result.record);
  if (!parsed.success) {
    throw new AppError('ERR_EXTRACTION', {
      reason: 'record-invalid',
      retryable: false,
      message:
        result.extractor === 'rules'
          ? 'The record read from this document did not pass its checks, so nothing was saved. Key this one in by hand, or tell your IT lead.'
          : undefined,
    });
  }
  life.enterStep(rec, 'finalizing', 98);
  registerRecordSensitive(parsed.data);
  // Intake's warnings name no field, so they add no flag: the flags stand as derived.
  const warnings = rec.intakeWarnings.length ? [...rec.intakeWarnings, ...result.warnings] : result.warnings;
  life.complete(rec, { ...result, record: parsed.data, warnings }, usage);
}
