import type { ScrRecord } from './record';
import type { Box, ExtractionWarning, ExtractorKind, Provenance } from './text';

/**
 * Field paths use dots and array indices: 'patient.nhsNumber', 'medications.3.name',
 * 'allergies.0.date'. Every non-null value in the record should have a provenance entry
 * and a confidence; values without provenance carry a warning instead.
 */
export type FieldPath = string;

/** 'medications' is a medication section that does not say which kind; rows decide. */
export type SectionKind =
  | 'demographics'
  | 'allergies'
  | 'medications'
  | 'acute'
  | 'repeat'
  | 'discontinued'
  | 'problems'
  | 'other';

/** What the rules made of each section; `auto` mode asks the model only about weak ones. */
export interface SectionReport {
  kind: SectionKind;
  heading: string;
  /** 1-based pages the section spans. */
  pages: number[];
  /** Rows parsed into the record. */
  rows: number;
  /** The section says it is empty ('No relevant information…', 'None recorded'). */
  statedEmpty: boolean;
  /** How sure the rules are that they read the whole section: 0..1. */
  confidence: number;
  /** How the rules read it. */
  form: 'table' | 'list' | 'key-value' | 'prose' | 'none';
  /** Lines of damaged text in it (a broken font), which no value was read from. */
  damaged?: number;
}

/**
 * What a reviewer must check, most important first (the `flags` of ../shared/README.md).
 * `path` names a field ('patient.nhsNumber', 'medications.3.dosage'), an item
 * ('medications.3': the whole entry is doubtful, it may not be a medication at all) or a
 * section ('medications': entries may be missing; 'patient': nobody is identified). The
 * review screen's "things to check" is this list; a flag ends when its field is changed or
 * marked checked.
 */
export interface ReviewFlag {
  path: FieldPath;
  /** Stable machine code ('section-unread-text', 'date-ambiguous', 'no-patient'…). */
  code: string;
  /** Plain English for staff. Names the field, never quotes document values. */
  reason: string;
}

/**
 * Printed text no value was read from, by place, so that nothing is dropped silently. Inside
 * a clinical section it also flags that section. Kept with the record, never logged.
 */
export interface UnreadText {
  page: number;
  box: Box;
  text: string;
  /** The heading of the section it is in ('' before the first heading). */
  section: string;
  clinical: boolean;
}

export interface ExtractionResult {
  record: ScrRecord;
  provenance: Record<FieldPath, Provenance>;
  confidence: Record<FieldPath, number>;
  warnings: ExtractionWarning[];
  /** What a reviewer must check, most important first; derived from the evidence above. */
  flags: ReviewFlag[];
  /** Text the extractor read nothing from (rules results; absent where not tracked). */
  unread?: UnreadText[];
  /** Which extractor produced the record as a whole; per-value origin is in provenance. */
  extractor: ExtractorKind | 'auto';
  /** Layout family the rules recognised ('gpsummary', 'ncrs', 'emis-list', 'unknown'…). */
  layout: string;
  sections: SectionReport[];
}
