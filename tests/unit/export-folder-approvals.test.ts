import 'fake-indexeddb/auto';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Channel, ScrApi } from '../../main/core/api/contract';
import type { ExtractionResult } from '../../main/core/contract/extraction';
import { emptyRecord } from '../../main/core/contract/record';
import { lockedCodec, setCodec } from '../../renderer/src/db/codec';
import { createSealedCodec } from '../../renderer/src/db/crypto/sealed-codec';
import { db } from '../../renderer/src/db/database';
import * as repo from '../../renderer/src/db/repository';
import type { TemplateRow } from '../../renderer/src/db/rows';
import { BUILT_IN, csvStart, DEFAULT_TEMPLATE } from '../../renderer/src/features/export/export-csv';
import { reconcileExportFolder, useExportFolderNotice, writeApprovedToExportFolder } from '../../renderer/src/features/export/export-folder-write';
import { buildExport } from '../../renderer/src/features/export/export-run';
import { bulkApprovalBlockers } from '../../renderer/src/features/review/bulk-approval';
import { makeServices, tempDir, type Harness } from '../server/harness';

/**
 * The export folder end to end below the screens: the page's real database (fake IndexedDB,
 * real AES-GCM) and main's real services (the export folder service writing to a temp dir),
 * joined as the desktop bridge joins them. A bulk approval is written as one file, with the
 * very lines a manual export writes, and those records then count as exported; a write that
 * fails leaves them approved and not exported, and says so.
 */
const NHS = ['9434765919', '9434765870', '4010232137'];

function result(i: number): ExtractionResult {
  const record = emptyRecord();
  record.patient.givenName = `Given${i}`;
  record.patient.familyName = `Family${i}`;
  record.patient.dateOfBirth = '1980-03-14';
  record.patient.nhsNumber = NHS[i]!;
  record.problems = [{ term: `Asthma ${i}`, date: null }];
  return { record, provenance: {}, confidence: {}, warnings: [], flags: [], extractor: 'rules', layout: 'gpsummary', sections: [] };
}

const id = (i: number) => `doc-${i}`;
let key: CryptoKey;
let h: Harness;
let folder: string;

beforeAll(() => {
  h = makeServices();
  // The page's bridge: every call goes through main's dispatch, as preload's does.
  const calls = {} as Record<Channel, (p: unknown) => Promise<unknown>>;
  for (const channel of Object.keys(h.services.handlers) as Channel[]) {
    calls[channel] = async (payload) => {
      const out = await h.services.invoke(channel, payload);
      if (out.ok) return out.value;
      throw out.error;
    };
  }
  (globalThis as { window?: unknown }).window = { scrApi: { ...calls, onEvent: () => () => undefined } as unknown as ScrApi };
});

afterAll(async () => {
  await h.cleanup();
  delete (globalThis as { window?: unknown }).window;
});

beforeEach(async () => {
  folder = tempDir('scr-export-folder-');
  key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
  setCodec(createSealedCodec(key));
  repo.setAuditSink(() => undefined);
  useExportFolderNotice.getState().dismiss();
  await repo.addDocuments(NHS.map((_, i) => ({ id: id(i), name: `file-${i}.pdf`, size: 3, blob: new Blob(['pdf']), addedAt: 1_700_000_000_000 + i })));
  for (let i = 0; i < NHS.length; i++) await repo.saveResult(id(i), result(i));
});

afterEach(async () => {
  await h.services.invoke('setExportFolder', { path: null });
  await h.services.invoke('setExportFolderTemplate', { template: { id: DEFAULT_TEMPLATE.id, name: DEFAULT_TEMPLATE.name } });
  // Main's notes outlive a test's database: none is left for the next test to find.
  const noted = await h.services.invoke('listUnacknowledgedExports', {});
  const fileNames = noted.ok ? noted.value.files.map((f) => f.fileName) : [];
  if (fileNames.length) await h.services.invoke('acknowledgeExportFiles', { fileNames, late: false });
  rmSync(folder, { recursive: true, force: true });
  setCodec(lockedCodec);
  setCodec(createSealedCodec(key));
  await db().delete({ disableAutoOpen: false });
});

