import type { ExtractionResult } from '../core';
import { ApprovalRefusedError, approvalBlockers, identityProblems } from '../features/review/approval';
import { allFlags, flagsAfterInsert, flagsAfterRemoval, isOpen, NO_PATIENT } from '../lib/flags';
import { codec } from './codec';
import { db } from './database';
import type { EditRow, EvidenceRow, FullRecord, RecordRow, ReviewState } from './rows';
import { currentActor, report, sealedSummary, serial } from './write-queue';

/**
 * Records: what the extractor read (kept as evidence beside the record), staff's
 * corrections with their history, and the review state.
 */

/**
 * Keeps the first result for a document and ignores any later one: a resubmitted job can
 * only ever produce one record, and a result never overwrites staff's corrections.
 */
export function saveResult(id: string, result: ExtractionResult): Promise<boolean> {
  return serial(async () => {
    const d = db();
    const [doc, storedJob, existing] = await Promise.all([d.documents.get(id), d.jobs.get(id), d.records.get(id)]);
    if (!doc || existing) return false;
    const now = Date.now();
    const row: RecordRow = {
      id,
      record: result.record,
      extractor: result.extractor,
      layout: result.layout,
      reviewState: 'needs review',
      approvedAt: null,
      approvedBy: null,
      exportedAt: null,
      createdAt: now,
      updatedAt: now,
    };
    const evidence: EvidenceRow = {
      id,
      extracted: structuredClone(result.record),
      provenance: result.provenance,
      confidence: result.confidence,
      warnings: result.warnings,
      flags: result.flags ?? [],
      checked: [],
      changed: [],
    };
    const [job] = storedJob ? await codec().openJobs([storedJob]) : [];
    const [sealed, sealedEvidence, summary] = await Promise.all([
      codec().sealRecord(row),
      codec().sealEvidence(evidence),
      codec().openDocumentInfo(doc).then((info) => sealedSummary(info, job, row, evidence)),
    ]);
    await d.transaction('rw', [d.records, d.evidence, d.summaries], async () => {
      await d.records.add(sealed);
      await d.evidence.put(sealedEvidence);
      await d.summaries.put(summary);
    });
    return true;
  });
}

export async function getRecord(id: string): Promise<RecordRow | undefined> {
  const row = await db().records.get(id);
  return row ? codec().openRecord(row) : undefined;
}

/** The record with what it was read from, for the record view. */
export async function getFullRecord(id: string): Promise<FullRecord | undefined> {
  const d = db();
  const [row, evidence] = await Promise.all([d.records.get(id), d.evidence.get(id)]);
  if (!row || !evidence) return undefined;
  const [open, openEvidence] = await Promise.all([codec().openRecord(row), codec().openEvidence(evidence)]);
  const { id: _same, ...rest } = openEvidence;
  return { ...open, ...rest };
}

export async function getEdits(recordId: string): Promise<EditRow[]> {
  const rows = await db().edits.where('recordId').equals(recordId).sortBy('seq');
  return Promise.all(rows.map((r) => codec().openEdit(r)));
}

export interface RecordChange {
  path: string;
  kind: EditRow['kind'];
  oldValue: unknown;
  newValue: unknown;
}

export type EditedParts = Pick<FullRecord, 'record' | 'provenance' | 'confidence' | 'warnings'>;

function split(full: FullRecord): { row: RecordRow; evidence: EvidenceRow } {
  const { extracted, provenance, confidence, warnings, flags, checked, changed, ...row } = full;
  return { row, evidence: { id: full.id, extracted, provenance, confidence, warnings, flags, checked, changed } };
}

/** Writes the record, its evidence and its list row, and the edit that changed it, in one transaction. */
async function writeFull(full: FullRecord, edit: EditRow | null): Promise<void> {
  const d = db();
  const [storedDoc, storedJob] = await Promise.all([d.documents.get(full.id), d.jobs.get(full.id)]);
  if (!storedDoc) throw new Error('The record is no longer here.');
  const { row, evidence } = split(full);
  const [doc, jobs] = await Promise.all([codec().openDocumentInfo(storedDoc), codec().openJobs(storedJob ? [storedJob] : [])]);
  const [sealed, sealedEvidence, summary, sealedEdit] = await Promise.all([
    codec().sealRecord(row),
    codec().sealEvidence(evidence),
    sealedSummary(doc, jobs[0], row, evidence),
    edit ? codec().sealEdit(edit) : null,
  ]);
  const tables = sealedEdit ? [d.records, d.evidence, d.summaries, d.edits] : [d.records, d.evidence, d.summaries];
  await d.transaction('rw', tables, async () => {
    await d.records.put(sealed);
    await d.evidence.put(sealedEvidence);
    await d.summaries.put(summary);
    if (sealedEdit) await d.edits.add(sealedEdit);
  });
}

