import type { CsvTemplate, ExtractionResult, Job, ScrRecord, Settings } from '../core';
import type { SealedBox } from './crypto/row-cipher';

/** One dropped file. The id is shared by its job and its record: one document, one record. */
export interface DocumentRow {
  id: string;
  name: string;
  size: number;
  /** Null until main has hashed the bytes (it says so in the job's first events). */
  sha256: string | null;
  /**
   * The PDF; null once retention has purged it (the record stays), and for a file chosen in
   * the desktop's dialog until main has handed over the copy kept here (moments after).
   */
  blob: Blob | null;
  addedAt: number;
  /** When retention purged the PDF. */
  pdfPurgedAt?: number | null;
  /** Staff chose to process it although the same document is already here: not a duplicate. */
  processAgain?: boolean;
}

/** A document without its PDF: what lists and summaries need, without decrypting megabytes. */
export type DocumentInfo = Omit<DocumentRow, 'blob'> & { hasPdf: boolean };

/** The engine's job, mirrored. Written locally as 'queued' at drop time, then by engine events. */
export type JobRow = Job;

export type ReviewState = 'needs review' | 'approved';

/**
 * A record as stored for listing and export: the values and their review state. What it
 * was read from (provenance, confidence, warnings, the original values) is kept apart in
 * EvidenceRow, so that exporting 10,000 records does not load 10,000 sets of page boxes.
 */
export interface RecordRow {
  id: string;
  /** The record as staff have corrected it. */
  record: ScrRecord;
  extractor: ExtractionResult['extractor'];
  layout: string;
  reviewState: ReviewState;
  approvedAt: number | null;
  approvedBy: string | null;
  /** The last time it went into a CSV: the PDF is purged a set time after this or approval. */
  exportedAt?: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface EvidenceRow {
  id: string;
  /** The record exactly as extracted; kept so every change can be traced back. */
  extracted: ScrRecord;
  provenance: ExtractionResult['provenance'];
  confidence: ExtractionResult['confidence'];
  warnings: ExtractionResult['warnings'];
  /** What a reviewer must check, most important first, as extracted (absent on records saved before flags were kept). */
  flags?: ExtractionResult['flags'];
  /** Paths staff marked "checked" (lib/flags.ts): each ends the flags at that path. */
  checked?: string[];
  /** Paths staff changed: each ends the flags at or above it. */
  changed?: string[];
}

/** Both halves together, as the record view uses them. */
export type FullRecord = RecordRow & Omit<EvidenceRow, 'id'>;

/** One change made by a person: kept forever beside the record (who, when, old and new). */
export interface EditRow {
  seq?: number;
  recordId: string;
  /** Field path, e.g. 'patient.nhsNumber', 'medications.2.dosage', or 'medications.2' for add/remove/restore. */
  path: string;
  /** 'checked': staff marked the flags at `path` as checked (old value: what was to check; new: 'Checked'). 'restore-item': a removal undone, the item (newValue) put back at its place. */
  kind: 'set' | 'add-item' | 'remove-item' | 'checked' | 'restore-item';
  oldValue: unknown;
  newValue: unknown;
  who: string;
  at: number;
}

/** What the review list shows and filters on, one small row per document. */
export type ListState = 'processing' | 'needs review' | 'approved' | 'failed' | 'cancelled';

export interface SummaryRow {
  id: string;
  fileName: string;
  patientName: string;
  nhsNumber: string;
  dateOfBirth: string;
  state: ListState;
  /** Flags still open: things to check that nobody has changed or marked checked (lib/flags.ts). */
  flags: number;
  addedAt: number;
  updatedAt: number;
  /**
   * Medications, allergies and problems, lower case, one a line (search-terms.ts), for the
   * list's search. Sealed with the name. Absent from rows written before it existed, until
   * search-terms-backfill.ts has given them theirs (after unlock).
   */
  terms?: string;
}

/** A saved export template: the core's CsvTemplate, as staff made it, with when. */
export type TemplateRow = CsvTemplate & {
  createdAt: number;
  updatedAt: number;
};

export interface SettingsRow {
  key: 'engine';
  value: Settings;
  updatedAt: number;
}

/**
 * Rows as IndexedDB holds them (encryption at rest): everything that could identify a
 * patient or describe their care is in `sealed` (AES-GCM, see crypto/row-cipher.ts);
 * what stays in the clear is what the indexes, retention and counts need: ids, states,
 * times, sizes, flag counts, the PDF's hash, and the engine's progress and error codes.
 */
export interface StoredDocument {
  id: string;
  sha256: string | null;
  size: number;
  addedAt: number;
  pdfPurgedAt?: number | null;
  processAgain?: boolean;
  /** { name } */
  sealed: SealedBox;
  /** The PDF sealed (IV and ciphertext), or null once purged. */
  blob: Blob | null;
}

/** { name }: a file name can be a patient's name. */
export type StoredJob = Omit<JobRow, 'name'> & { sealed: SealedBox };

/** { record, extractor, layout, approvedBy } */
export type StoredRecord = Pick<RecordRow, 'id' | 'reviewState' | 'approvedAt' | 'exportedAt' | 'createdAt' | 'updatedAt'> & { sealed: SealedBox };

/** { extracted, provenance, confidence, warnings, flags, checked, changed } */
export interface StoredEvidence {
  id: string;
  sealed: SealedBox;
}

/** { fileName, patientName, nhsNumber, dateOfBirth, terms } */
export type StoredSummary = Pick<SummaryRow, 'id' | 'state' | 'flags' | 'addedAt' | 'updatedAt'> & { sealed: SealedBox };

/** { oldValue, newValue }: the field's path stays readable, as in the audit trail. */
export type StoredEdit = Omit<EditRow, 'oldValue' | 'newValue'> & { sealed: SealedBox };

/**
 * Facts about the database itself: which data key sealed it, and how far the pass that gives
 * old list rows their search terms has come (search-terms-backfill.ts; an id, or 'done').
 */
export interface MetaRow {
  key: 'dataKeyId' | 'searchTermsBackfill';
  value: string;
}
