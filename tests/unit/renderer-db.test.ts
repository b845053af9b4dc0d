import 'fake-indexeddb/auto';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ExtractionResult } from '../../main/core/contract/extraction';
import type { Job } from '../../main/core/contract/job';
import { emptyRecord } from '../../main/core/contract/record';
import { setCodec } from '../../renderer/src/db/codec';
import { createSealedCodec } from '../../renderer/src/db/crypto/sealed-codec';
import { db } from '../../renderer/src/db/database';
import * as repo from '../../renderer/src/db/repository';
import type { DocumentRow, EvidenceRow, JobRow, RecordRow } from '../../renderer/src/db/rows';
import { ScrDatabase, SCHEMA_VERSION } from '../../renderer/src/db/schema';
import { removeItem } from '../../renderer/src/features/review/record-edits';

/**
 * The renderer's database in Node (fake-indexeddb): the schema's migrations from the first
 * version, and the repository rules the app relies on for "nothing lost, nothing twice".
 */
const deps = { indexedDB, IDBKeyRange };

function job(id: string, status: Job['status'] = 'queued'): JobRow {
  return {
    id, sha256: '', name: `${id}.pdf`, size: 3, status, step: null, percent: 0, attempts: 0, error: null, queuedAt: 1, startedAt: null,
    finishedAt: null, stepMs: {}, usage: null, extractor: null, pages: null, duplicateOf: null, priority: false, waiting: null,
  };
}

function result(nhsNumber: string): ExtractionResult {
  const record = emptyRecord();
  record.patient.nhsNumber = nhsNumber;
  record.patient.familyName = 'Okafor';
  record.medications = [
    { category: 'repeat', name: 'Simvastatin 40mg tablets', dosage: null, quantity: null, date: null, endDate: null },
    { category: 'repeat', name: 'Aspirin 75mg dispersible tablets', dosage: null, quantity: null, date: null, endDate: null },
  ];
  const box = (page: number) => ({ boxes: [{ page, x: 1, y: 2, width: 3, height: 4 }], text: 't', extractor: 'rules' as const });
  return {
    record,
    provenance: { 'patient.nhsNumber': box(1), 'medications.0.name': box(1), 'medications.1.name': box(2) },
    confidence: { 'patient.nhsNumber': 0.5, 'medications.1.name': 0.9 },
    warnings: [{ code: 'nhs-checksum', message: 'Check the NHS number.', path: 'patient.nhsNumber' }],
    flags: [],
    extractor: 'rules',
    layout: 'gpsummary',
    sections: [],
  };
}

