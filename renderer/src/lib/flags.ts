import type { ExtractionWarning, ReviewFlag, ScrRecord } from '../core';
import { pathAfterInsert, reindexAfterRemoval } from './paths';

/**
 * The extractor's "things to check" (ReviewFlag, most important first) and what staff did
 * about them. A flag ends when a value at or under its path is changed (for an item or a
 * section flag, any change inside it) or when staff mark its path "checked". Nobody being
 * identified is the exception: only confirming the patient's details ends it.
 */
export interface FlagState {
  /** As extracted; absent on records saved before flags were kept. */
  flags?: ReviewFlag[];
  /** Paths staff marked "checked". */
  checked?: string[];
  /** Paths staff changed (set a value, added or removed an item inside). */
  changed?: string[];
  warnings: ExtractionWarning[];
  extracted: ScrRecord;
}

/** The flag of a record that identifies nobody (the extractor's code, kept for records it did not flag). */
export const NO_PATIENT = 'no-patient';

/** What identifies a patient: each must be entered (and valid) before such a record is approved. */
export const IDENTITY_KEYS = ['nhsNumber', 'givenName', 'familyName', 'dateOfBirth'] as const;

const NO_PATIENT_REASON = 'No patient could be identified from this document. Enter the NHS number, name and date of birth, then confirm them.';

/** Whether `path` is `scope` or lies under it ('medications.3.dosage' is under 'medications.3' and 'medications'). */
export function within(path: string, scope: string): boolean {
  return path === scope || path.startsWith(`${scope}.`);
}

function lacksIdentity(record: ScrRecord): boolean {
  return IDENTITY_KEYS.some((k) => !record.patient[k]);
}

/**
 * Every flag of the record, open or not, most important first. Records saved before flags
 * were kept fall back to their warnings that name a field, item or section. A record whose
 * extracted patient lacks part of their identity is flagged as identifying nobody.
 */
export function allFlags(state: Pick<FlagState, 'flags' | 'warnings' | 'extracted'>): ReviewFlag[] {
  const base = state.flags ?? state.warnings.filter((w) => w.path).map((w) => ({ path: w.path!, code: w.code, reason: w.message }));
  if (base.some((f) => f.code === NO_PATIENT) || !lacksIdentity(state.extracted)) return base;
  return [{ path: 'patient', code: NO_PATIENT, reason: NO_PATIENT_REASON }, ...base];
}

export function isOpen(flag: ReviewFlag, state: Pick<FlagState, 'checked' | 'changed'>): boolean {
  if (state.checked?.includes(flag.path)) return false;
  if (flag.code === NO_PATIENT) return true;
  return !(state.changed ?? []).some((p) => within(p, flag.path));
}

/** The flags still to be dealt with, in the extractor's order (most important first). */
export function openFlags(state: FlagState): ReviewFlag[] {
  return allFlags(state).filter((f) => isOpen(f, state));
}

function movePaths(paths: string[] | undefined, list: string, removed: number): string[] | undefined {
  if (!paths) return paths;
  return paths.flatMap((p) => Object.keys(reindexAfterRemoval({ [p]: true }, list, removed)));
}

/**
 * After staff remove an item, later items move down one: their flags and marks move with
 * them, and the removed item's go with it.
 */
/** After a removal is undone, later items move back up one: their flags and marks with them. */
export function flagsAfterInsert(state: Pick<FlagState, 'flags' | 'checked' | 'changed'>, list: string, inserted: number): Pick<FlagState, 'flags' | 'checked' | 'changed'> {
  const move = (paths: string[] | undefined) => paths?.map((p) => pathAfterInsert(p, list, inserted));
  return { flags: state.flags?.map((f) => ({ ...f, path: pathAfterInsert(f.path, list, inserted) })), checked: move(state.checked), changed: move(state.changed) };
}

export function flagsAfterRemoval(state: Pick<FlagState, 'flags' | 'checked' | 'changed'>, list: string, removed: number): Pick<FlagState, 'flags' | 'checked' | 'changed'> {
  const flags = state.flags?.flatMap((f) => Object.keys(reindexAfterRemoval({ [f.path]: true }, list, removed)).map((path) => ({ ...f, path })));
  return { flags, checked: movePaths(state.checked, list, removed), changed: movePaths(state.changed, list, removed) };
}
