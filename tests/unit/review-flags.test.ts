import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RendererAuditEvent } from '../../main/core/contract/audit';
import type { ExtractionResult, ReviewFlag } from '../../main/core/contract/extraction';
import { emptyRecord } from '../../main/core/contract/record';
import { setCodec } from '../../renderer/src/db/codec';
import { createSealedCodec } from '../../renderer/src/db/crypto/sealed-codec';
import { db } from '../../renderer/src/db/database';
import * as repo from '../../renderer/src/db/repository';
import { setAuditSink } from '../../renderer/src/db/write-queue';
import { approvalBlockers } from '../../renderer/src/features/review/approval';
import { addItem, removeItem, setValue } from '../../renderer/src/features/review/record-edits';
import { openFlags } from '../../renderer/src/lib/flags';

/**
 * The extractor's flags on the review screen's data: kept sealed with the evidence, counted
 * open on the list row, ended by a change at or under their path or by "checked", and
 * approval refused (with its reasons) while a value is invalid or a flag open.
 */
const VALID_NHS = '9998865085';

function result(flags: ReviewFlag[], patch: (r: ExtractionResult['record']) => void = () => undefined): ExtractionResult {
  const record = emptyRecord();
  Object.assign(record.patient, { nhsNumber: VALID_NHS, givenName: 'Olivia', familyName: 'Okafor', dateOfBirth: '1985-10-18' });
  record.medications = [
    { category: 'repeat', name: 'Simvastatin 40mg tablets', dosage: 'one at night', quantity: null, date: '2024-03-14', endDate: null },
    { category: 'repeat', name: 'Aspirin 75mg tablets', dosage: null, quantity: null, date: null, endDate: null },
    { category: 'acute', name: 'Amoxicillin 500mg capsules', dosage: null, quantity: '21', date: null, endDate: null },
  ];
  patch(record);
  return { record, provenance: {}, confidence: {}, warnings: [], flags, extractor: 'rules', layout: 'gpsummary', sections: [] };
}

const flag = (path: string, code = 'date-ambiguous'): ReviewFlag => ({ path, code, reason: `Check ${path}.` });

async function add(id: string, r: ExtractionResult): Promise<void> {
  await repo.addDocuments([{ id, name: `${id}.pdf`, size: 3, blob: new Blob(['pdf']), addedAt: 1 }]);
  await repo.saveResult(id, r);
}

async function listFlags(id: string): Promise<number> {
  return (await repo.listSummaries()).find((s) => s.id === id)!.flags;
}

async function full(id: string) {
  return (await repo.getFullRecord(id))!;
}

const set = (id: string, path: string, value: string | null) =>
  repo.editRecord(id, (row) => setValue(row, path, value), { path, kind: 'set', oldValue: null, newValue: value });

let audit: RendererAuditEvent[] = [];

