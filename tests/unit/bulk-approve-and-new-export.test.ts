import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RendererAuditEvent } from '../../main/core/contract/audit';
import type { ExtractionResult } from '../../main/core/contract/extraction';
import { emptyRecord } from '../../main/core/contract/record';
import { BUILTIN_TEMPLATES } from '../../main/core/csv/template';
import { lockedCodec, setCodec } from '../../renderer/src/db/codec';
import { createSealedCodec } from '../../renderer/src/db/crypto/sealed-codec';
import { db } from '../../renderer/src/db/database';
import * as repo from '../../renderer/src/db/repository';
import { buildExport } from '../../renderer/src/features/export/export-run';
import { bulkApprovalBlockers } from '../../renderer/src/features/review/bulk-approval';
import { buildHaystacks, searchRows } from '../../renderer/src/features/review/filter';

/**
 * Issue 11 over the real database (fake IndexedDB, real AES-GCM): the list's search terms
 * travel sealed, bulk approval takes exactly the records with nothing to check and a valid
 * NHS number, and "only records not exported before" leaves out what went into a CSV.
 */
const VALID = ['9434765919', '9434765870', '4010232137', '9990001116', '9990000020'];

function result(i: number): ExtractionResult {
  const record = emptyRecord();
  record.patient.givenName = `Given${i}`;
  record.patient.familyName = `Family${i}`;
  record.patient.dateOfBirth = '1980-03-14';
  // doc-3 has an NHS number whose check digit is wrong.
  record.patient.nhsNumber = i === 3 ? '9434765918' : VALID[i % VALID.length]!;
  record.medications = i % 2 === 0 ? [{ category: 'acute', name: 'Amoxicillin 500mg capsules', dosage: null, quantity: null, date: null, endDate: null }] : [];
  record.problems = [{ term: `Asthma ${i}`, date: null }];
  // doc-1 and doc-4 have something to check.
  const warnings = i === 1 || i === 4 ? [{ code: 't', message: 'Check.', path: 'patient.postcode' }] : [];
  const flags = warnings.map((w) => ({ path: w.path, code: w.code, reason: w.message }));
  return { record, provenance: {}, confidence: {}, warnings, flags, extractor: 'rules', layout: 'gpsummary', sections: [] };
}

const id = (i: number) => `doc-${i}`;
let key: CryptoKey;
const audited: RendererAuditEvent[] = [];

beforeEach(async () => {
  key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
  setCodec(createSealedCodec(key));
  repo.setAuditSink((events) => audited.push(...events));
  audited.length = 0;
  await repo.addDocuments(Array.from({ length: 6 }, (_, i) => ({ id: id(i), name: `file-${i}.pdf`, size: 3, blob: new Blob(['pdf']), addedAt: 1_700_000_000_000 + i })));
  for (let i = 0; i < 6; i++) await repo.saveResult(id(i), result(i));
  // doc-5 is approved already.
  await repo.setReviewState(id(5), 'approved');
});

afterEach(async () => {
  setCodec(lockedCodec);
  setCodec(createSealedCodec(key));
  await db().delete({ disableAutoOpen: false });
});

describe('search terms', () => {
  it('are sealed in the list row, never in the clear, and found once opened', async () => {
    const stored = await db().summaries.toArray();
    expect(JSON.stringify(stored).toLowerCase()).not.toContain('amoxicillin');
    expect(JSON.stringify(stored).toLowerCase()).not.toContain('asthma');
    const rows = await repo.listSummaries();
    expect(searchRows(rows, buildHaystacks(rows), 'all', 'amoxicillin').map((r) => r.id).sort()).toEqual([id(0), id(2), id(4)]);
    expect(searchRows(rows, buildHaystacks(rows), 'all', 'asthma 3').map((r) => r.id)).toEqual([id(3)]);
  });
});

describe('bulk approval', () => {
  it('plans exactly the records waiting with nothing to check, leaving out an invalid NHS number with its reason', async () => {
    const plan = await repo.planBulkApproval(bulkApprovalBlockers);
    expect(plan.ids.sort()).toEqual([id(0), id(2)]);
    expect(plan.blocked.map((b) => b.id)).toEqual([id(3)]);
    expect(plan.blocked[0]!.reasons.some((r) => /not a valid NHS number/.test(r))).toBe(true);
    // Planning writes nothing.
    expect((await repo.listSummaries()).filter((r) => r.state === 'approved').map((r) => r.id)).toEqual([id(5)]);
  });

  it('approves them, in the list and the record, reported as approvals, and checks each again as it writes', async () => {
    const plan = await repo.planBulkApproval(bulkApprovalBlockers);
    // Meanwhile doc-2 is changed by hand and approved: it is not approved again.
    await repo.setReviewState(id(2), 'approved');
    audited.length = 0;
    const done = await repo.approveRecords([...plan.ids, id(3), id(1)], bulkApprovalBlockers);
    expect(done).toEqual([id(0)]);
    const rows = await repo.listSummaries();
    expect(rows.filter((r) => r.state === 'approved').map((r) => r.id).sort()).toEqual([id(0), id(2), id(5)]);
    const record = await repo.getRecord(id(0));
    expect(record).toMatchObject({ reviewState: 'approved', approvedBy: 'unknown user' });
    expect(record!.approvedAt).toBeGreaterThan(0);
    expect(audited).toEqual([{ action: 'approved', documentId: id(0) }]);
    // The list row keeps what it said (terms, flags), only its state moved.
    expect(searchRows(rows, buildHaystacks(rows), 'approved', 'amoxicillin').map((r) => r.id).sort()).toEqual([id(0), id(2)]);
  });
});

describe('export only records not exported before', () => {
  it('leaves out records already in a CSV, counts them apart, and the next run takes only new ones', async () => {
    await repo.markExported([id(0), id(5)], Date.now());
    expect(await repo.exportCounts()).toEqual({ approved: 1, all: 6, approvedNew: 0, allNew: 4 });
    const built = await buildExport(BUILTIN_TEMPLATES[0]!, false, true);
    expect(built.ids).toEqual([id(1), id(2), id(3), id(4)]);
    expect(built.content).not.toContain('Family0');
    expect(built.content).toContain('Family1');
    const preview = await repo.recordsForExport(false, 5, true);
    expect(preview.map((p) => p.row.id)).toEqual([id(1), id(2), id(3), id(4)]);
    // Without the option every record goes.
    expect((await buildExport(BUILTIN_TEMPLATES[0]!, false)).ids).toHaveLength(6);
    await repo.markExported(built.ids, Date.now());
    expect((await buildExport(BUILTIN_TEMPLATES[0]!, false, true)).ids).toEqual([]);
  });
});