/**
 * The flags' marks after a change: later items' flags move down with them when one is
 * removed, and the changed place ends the flags at or above it (a removal or an addition
 * ends its section's flags).
 */
function afterChange(current: FullRecord, change: RecordChange): Pick<FullRecord, 'flags' | 'checked' | 'changed'> {
  let state: Pick<FullRecord, 'flags' | 'checked' | 'changed'> = { flags: current.flags, checked: current.checked, changed: current.changed };
  let where = change.path;
  if (change.kind === 'remove-item') {
    const [list, index] = change.path.split('.');
    if (list && index !== undefined && /^\d+$/.test(index)) state = flagsAfterRemoval(state, list, Number(index));
    where = list ?? change.path;
  } else if (change.kind === 'restore-item') {
    const [list, index] = change.path.split('.');
    if (list && index !== undefined && /^\d+$/.test(index)) state = flagsAfterInsert(state, list, Number(index));
  }
  return { ...state, changed: [...(state.changed ?? []).filter((p) => p !== where), where] };
}

/**
 * Saves a corrected record with the edit that made it. `edit` derives the new parts from
 * the stored record inside the write queue, so two quick edits never undo each other.
 * A changed record needs review again, and the flags about what was changed end.
 */
export function editRecord(id: string, edit: (current: FullRecord) => EditedParts, change: RecordChange): Promise<void> {
  return serial(async () => {
    const current = await getFullRecord(id);
    if (!current) throw new Error('The record is no longer here.');
    const now = Date.now();
    const next: FullRecord = { ...current, ...edit(current), ...afterChange(current, change), reviewState: 'needs review', approvedAt: null, approvedBy: null, updatedAt: now };
    await writeFull(next, { recordId: id, ...change, who: currentActor(), at: now });
    // The field's name only: the audit trail never holds clinical values.
    report({ action: 'edited', documentId: id, field: change.path, change: change.kind });
  });
}

/** Checking an unidentified patient's details is refused until they are all there and valid. */
export class CheckRefusedError extends Error {
  constructor(readonly reasons: string[]) {
    super(`This cannot be marked as checked yet: ${reasons.join('; ')}`);
    this.name = 'CheckRefusedError';
  }
}

/**
 * Staff have checked the value (item, section) at `path` against the document: its open
 * flags end. Kept as an edit ("to check" → "Checked") and in the audit trail. For a record
 * that identified nobody, this is staff confirming the details they entered, so it is
 * refused while the NHS number, name or date of birth is missing or invalid.
 */
export function markChecked(id: string, path: string): Promise<void> {
  return serial(async () => {
    const current = await getFullRecord(id);
    if (!current) throw new Error('The record is no longer here.');
    const open = allFlags(current).filter((f) => f.path === path && isOpen(f, current));
    if (open.length === 0) return;
    if (open.some((f) => f.code === NO_PATIENT)) {
      const problems = identityProblems(current.record);
      if (problems.length) throw new CheckRefusedError(problems.map((p) => p.message));
    }
    const now = Date.now();
    const next: FullRecord = { ...current, checked: [...(current.checked ?? []), path], updatedAt: now };
    const edit: EditRow = { recordId: id, path, kind: 'checked', oldValue: `To check: ${open.map((f) => f.reason).join(' ')}`, newValue: 'Checked', who: currentActor(), at: now };
    await writeFull(next, edit);
    report({ action: 'edited', documentId: id, field: path, change: 'checked' });
  });
}

/**
 * Approving is refused, with the reasons, while a value is invalid or missing or a flag is
 * open (features/review/approval.ts): the buttons say so first, but this is what holds.
 */
export function setReviewState(id: string, state: ReviewState): Promise<void> {
  return serial(async () => {
    const current = await getFullRecord(id);
    if (!current) throw new Error('The record is no longer here.');
    if (state === 'approved') {
      const reasons = approvalBlockers(current);
      if (reasons.length) throw new ApprovalRefusedError(reasons);
    }
    const now = Date.now();
    const next: FullRecord = {
      ...current,
      reviewState: state,
      approvedAt: state === 'approved' ? now : null,
      approvedBy: state === 'approved' ? currentActor() : null,
      updatedAt: now,
    };
    await writeFull(next, null);
    report({ action: state === 'approved' ? 'approved' : 'reopened', documentId: id });
  });
}