beforeAll(async () => {
  // The app's codec with a data key, as after unlock: every row below is sealed.
  setCodec(createSealedCodec(await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt'])));
});

afterEach(async () => {
  // Fresh for the next test, and the app's database stays usable (it opens itself again).
  await db().delete({ disableAutoOpen: false });
});

describe('renderer database', () => {
  it('carries a version 1 database forward, building the review list rows', async () => {
    const name = 'migrate-from-v1';
    const v1 = new ScrDatabase(name, deps, 1);
    const doc: DocumentRow = { id: 'd1', name: 'a.pdf', size: 3, sha256: 'ab', blob: new Blob(['pdf']), addedAt: 5 };
    const r = result('9998865085');
    const record: RecordRow = { id: 'd1', record: r.record, extractor: 'rules', layout: 'x', reviewState: 'approved', approvedAt: 9, approvedBy: 'me', createdAt: 6, updatedAt: 9 };
    const evidence: EvidenceRow = { id: 'd1', extracted: r.record, provenance: r.provenance, confidence: r.confidence, warnings: r.warnings };
    // Version 1 wrote rows in the clear.
    await v1.documents.bulkAdd([doc, { ...doc, id: 'd2', name: 'b.pdf', sha256: 'cd' }] as never);
    await v1.jobs.bulkAdd([job('d1', 'complete'), { ...job('d2', 'failed') }] as never);
    await v1.records.add(record as never);
    await v1.evidence.add(evidence as never);
    v1.close();

    const now = new ScrDatabase(name, deps);
    await now.open();
    expect(now.verno).toBe(SCHEMA_VERSION);
    const rows = (await now.summaries.toArray()) as unknown as { id: string; state: string; nhsNumber: string; flags: number }[];
    expect(rows.map((s) => [s.id, s.state, s.nhsNumber, s.flags])).toEqual([
      ['d1', 'approved', '9998865085', 2],
      ['d2', 'failed', '', 0],
    ]);
    expect(await now.documents.count()).toBe(2);
    now.close();
    await now.delete();
  });

  it('keeps the first result for a document and never a second one', async () => {
    await repo.addDocuments([{ id: 'd1', name: 'a.pdf', size: 3, blob: new Blob(['pdf']), addedAt: 1 }]);
    expect(await repo.saveResult('d1', result('9998865085'))).toBe(true);
    await repo.editRecord('d1', (row) => ({ ...row, record: { ...row.record, patient: { ...row.record.patient, familyName: 'Okafor-Smith' } } }), {
      path: 'patient.familyName', kind: 'set', oldValue: 'Okafor', newValue: 'Okafor-Smith',
    });
    // The same job's result again (a resubmission after a restart): the correction stands.
    expect(await repo.saveResult('d1', result('9998865085'))).toBe(false);
    expect((await repo.getRecord('d1'))!.record.patient.familyName).toBe('Okafor-Smith');
    expect(await db().records.count()).toBe(1);
    const edits = await repo.getEdits('d1');
    expect(edits).toHaveLength(1);
    expect(edits[0]).toMatchObject({ path: 'patient.familyName', oldValue: 'Okafor', newValue: 'Okafor-Smith', who: 'unknown user' });
  });

  it('ignores engine events for documents that were removed, and finds unfinished jobs', async () => {
    await repo.addDocuments([
      { id: 'd1', name: 'a.pdf', size: 3, blob: new Blob(['a']), addedAt: 1 },
      { id: 'd2', name: 'b.pdf', size: 3, blob: new Blob(['b']), addedAt: 2 },
    ]);
    await repo.removeDocuments(['d2']);
    await repo.mirrorJobs([{ ...job('d1'), status: 'running' }, { ...job('d2'), status: 'complete' }]);
    expect((await db().jobs.toArray()).map((j) => [j.id, j.status])).toEqual([['d1', 'running']]);
    expect((await repo.unfinishedJobs()).map((j) => j.id)).toEqual(['d1']);
    // Its result arrives, its last event does not: the job is settled, not run again.
    await repo.saveResult('d1', result('9998865085'));
    expect(await repo.withRecords(['d1', 'd2'])).toEqual(['d1']);
    await repo.markComplete(['d1']);
    expect(await repo.unfinishedJobs()).toEqual([]);
    expect((await repo.listSummaries()).map((s) => s.state)).toEqual(['needs review']);
  });

  it('moves source boxes with their items when an item is removed', async () => {
    await repo.addDocuments([{ id: 'd1', name: 'a.pdf', size: 3, blob: new Blob(['a']), addedAt: 1 }]);
    await repo.saveResult('d1', result('9998865085'));
    await repo.editRecord('d1', (row) => removeItem(row, 'medications', 0), { path: 'medications.0', kind: 'remove-item', oldValue: null, newValue: null });
    const full = (await repo.getFullRecord('d1'))!;
    expect(full.record.medications.map((m) => m.name)).toEqual(['Aspirin 75mg dispersible tablets']);
    expect(full.provenance['medications.0.name']!.boxes[0]!.page).toBe(2);
    expect(full.provenance['medications.1.name']).toBeUndefined();
    expect(full.confidence['medications.0.name']).toBe(0.9);
    expect(full.reviewState).toBe('needs review');
  });

  it('takes the hash main reported onto the document, once, and says which documents it learnt it for', async () => {
    await repo.addDocuments([
      { id: 'd1', name: 'a.pdf', size: 3, blob: new Blob(['a']), addedAt: 1 },
      { id: 'd2', name: 'b.pdf', size: 3, blob: new Blob(['b']), addedAt: 2 },
    ]);
    expect(await repo.mirrorJobs([{ ...job('d1'), status: 'running', sha256: 'a'.repeat(64) }, { ...job('d2'), status: 'queued' }])).toEqual([
      { id: 'd1', sha256: 'a'.repeat(64) },
    ]);
    expect((await db().documents.get('d1'))!.sha256).toBe('a'.repeat(64));
    expect((await db().documents.get('d2'))!.sha256).toBeNull();
    // Later events carry the same hash: nothing new is learnt.
    expect(await repo.mirrorJobs([{ ...job('d1'), status: 'complete', sha256: 'a'.repeat(64) }])).toEqual([]);
  });

  it('finds later copies of a document whichever order main hashed them in, but never one with a record or one staff chose to process again', async () => {
    const sha = 'b'.repeat(64);
    await repo.addDocuments([
      { id: 'd1', name: 'first.pdf', size: 3, blob: new Blob(['x']), addedAt: 1 },
      { id: 'd2', name: 'second.pdf', size: 3, blob: new Blob(['x']), addedAt: 2 },
      { id: 'd3', name: 'again.pdf', size: 3, blob: new Blob(['x']), addedAt: 3, processAgain: true },
      { id: 'd4', name: 'read.pdf', size: 3, blob: new Blob(['x']), addedAt: 4 },
    ]);
    await repo.saveResult('d4', result('9998865085'));
    // The later ones hashed first: alone, nothing is a duplicate yet.
    await repo.mirrorJobs(['d2', 'd3', 'd4'].map((id) => ({ ...job(id), status: 'running' as const, sha256: sha })));
    expect(await repo.duplicatesOf(sha)).toBeUndefined();
    await repo.mirrorJobs([{ ...job('d1'), status: 'running', sha256: sha }]);
    const found = (await repo.duplicatesOf(sha))!;
    expect(found.original).toMatchObject({ id: 'd1', name: 'first.pdf' });
    expect(found.duplicates.map((d) => d.id)).toEqual(['d2']);
  });

  it('keeps the copy of a picked file once it comes, and never over a purged or removed one', async () => {
    await repo.addDocuments([
      { id: 'd1', name: 'picked.pdf', size: 3, blob: null, addedAt: 1 },
      { id: 'd2', name: 'gone.pdf', size: 3, blob: null, addedAt: 2 },
    ]);
    await repo.mirrorJobs([{ ...job('d1'), status: 'running', sha256: 'c'.repeat(64) }]);
    expect(await repo.storePdf('d1', new Blob(['%PDF-1.7 picked']))).toBe(true);
    const doc = (await repo.getDocument('d1'))!;
    expect(await doc.blob!.text()).toBe('%PDF-1.7 picked');
    expect(doc.sha256).toBe('c'.repeat(64));
    // Stored sealed, like every PDF.
    expect(await (await db().documents.get('d1'))!.blob!.text()).not.toContain('picked');
    expect(await repo.storePdf('d1', new Blob(['other']))).toBe(false);
    await repo.removeDocuments(['d2']);
    expect(await repo.storePdf('d2', new Blob(['%PDF']))).toBe(false);
  });
});
