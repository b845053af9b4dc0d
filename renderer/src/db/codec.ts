import type {
  DocumentInfo,
  DocumentRow,
  EditRow,
  EvidenceRow,
  JobRow,
  RecordRow,
  StoredDocument,
  StoredEdit,
  StoredEvidence,
  StoredJob,
  StoredRecord,
  StoredSummary,
  SummaryRow,
} from './rows';

/**
 * Every row that holds patient data passes through here on its way into and out of
 * IndexedDB (see crypto/sealed-codec.ts for AES-GCM under the data key). Calls are async
 * and always made outside Dexie transactions, because a transaction that awaits WebCrypto
 * commits early. Until the data key is here, and again once the app locks, the codec
 * refuses: nothing is read or written in the clear.
 */
export interface RowCodec {
  sealDocument(row: DocumentRow): Promise<StoredDocument>;
  /** With the PDF, decrypted. */
  openDocument(row: StoredDocument): Promise<DocumentRow>;
  /** Without the PDF: the name and facts only. */
  openDocumentInfo(row: StoredDocument): Promise<DocumentInfo>;
  sealJob(row: JobRow): Promise<StoredJob>;
  openJobs(rows: StoredJob[]): Promise<JobRow[]>;
  sealRecord(row: RecordRow): Promise<StoredRecord>;
  openRecord(row: StoredRecord): Promise<RecordRow>;
  sealEvidence(row: EvidenceRow): Promise<StoredEvidence>;
  openEvidence(row: StoredEvidence): Promise<EvidenceRow>;
  sealSummary(row: SummaryRow): Promise<StoredSummary>;
  openSummaries(rows: StoredSummary[]): Promise<SummaryRow[]>;
  sealEdit(row: EditRow): Promise<StoredEdit>;
  openEdit(row: StoredEdit): Promise<EditRow>;
  /**
   * The data key for the page's own workers (an export opens and writes records in two at
   * once). Non-extractable: a worker can use it but nothing can read it out. Refused when locked.
   */
  keyForWorker(): CryptoKey;
  /**
   * The file names of the list rows opened so far (the review list opens them all soon after
   * start), by sealedValueKey: a sealed value always opens to the same name, so an export's
   * workers need not decrypt those rows again. Refused when locked.
   */
  openedFileNames(): Map<string, string>;
  /** Drops the decrypted list rows it keeps to make lists fast (the app locked). */
  forget(): void;
}

export class DataLockedError extends Error {
  constructor() {
    super('The records are locked.');
    this.name = 'DataLockedError';
  }
}

const refuse = async (): Promise<never> => {
  throw new DataLockedError();
};

export const lockedCodec: RowCodec = {
  sealDocument: refuse,
  openDocument: refuse,
  openDocumentInfo: refuse,
  sealJob: refuse,
  openJobs: refuse,
  sealRecord: refuse,
  openRecord: refuse,
  sealEvidence: refuse,
  openEvidence: refuse,
  sealSummary: refuse,
  openSummaries: refuse,
  sealEdit: refuse,
  openEdit: refuse,
  keyForWorker: () => {
    throw new DataLockedError();
  },
  openedFileNames: () => {
    throw new DataLockedError();
  },
  forget: () => undefined,
};

let active: RowCodec = lockedCodec;

export function codec(): RowCodec {
  return active;
}

export function setCodec(next: RowCodec): void {
  active.forget();
  active = next;
}

export function isUnlocked(): boolean {
  return active !== lockedCodec;
}
