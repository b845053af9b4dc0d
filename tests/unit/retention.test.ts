import 'fake-indexeddb/auto';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RendererAuditEvent } from '../../main/core/contract/audit';
import type { ExtractionResult } from '../../main/core/contract/extraction';
import { emptyRecord } from '../../main/core/contract/record';
import { lockedCodec, setCodec } from '../../renderer/src/db/codec';
import { createSealedCodec } from '../../renderer/src/db/crypto/sealed-codec';
import { db } from '../../renderer/src/db/database';
import * as repo from '../../renderer/src/db/repository';

/**
 * Retention with the clock moved: PDFs go a set time after approval or export, records a
 * set number of days after they were added; nothing that has not reached its time goes.
 */
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.parse('2025-03-01T09:00:00Z');
const DEFAULTS = { pdfHoursAfterApproval: 24, recordDays: 30 };
let key: CryptoKey;
let audit: RendererAuditEvent[] = [];

function result(): ExtractionResult {
  const record = emptyRecord();
  record.patient.familyName = 'Okafor';
  record.patient.givenName = 'Olivia';
  record.patient.nhsNumber = '9998865085';
  // Approval is refused without a whole, valid identity.
  record.patient.dateOfBirth = '1985-10-18';
  return { record, provenance: {}, confidence: {}, warnings: [], flags: [], extractor: 'rules', layout: 'gpsummary', sections: [] };
}

async function at(time: number, work: () => Promise<unknown>): Promise<void> {
  vi.setSystemTime(time);
  await work();
}

async function add(id: string, addedAt: number, withRecord = true): Promise<void> {
  await at(addedAt, async () => {
    await repo.addDocuments([{ id, name: `${id}.pdf`, size: 3, blob: new Blob(['pdf']), addedAt }]);
    if (withRecord) await repo.saveResult(id, result());
  });
}

beforeAll(async () => {
  key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
});

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  setCodec(createSealedCodec(key));
  audit = [];
  repo.setAuditSink((events) => audit.push(...events));
});

afterEach(async () => {
  vi.useRealTimers();
  setCodec(createSealedCodec(key));
  await db().delete({ disableAutoOpen: false });
});

/** The situation the tests move the clock over. */
async function practice(): Promise<void> {
  await add('old', T0 - 31 * DAY);
  await add('failed-old', T0 - 29 * DAY, false);
  await add('approved-25h', T0 - 2 * DAY);
  await at(T0 - 25 * HOUR, () => repo.setReviewState('approved-25h', 'approved'));
  await add('approved-23h', T0 - 2 * DAY);
  await at(T0 - 23 * HOUR, () => repo.setReviewState('approved-23h', 'approved'));
  await add('exported-30h', T0 - 3 * DAY);
  await repo.markExported(['exported-30h'], T0 - 30 * HOUR);
  await add('reopened', T0 - 3 * DAY);
  await at(T0 - 40 * HOUR, () => repo.setReviewState('reopened', 'approved'));
  await at(T0 - 39 * HOUR, () => repo.setReviewState('reopened', 'needs review'));
  await add('fresh', T0 - HOUR);
  audit = [];
}

async function pdfStillHere(id: string): Promise<boolean> {
  return ((await db().documents.get(id))?.blob ?? null) !== null;
}

describe('retention', () => {
  it('purges records after 30 days and PDFs 24 hours after approval or export, and nothing else', async () => {
    await practice();
    const purged = await repo.purgeExpired(T0, DEFAULTS);
    expect(purged.records).toEqual(['old']);
    expect(purged.pdfs.sort()).toEqual(['approved-25h', 'exported-30h']);

    // Nothing expired remains.
    expect(await db().documents.get('old')).toBeUndefined();
    for (const table of ['jobs', 'records', 'evidence', 'summaries'] as const) expect(await db()[table].get('old')).toBeUndefined();
    expect(await pdfStillHere('approved-25h')).toBe(false);
    expect(await pdfStillHere('exported-30h')).toBe(false);
    // Nothing unexpired was removed: the records of purged PDFs, and every other document whole.
    expect((await repo.getFullRecord('approved-25h'))!.record.patient.familyName).toBe('Okafor');
    expect((await repo.getDocument('approved-25h'))!).toMatchObject({ blob: null, pdfPurgedAt: T0 });
    for (const id of ['failed-old', 'approved-23h', 'reopened', 'fresh']) expect(await pdfStillHere(id), id).toBe(true);
    expect((await db().documents.toCollection().primaryKeys()).sort()).toEqual(['approved-23h', 'approved-25h', 'exported-30h', 'failed-old', 'fresh', 'reopened']);

    expect(audit).toEqual([
      { action: 'purged', what: 'record', reason: 'retention', documentIds: ['old'] },
      { action: 'purged', what: 'pdf', reason: 'retention', documentIds: expect.arrayContaining(['approved-25h', 'exported-30h']) },
    ]);
  });

  it('purges more as the clock moves on, and nothing twice', async () => {
    await practice();
    await repo.purgeExpired(T0, DEFAULTS);
    audit = [];
    expect(await repo.purgeExpired(T0 + 30 * 60_000, DEFAULTS)).toEqual({ records: [], pdfs: [] });
    expect(audit).toEqual([]);

    const later = await repo.purgeExpired(T0 + 2 * HOUR, DEFAULTS);
    expect(later).toEqual({ records: [], pdfs: ['approved-23h'] });

    const month = await repo.purgeExpired(T0 + 31 * DAY, DEFAULTS);
    expect(month.records.sort()).toEqual(['approved-23h', 'approved-25h', 'exported-30h', 'failed-old', 'fresh', 'reopened']);
    expect(await db().documents.count()).toBe(0);
    expect(await db().records.count()).toBe(0);
    expect(await db().summaries.count()).toBe(0);
  });

  it('follows the practice’s own settings', async () => {
    await practice();
    const purged = await repo.purgeExpired(T0, { pdfHoursAfterApproval: 0, recordDays: 2 });
    expect(purged.records.sort()).toEqual(['exported-30h', 'failed-old', 'old', 'reopened']);
    expect(purged.pdfs.sort()).toEqual(['approved-23h', 'approved-25h']);
    expect(await pdfStillHere('fresh')).toBe(true);
  });

  it('needs no key: it runs before the passphrase and while the app is locked', async () => {
    await practice();
    setCodec(lockedCodec);
    expect((await repo.purgeExpired(T0, DEFAULTS)).records).toEqual(['old']);
  });
});
