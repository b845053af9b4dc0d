import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ExtractionResult } from '../../main/core/contract/extraction';
import { emptyRecord } from '../../main/core/contract/record';
import { DataLockedError, lockedCodec, setCodec } from '../../renderer/src/db/codec';
import { createSealedCodec } from '../../renderer/src/db/crypto/sealed-codec';
import { db } from '../../renderer/src/db/database';
import * as repo from '../../renderer/src/db/repository';
import { sealLegacyRows } from '../../renderer/src/db/seal-legacy';

/**
 * Encryption at rest in the renderer's database: what IndexedDB is given holds no patient
 * value (the raw rows are searched for them), the app reads them back through the data key,
 * a sealed value moved to another row does not open, and without the key nothing is read.
 */
const PATIENT = { nhsNumber: '9998865085', givenName: 'Olivia', familyName: 'Okafor', postcode: 'CB15 8XZ', dateOfBirth: '1985-10-18', address: '70 Victoria Road' };
const FILE = 'Okafor Olivia 9998865085.pdf';
const PDF_TEXT = '%PDF-1.4 Olivia Okafor 999 886 5085';

function result(): ExtractionResult {
  const record = emptyRecord();
  Object.assign(record.patient, PATIENT);
  record.medications = [{ category: 'repeat', name: 'Simvastatin 40mg tablets', dosage: 'one at night', quantity: null, date: null, endDate: null }];
  return {
    record,
    provenance: { 'patient.familyName': { boxes: [{ page: 1, x: 1, y: 2, width: 3, height: 4 }], text: 'OKAFOR, Olivia', extractor: 'rules' } },
    confidence: { 'patient.familyName': 0.95 },
    warnings: [],
    flags: [],
    extractor: 'rules',
    layout: 'gpsummary',
    sections: [],
  };
}

