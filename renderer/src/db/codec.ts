import type { DocumentRow, EditRow, EvidenceRow, RecordRow, SummaryRow } from './rows';

/**
 * Every row that holds patient data passes through here on its way into and out of
 * IndexedDB. Today rows are stored as they are; encryption at rest (AES-GCM with a key
 * held by main) replaces these functions and nothing else. They are async and are always
 * called outside Dexie transactions, because a transaction that awaits WebCrypto commits early.
 */
export interface RowCodec {
  sealDocument(row: DocumentRow): Promise<DocumentRow>;
  openDocument(row: DocumentRow): Promise<DocumentRow>;
  sealRecord(row: RecordRow): Promise<RecordRow>;
  openRecord(row: RecordRow): Promise<RecordRow>;
  sealEvidence(row: EvidenceRow): Promise<EvidenceRow>;
  openEvidence(row: EvidenceRow): Promise<EvidenceRow>;
  sealSummary(row: SummaryRow): Promise<SummaryRow>;
  openSummaries(rows: SummaryRow[]): Promise<SummaryRow[]>;
  sealEdit(row: EditRow): Promise<EditRow>;
  openEdit(row: EditRow): Promise<EditRow>;
}

const same = async <T>(row: T): Promise<T> => row;

export const clearCodec: RowCodec = {
  sealDocument: same,
  openDocument: same,
  sealRecord: same,
  openRecord: same,
  sealEvidence: same,
  openEvidence: same,
  sealSummary: same,
  openSummaries: same,
  sealEdit: same,
  openEdit: same,
};

let active: RowCodec = clearCodec;

export function codec(): RowCodec {
  return active;
}

export function setCodec(next: RowCodec): void {
  active = next;
}
