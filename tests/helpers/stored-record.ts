import type { ScrRecord } from '../../main/core/contract/record';
import type { FullRecord } from '../../renderer/src/db/rows';

/**
 * A stored record as the review screen opens it, awaiting review, with the evidence a test
 * gives it (where each value was printed, how sure the extractor was, its warnings).
 */
export function storedRecord(record: ScrRecord, evidence: Pick<FullRecord, 'provenance' | 'confidence' | 'warnings'>): FullRecord {
  return {
    id: 'd1',
    record,
    extracted: structuredClone(record),
    extractor: 'rules',
    layout: 'gpsummary',
    reviewState: 'needs review',
    approvedAt: null,
    approvedBy: null,
    createdAt: 0,
    updatedAt: 0,
    ...evidence,
  } as FullRecord;
}