const csvFiles = () => readdirSync(folder).filter((f) => f.endsWith('.csv'));
const ITEMS = BUILT_IN.find((t) => t.id === 'builtin-items')!;
const chooseTemplate = (t: { id: string; name: string }) => h.services.invoke('setExportFolderTemplate', { template: { id: t.id, name: t.name } });
const headerOf = (text: string) => text.replace(/^\uFEFF/, '').split('\r\n')[0];

describe('export folder after approvals', () => {
  it('writes a bulk approval as one file with the manual export’s own lines, and the records then count as exported', async () => {
    expect(await h.services.invoke('setExportFolder', { path: folder })).toMatchObject({ ok: true });
    const plan = await repo.planBulkApproval(bulkApprovalBlockers);
    const done = await repo.approveRecords(plan.ids, bulkApprovalBlockers);
    expect(done.sort()).toEqual([id(0), id(1), id(2)]);
    // What the Export screen would write for the approved records, before they are marked.
    const manual = await buildExport(DEFAULT_TEMPLATE, true, true);

    await writeApprovedToExportFolder(done);

    const files = csvFiles();
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^scr-approved-\d{8}-\d{6}-[0-9a-f]{8}\.csv$/);
    for (const nhs of NHS) expect(files[0]).not.toContain(nhs);
    expect(readdirSync(folder)).toEqual(files);
    const text = readFileSync(join(folder, files[0]!), 'utf8');
    expect(text).toBe(manual.content);
    expect(text.startsWith(csvStart(DEFAULT_TEMPLATE))).toBe(true);
    expect(text).toContain('9434765919');
    expect(text).toContain('Family2');

    expect(await repo.exportCounts()).toMatchObject({ approved: 3, approvedNew: 0 });
    expect((await buildExport(DEFAULT_TEMPLATE, true, true)).ids).toEqual([]);
    expect(useExportFolderNotice.getState().problem).toBeNull();
    const status = await h.services.invoke('getExportFolder', {});
    expect(status).toMatchObject({ ok: true, value: { status: { state: 'ready', lastWritten: { fileName: files[0], count: 3 }, lastError: null } } });
    // Main's audit trail has the file, by ids.
    const audit = h.services.audit.list({ action: 'exported' }).events[0]!;
    expect(audit.detail).toMatchObject({ count: 3, fileName: files[0], to: 'export-folder', documentIds: [id(0), id(1), id(2)] });
  });

  it('writes one approval by hand as a file of that record alone', async () => {
    await h.services.invoke('setExportFolder', { path: folder });
    await repo.setReviewState(id(1), 'approved');
    await writeApprovedToExportFolder([id(1)]);
    const [file] = csvFiles();
    const text = readFileSync(join(folder, file!), 'utf8');
    expect(text).toContain('Family1');
    expect(text).not.toContain('Family0');
    expect(await repo.exportCounts()).toMatchObject({ approved: 1, approvedNew: 0, allNew: 2 });
  });

  it('writes with the template chosen for the folder in Settings, and audits that template', async () => {
    await h.services.invoke('setExportFolder', { path: folder });
    expect(await chooseTemplate(ITEMS)).toMatchObject({ ok: true, value: { status: { template: { id: 'builtin-items', name: 'One row per item' } } } });
    await repo.setReviewState(id(0), 'approved');
    await repo.setReviewState(id(2), 'approved');
    // What the Export screen writes with that template.
    const manual = await buildExport(ITEMS, true, true);

    await writeApprovedToExportFolder([id(0), id(2)]);

    const [file] = csvFiles();
    const text = readFileSync(join(folder, file!), 'utf8');
    expect(text).toBe(manual.content);
    expect(headerOf(text)).toBe(ITEMS.columns.map((c) => c.header).join(','));
    expect(headerOf(text)).toContain('Item type');
    // One row per item: each record's problem is a row of its own.
    expect(text).toContain('Asthma 0');
    expect(text).toContain('Asthma 2');
    expect(await repo.exportCounts()).toMatchObject({ approved: 2, approvedNew: 0 });
    const audit = h.services.audit.list({ action: 'exported' }).events[0]!;
    expect(audit.detail).toMatchObject({ count: 2, template: 'One row per item', fileName: file, to: 'export-folder' });
  });

  it('writes with a template saved on the Export screen, as it is saved now; once it is no longer saved, writes nothing and says so', async () => {
    const now = Date.now();
    const mine: TemplateRow = {
      id: 'tpl-0b6f7d4e-1c2a-4f4e-9a51-8d7f0c1e2b3a',
      name: 'Practice import',
      shape: 'patient',
      columns: [
        { field: 'nhsNumber', header: 'NHSNo' },
        { field: 'familyName', header: 'Surname' },
      ],
      dateFormat: 'iso',
      nhsFormat: 'spaced',
      bom: false,
      createdAt: now,
      updatedAt: now,
    };
    await repo.saveTemplates([mine]);
    await h.services.invoke('setExportFolder', { path: folder });
    await chooseTemplate(mine);
    // Changed on the Export screen after it was chosen: the folder takes it as saved now.
    await repo.saveTemplates([{ ...mine, columns: [...mine.columns, { field: 'problems', header: 'Problems' }], updatedAt: now + 1 }]);
    await repo.setReviewState(id(1), 'approved');
    await writeApprovedToExportFolder([id(1)]);
    const [file] = csvFiles();
    const text = readFileSync(join(folder, file!), 'utf8');
    expect(text).toBe('NHSNo,Surname,Problems\r\n943 476 5870,Family1,Asthma 1\r\n');
    expect(h.services.audit.list({ action: 'exported' }).events[0]!.detail).toMatchObject({ template: 'Practice import', fileName: file });

    // Deleted on the Export screen: nothing is written in another template's columns.
    await repo.deleteTemplate(mine.id);
    await repo.setReviewState(id(2), 'approved');
    await writeApprovedToExportFolder([id(2)]);
    expect(csvFiles()).toEqual([file]);
    expect(useExportFolderNotice.getState().problem).toEqual({ count: 1, message: expect.stringContaining('“Practice import”, is no longer saved') });
    expect(await repo.exportCounts()).toMatchObject({ approved: 2, approvedNew: 1 });
  });

  it('takes a template for the folder by its id and name only', async () => {
    for (const template of [
      { id: 'tpl-1', name: 'Mine', columns: [{ field: 'nhsNumber', header: 'NHS' }] },
      { id: '../../etc/passwd', name: 'Mine' },
      { id: 'tpl-1', name: 'two\nlines' },
      { id: 'tpl-1', name: '' },
      { id: 'tpl-1' },
    ]) {
      expect(await h.services.invoke('setExportFolderTemplate', { template })).toMatchObject({ ok: false, error: { code: 'ERR_BAD_REQUEST' } });
    }
    expect(await h.services.invoke('getExportFolder', {})).toMatchObject({ ok: true, value: { status: { template: { id: DEFAULT_TEMPLATE.id } } } });
  });

  it('does nothing when no export folder is set', async () => {
    await repo.setReviewState(id(0), 'approved');
    await writeApprovedToExportFolder([id(0)]);
    expect(csvFiles()).toEqual([]);
    expect(await repo.exportCounts()).toMatchObject({ approvedNew: 1 });
    expect(useExportFolderNotice.getState().problem).toBeNull();
  });

  it('when the folder has gone: says so, and the records stay approved and not exported for the next export', async () => {
    await h.services.invoke('setExportFolder', { path: folder });
    rmSync(folder, { recursive: true });
    await repo.setReviewState(id(0), 'approved');
    await repo.setReviewState(id(2), 'approved');
    await writeApprovedToExportFolder([id(0), id(2)]);

    expect(existsSync(folder)).toBe(false);
    expect(useExportFolderNotice.getState().problem).toEqual({ count: 2, message: expect.stringContaining('cannot be found') });
    expect((await repo.listSummaries()).filter((r) => r.state === 'approved').map((r) => r.id).sort()).toEqual([id(0), id(2)]);
    expect(await repo.exportCounts()).toMatchObject({ approved: 2, approvedNew: 2 });
    expect((await buildExport(DEFAULT_TEMPLATE, true, true)).ids).toEqual([id(0), id(2)]);
    const status = await h.services.invoke('getExportFolder', {});
    expect(status).toMatchObject({ ok: true, value: { status: { state: 'missing', lastError: { message: expect.stringContaining('cannot be found') } } } });
  });
});

