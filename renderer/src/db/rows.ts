import type { CsvTemplate, ExtractionResult, Job, ScrRecord, Settings } from '../core';

/** One dropped file. The id is shared by its job and its record: one document, one record. */
export interface DocumentRow {
  id: string;
  name: string;
  size: number;
  /** Null until the bytes have been hashed (moments after the drop). */
  sha256: string | null;
  blob: Blob;
  addedAt: number;
}

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
}

/** Both halves together, as the record view uses them. */
export type FullRecord = RecordRow & Omit<EvidenceRow, 'id'>;

/** One change made by a person: kept forever beside the record (who, when, old and new). */
export interface EditRow {
  seq?: number;
  recordId: string;
  /** Field path, e.g. 'patient.nhsNumber', 'medications.2.dosage', or 'medications' for add/remove. */
  path: string;
  kind: 'set' | 'add-item' | 'remove-item';
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
  /** Warnings from extraction plus values below the confidence threshold. */
  flags: number;
  addedAt: number;
  updatedAt: number;
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

/** Append-only trail of what people and the engine did. Never holds clinical values. */
export interface AuditRow {
  seq?: number;
  at: number;
  who: string;
  action:
    | 'submitted'
    | 'completed'
    | 'failed'
    | 'viewed'
    | 'edited'
    | 'approved'
    | 'reopened'
    | 'removed'
    | 'exported'
    | 'settings-changed'
    | 'key-set'
    | 'key-cleared';
  documentId: string | null;
  /** Field names, counts, template and file names only. */
  detail: string;
}
