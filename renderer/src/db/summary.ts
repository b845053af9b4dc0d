import { openFlags } from '../lib/flags';
import { searchTerms } from './search-terms';
import type { DocumentRow, EvidenceRow, JobRow, ListState, RecordRow, SummaryRow } from './rows';

/** Values the extractor was less sure of than this are shown to staff as "check this". */
export const LOW_CONFIDENCE = 0.8;

/** Things still to check: the flags nobody has changed or marked checked (the list sorts, filters and bulk-approves on it). */
export function countFlags(evidence: EvidenceRow): number {
  return openFlags(evidence).length;
}

function listState(job: JobRow | undefined, record: RecordRow | undefined): ListState {
  if (record) return record.reviewState;
  if (!job) return 'processing';
  if (job.status === 'failed') return 'failed';
  if (job.status === 'cancelled') return 'cancelled';
  return 'processing';
}

/** The review list's row for one document, derived from its three stored rows. */
export function summarise(doc: Pick<DocumentRow, 'id' | 'name' | 'addedAt'>, job: JobRow | undefined, record: RecordRow | undefined, evidence: EvidenceRow | undefined): SummaryRow {
  const patient = record?.record.patient;
  const name = [patient?.givenName, patient?.familyName].filter(Boolean).join(' ');
  return {
    id: doc.id,
    fileName: doc.name,
    patientName: name,
    nhsNumber: patient?.nhsNumber ?? '',
    dateOfBirth: patient?.dateOfBirth ?? '',
    state: listState(job, record),
    flags: evidence ? countFlags(evidence) : 0,
    addedAt: doc.addedAt,
    updatedAt: Math.max(doc.addedAt, job?.finishedAt ?? 0, record?.updatedAt ?? 0),
    terms: searchTerms(record?.record),
  };
}