async function newKey(): Promise<CryptoKey> {
  return crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

/** Every stored row as text, blobs' bytes included: what a copy of the database files would hold. */
async function rawDatabase(): Promise<string> {
  const d = db();
  const parts: string[] = [];
  for (const table of d.tables) {
    for (const row of await table.toArray()) {
      parts.push(JSON.stringify(row, (_k, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : v)));
      const blob = (row as { blob?: unknown }).blob;
      if (blob instanceof Blob) parts.push(Buffer.from(await blob.arrayBuffer()).toString('latin1'));
    }
  }
  return parts.join('\n');
}

const LEAKS = [PATIENT.nhsNumber, '999 886 5085', PATIENT.givenName, PATIENT.familyName, PATIENT.postcode, PATIENT.dateOfBirth, 'Victoria', 'Simvastatin', 'one at night'];

beforeEach(async () => {
  setCodec(createSealedCodec(await newKey()));
});

afterEach(async () => {
  await db().delete({ disableAutoOpen: false });
  vi.restoreAllMocks();
});

async function fill(): Promise<void> {
  await repo.addDocuments([{ id: 'd1', name: FILE, size: PDF_TEXT.length, blob: new Blob([PDF_TEXT]), addedAt: 1 }]);
  await repo.mirrorJobs([{ ...(await repo.listJobs())[0]!, status: 'complete', percent: 100 }]);
  await repo.saveResult('d1', result());
  await repo.editRecord('d1', (row) => ({ ...row, record: { ...row.record, patient: { ...row.record.patient, familyName: 'Okafor-Smith' } } }), {
    path: 'patient.familyName',
    kind: 'set',
    oldValue: 'Okafor',
    newValue: 'Okafor-Smith',
  });
}

describe('rows at rest', () => {
  it('hands IndexedDB no NHS number, name, postcode, date of birth, address, medicine or file name', async () => {
    await fill();
    const raw = await rawDatabase();
    for (const leak of [...LEAKS, 'Okafor-Smith', 'Okafor Olivia']) expect(raw, leak).not.toContain(leak);
    // …and the app reads every one of them back.
    const full = (await repo.getFullRecord('d1'))!;
    expect(full.record.patient).toMatchObject({ nhsNumber: PATIENT.nhsNumber, familyName: 'Okafor-Smith', postcode: PATIENT.postcode });
    expect(full.provenance['patient.familyName']!.text).toBe('OKAFOR, Olivia');
    expect(await (await repo.getDocument('d1'))!.blob!.text()).toBe(PDF_TEXT);
    expect((await repo.listSummaries())[0]).toMatchObject({ patientName: 'Olivia Okafor-Smith', nhsNumber: PATIENT.nhsNumber, fileName: FILE });
    expect((await repo.listJobs())[0]!.name).toBe(FILE);
    expect(await repo.getEdits('d1')).toMatchObject([{ oldValue: 'Okafor', newValue: 'Okafor-Smith' }]);
  });

  it('keeps in the clear only what indexes, counts and retention need', async () => {
    await fill();
    const record = (await db().records.get('d1'))!;
    expect(Object.keys(record).sort()).toEqual(['approvedAt', 'createdAt', 'exportedAt', 'id', 'reviewState', 'sealed', 'updatedAt']);
    const summary = (await db().summaries.get('d1'))!;
    expect(Object.keys(summary).sort()).toEqual(['addedAt', 'flags', 'id', 'sealed', 'state', 'updatedAt']);
    expect(Object.keys((await db().evidence.get('d1'))!).sort()).toEqual(['id', 'sealed']);
  });

  it('uses a fresh IV for every seal: the same values never look the same twice', async () => {
    await fill();
    const first = (await db().records.get('d1'))!.sealed;
    await repo.setReviewState('d1', 'approved');
    await repo.setReviewState('d1', 'needs review');
    const again = (await db().records.get('d1'))!.sealed;
    expect(Buffer.from(again.iv).equals(Buffer.from(first.iv))).toBe(false);
    expect(first.iv.byteLength).toBe(12);
  });

  it('refuses a sealed value moved to another row, rather than show one patient under another', async () => {
    await fill();
    await repo.addDocuments([{ id: 'd2', name: 'other.pdf', size: 1, blob: new Blob(['x']), addedAt: 2 }]);
    const stolen = (await db().summaries.get('d1'))!.sealed;
    await db().summaries.update('d2', { sealed: stolen });
    await expect(repo.listSummaries()).rejects.toThrow();
  });

  it('reads and writes nothing without the key', async () => {
    await fill();
    setCodec(lockedCodec);
    await expect(repo.getFullRecord('d1')).rejects.toBeInstanceOf(DataLockedError);
    await expect(repo.listSummaries()).rejects.toBeInstanceOf(DataLockedError);
    await expect(repo.addDocuments([{ id: 'd3', name: 'x.pdf', size: 1, blob: new Blob(['x']), addedAt: 3 }])).rejects.toBeInstanceOf(DataLockedError);
    expect(await db().documents.count()).toBe(1);
  });

  it('does not open with another key', async () => {
    await fill();
    setCodec(createSealedCodec(await newKey()));
    await expect(repo.getFullRecord('d1')).rejects.toThrow();
  });

  it('opens the list rows once and keeps them until the app locks', async () => {
    await fill();
    const decrypt = vi.spyOn(crypto.subtle, 'decrypt');
    await repo.listSummaries();
    const once = decrypt.mock.calls.length;
    expect(once).toBeGreaterThan(0);
    await repo.listSummaries();
    expect(decrypt.mock.calls.length).toBe(once);
    // A rewritten row is opened again; the others are not.
    await repo.setReviewState('d1', 'approved');
    const before = decrypt.mock.calls.length;
    await repo.listSummaries();
    expect(decrypt.mock.calls.length).toBe(before + 1);
  });

  it('seals rows written in the clear before encryption, once the key is here', async () => {
    const d = db();
    await d.documents.add({ id: 'old', name: FILE, size: 3, sha256: null, blob: new Blob(['pdf']), addedAt: 1 } as never);
    await d.summaries.add({ id: 'old', fileName: FILE, patientName: 'Olivia Okafor', nhsNumber: PATIENT.nhsNumber, dateOfBirth: '', state: 'processing', flags: 0, addedAt: 1, updatedAt: 1 } as never);
    expect(await rawDatabase()).toContain(PATIENT.nhsNumber);
    expect(await sealLegacyRows()).toBe(2);
    expect(await rawDatabase()).not.toContain(PATIENT.nhsNumber);
    expect((await repo.listSummaries())[0]).toMatchObject({ nhsNumber: PATIENT.nhsNumber, fileName: FILE });
    expect(await sealLegacyRows()).toBe(0);
  });
});