describe('export folder: the window closes between the file and the mark', () => {
  const lateEvents = () => h.services.audit.list({ action: 'export-marked-late' }).events;
  const unacknowledged = async () => {
    const out = await h.services.invoke('listUnacknowledgedExports', {});
    return out.ok ? out.value.files : null;
  };

  it('marks the records of a file main wrote at the next start, audited, so "not exported before" leaves them out', async () => {
    await h.services.invoke('setExportFolder', { path: folder });
    await repo.setReviewState(id(0), 'approved');
    await repo.setReviewState(id(2), 'approved');
    const built = await buildExport(DEFAULT_TEMPLATE, true, true);
    // The page hands the file over and is closed before it marks the records.
    const written = await h.services.invoke('writeExportFile', { content: built.content, documentIds: built.ids, template: DEFAULT_TEMPLATE.name });
    expect(written.ok).toBe(true);
    const fileName = written.ok ? written.value.fileName : '';
    expect(await repo.exportCounts()).toMatchObject({ approved: 2, approvedNew: 2 });
    // Main noted the file by ids only.
    const noted = await unacknowledged();
    expect(noted).toEqual([{ fileName, at: expect.any(String), documentIds: [id(0), id(2)] }]);

    // Opened again.
    expect(await reconcileExportFolder()).toBe(2);

    expect(await repo.exportCounts()).toMatchObject({ approved: 2, approvedNew: 0 });
    expect((await buildExport(DEFAULT_TEMPLATE, true, true)).ids).toEqual([]);
    expect(await unacknowledged()).toEqual([]);
    expect(lateEvents()).toHaveLength(1);
    expect(lateEvents()[0]!.detail).toEqual({ count: 2, fileName, to: 'export-folder', documentIds: [id(0), id(2)] });
    // Marked with the time the file was written: retention counts from then.
    expect((await db().records.get(id(0)))!.exportedAt).toBe(Date.parse(noted![0]!.at));

    // Once is enough: a second start finds nothing and says nothing.
    expect(await reconcileExportFolder()).toBe(0);
    expect(lateEvents()).toHaveLength(1);
    expect(csvFiles()).toEqual([fileName]);
  });

  it('leaves nothing noted after a write the page marked itself, and audits no late mark', async () => {
    await h.services.invoke('setExportFolder', { path: folder });
    await repo.setReviewState(id(1), 'approved');
    const before = lateEvents().length;
    await writeApprovedToExportFolder([id(1)]);
    expect(await unacknowledged()).toEqual([]);
    expect(await reconcileExportFolder()).toBe(0);
    expect(lateEvents()).toHaveLength(before);
    expect(await repo.exportCounts()).toMatchObject({ approved: 1, approvedNew: 0 });
  });

  it('keeps a later export time: an old file marked late does not move a record’s time back', async () => {
    await h.services.invoke('setExportFolder', { path: folder });
    await repo.setReviewState(id(0), 'approved');
    const built = await buildExport(DEFAULT_TEMPLATE, true, true);
    await h.services.invoke('writeExportFile', { content: built.content, documentIds: built.ids, template: DEFAULT_TEMPLATE.name });
    // Exported again from the Export screen before the page reconciled.
    const later = Date.now() + 60_000;
    await repo.markExported([id(0)], later);
    expect(await reconcileExportFolder()).toBe(0);
    expect((await db().records.get(id(0)))!.exportedAt).toBe(later);
    expect(await unacknowledged()).toEqual([]);
  });
});