beforeEach(async () => {
  setCodec(createSealedCodec(await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt'])));
  audit = [];
  setAuditSink((events) => audit.push(...events));
});

afterEach(async () => {
  await db().delete({ disableAutoOpen: false });
});

describe('flags kept with the record', () => {
  it('stores the flags sealed, in order, and counts the open ones on the list row', async () => {
    await add('d1', result([flag('patient.nhsNumber', 'ocr-repaired'), flag('medications.1'), flag('problems', 'section-empty')]));
    expect((await full('d1')).flags!.map((f) => f.path)).toEqual(['patient.nhsNumber', 'medications.1', 'problems']);
    expect(await listFlags('d1')).toBe(3);
    const raw = JSON.stringify(await db().evidence.toArray());
    expect(raw).not.toContain('ocr-repaired');
  });

  it('ends a field flag when its value changes, an item flag when a value inside changes, a section flag when an item is added', async () => {
    await add('d1', result([flag('patient.dateOfBirth'), flag('medications.1'), flag('problems', 'section-empty'), flag('medications.2.quantity')]));
    await set('d1', 'patient.dateOfBirth', '1985-10-19');
    expect(openFlags(await full('d1')).map((f) => f.path)).toEqual(['medications.1', 'problems', 'medications.2.quantity']);
    await set('d1', 'medications.1.dosage', 'one daily');
    expect(openFlags(await full('d1')).map((f) => f.path)).toEqual(['problems', 'medications.2.quantity']);
    // A change to the item's other value does not end a flag on one of its fields.
    await set('d1', 'medications.2.name', 'Amoxicillin 250mg capsules');
    expect(openFlags(await full('d1')).map((f) => f.path)).toEqual(['problems', 'medications.2.quantity']);
    await repo.editRecord('d1', (row) => addItem(row, 'problems'), { path: 'problems.0', kind: 'add-item', oldValue: null, newValue: null });
    expect(openFlags(await full('d1')).map((f) => f.path)).toEqual(['medications.2.quantity']);
    expect(await listFlags('d1')).toBe(1);
  });

  it('moves flags with their items when an earlier one is removed, and drops the removed one’s', async () => {
    await add('d1', result([flag('medications.0'), flag('medications.2.quantity')]));
    await repo.editRecord('d1', (row) => removeItem(row, 'medications', 0), { path: 'medications.0', kind: 'remove-item', oldValue: null, newValue: null });
    expect(openFlags(await full('d1')).map((f) => f.path)).toEqual(['medications.1.quantity']);
  });

  it('ends a flag marked checked, keeps that as an edit and in the audit trail', async () => {
    await add('d1', result([flag('medications.0.date'), flag('patient.familyName', 'patient-ocr')]));
    await repo.markChecked('d1', 'medications.0.date');
    expect(openFlags(await full('d1')).map((f) => f.path)).toEqual(['patient.familyName']);
    expect(await listFlags('d1')).toBe(1);
    const edits = await repo.getEdits('d1');
    expect(edits).toHaveLength(1);
    expect(edits[0]).toMatchObject({ path: 'medications.0.date', kind: 'checked', newValue: 'Checked', oldValue: 'To check: Check medications.0.date.' });
    expect(audit).toContainEqual({ action: 'edited', documentId: 'd1', field: 'medications.0.date', change: 'checked' });
  });

  it('falls back to the field warnings of a record saved before flags were kept', async () => {
    await add('d1', result([]));
    // As an older version stored it: no flags, no marks.
    const current = await full('d1');
    const legacy = { ...current, flags: undefined, checked: undefined, changed: undefined, warnings: [{ code: 'nhs-checksum', message: 'Check the NHS number.', path: 'patient.nhsNumber' }, { code: 'general', message: 'No path.' }] };
    expect(openFlags(legacy)).toEqual([{ path: 'patient.nhsNumber', code: 'nhs-checksum', reason: 'Check the NHS number.' }]);
  });
});

describe('approval', () => {
  it('approves a valid record with no open flag', async () => {
    await add('d1', result([]));
    await repo.setReviewState('d1', 'approved');
    expect((await full('d1')).reviewState).toBe('approved');
  });

  it('is refused while a flag is open, with the field named, and allowed once it is checked', async () => {
    await add('d1', result([flag('medications.0.date')]));
    await expect(repo.setReviewState('d1', 'approved')).rejects.toMatchObject({ name: 'ApprovalRefusedError', reasons: ['Still to check — Medication 1: prescribed or last issued: Check medications.0.date.'] });
    expect((await full('d1')).reviewState).toBe('needs review');
    await repo.markChecked('d1', 'medications.0.date');
    await repo.setReviewState('d1', 'approved');
    expect((await full('d1')).reviewState).toBe('approved');
  });

  it('is refused for an invalid NHS number, an invalid date and an empty required value', async () => {
    await add('bad-nhs', result([], (r) => (r.patient.nhsNumber = '9998865086')));
    await add('bad-date', result([], (r) => (r.medications[0]!.date = '2024-02-30')));
    await add('no-name', result([], (r) => (r.medications[1]!.name = '')));
    await expect(repo.setReviewState('bad-nhs', 'approved')).rejects.toMatchObject({ reasons: [expect.stringContaining('not a valid NHS number')] });
    await expect(repo.setReviewState('bad-date', 'approved')).rejects.toMatchObject({ reasons: [expect.stringContaining('Medication 1: Prescribed or last issued must be a real date')] });
    await expect(repo.setReviewState('no-name', 'approved')).rejects.toMatchObject({ reasons: ['Medication 2: enter the medication'] });
    for (const id of ['bad-nhs', 'bad-date', 'no-name']) expect((await full(id)).reviewState).toBe('needs review');
  });

  it('needs an unidentified patient’s NHS number, name and date of birth entered and confirmed', async () => {
    await add('d1', result([{ path: 'patient', code: 'no-patient', reason: 'Nobody is identified.' }], (r) => Object.assign(r.patient, { nhsNumber: null, givenName: null, familyName: null, dateOfBirth: null })));
    const blockers = approvalBlockers(await full('d1'));
    expect(blockers[0]).toContain('NHS number, name and date of birth');
    expect(blockers).toContain('Enter the NHS number');
    // Confirming is refused until they are all there and valid.
    await expect(repo.markChecked('d1', 'patient')).rejects.toMatchObject({ name: 'CheckRefusedError' });
    await set('d1', 'patient.nhsNumber', VALID_NHS);
    await set('d1', 'patient.givenName', 'Olivia');
    await set('d1', 'patient.familyName', 'Okafor');
    await set('d1', 'patient.dateOfBirth', '1985-10-18');
    // Entered but not yet confirmed: the flag stays open.
    await expect(repo.setReviewState('d1', 'approved')).rejects.toMatchObject({ reasons: [expect.stringContaining('then confirm them')] });
    await repo.markChecked('d1', 'patient');
    await repo.setReviewState('d1', 'approved');
    expect((await full('d1')).reviewState).toBe('approved');
  });

  it('treats a record extracted without a date of birth as unidentified even when the extractor did not flag it', async () => {
    await add('d1', result([], (r) => (r.patient.dateOfBirth = null)));
    expect(openFlags(await full('d1')).map((f) => f.code)).toEqual(['no-patient']);
    expect(await listFlags('d1')).toBe(1);
  });
});
