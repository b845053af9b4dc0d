import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ExtractionResult } from '../../main/core/contract/extraction';
import { emptyRecord } from '../../main/core/contract/record';
import { codec, lockedCodec, setCodec } from '../../renderer/src/db/codec';
import { createSealedCodec } from '../../renderer/src/db/crypto/sealed-codec';
import { db } from '../../renderer/src/db/database';
import * as repo from '../../renderer/src/db/repository';
import { backfillSearchTerms, backfillSearchTermsWhenIdle } from '../../renderer/src/db/search-terms-backfill';
import { buildHaystacks, searchRows } from '../../renderer/src/features/review/filter';

/**
 * List rows written before search terms existed (fake IndexedDB, real AES-GCM): the pass
 * after unlock gives them their terms, touches nothing else, resumes where it stopped and
 * does nothing the second time. It is started by the open app at unlock, not by the review
 * list, once the first screen has had its turn (and tests/e2e/search-terms-backfill.test.ts
 * sees it run in the app with the review list never opened).
 */
const id = (i: number) => `doc-${i}`;

function result(i: number): ExtractionResult {
  const record = emptyRecord();
  record.patient.givenName = `Given${i}`;
  record.patient.familyName = `Family${i}`;
  record.patient.dateOfBirth = '1980-03-14';
  record.patient.nhsNumber = ['9434765919', '9434765870', '4010232137'][i]!;
  record.medications = [{ category: 'acute', name: 'Amoxicillin 500mg capsules', dosage: null, quantity: null, date: null, endDate: null }];
  record.allergies = [{ description: 'Penicillin', reaction: 'Urticaria', date: null }];
  record.problems = [{ term: `Asthma ${i}`, date: null }];
  return { record, provenance: {}, confidence: {}, warnings: [], flags: [], extractor: 'rules', layout: 'gpsummary', sections: [] };
}

/** Rewrites a list row as a version before search terms wrote it: the same row without `terms`. */
async function makeOldStyle(docId: string): Promise<void> {
  const [open] = await codec().openSummaries([(await db().summaries.get(docId))!]);
  const { terms: _gone, ...old } = open!;
  await db().summaries.put(await codec().sealSummary(old));
}

async function search(query: string): Promise<string[]> {
  const rows = await repo.listSummaries();
  return searchRows(rows, buildHaystacks(rows), 'all', query)
    .map((r) => r.id)
    .sort();
}

let key: CryptoKey;

beforeEach(async () => {
  key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
  setCodec(createSealedCodec(key));
  // doc-3 is still being read: no record, so nothing to search in it.
  await repo.addDocuments(Array.from({ length: 4 }, (_, i) => ({ id: id(i), name: `file-${i}.pdf`, size: 3, blob: new Blob(['pdf']), addedAt: 1_700_000_000_000 + i })));
  for (let i = 0; i < 3; i++) await repo.saveResult(id(i), result(i));
  await repo.setReviewState(id(1), 'approved');
  for (const i of [0, 1, 3]) await makeOldStyle(id(i));
});

afterEach(async () => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  setCodec(lockedCodec);
  setCodec(createSealedCodec(key));
  await db().delete({ disableAutoOpen: false });
});

describe('search terms for list rows written before they existed', () => {
  it('makes an old row searchable by its medications, allergies and problems, changing nothing else', async () => {
    expect(await search('amoxicillin')).toEqual([id(2)]);
    expect(await search('asthma 0')).toEqual([]);
    const recordsBefore = await db().records.toArray();
    const rowsBefore = await repo.listSummaries();

    expect(await backfillSearchTerms()).toBe(2);

    expect(await search('amoxicillin')).toEqual([id(0), id(1), id(2)]);
    expect(await search('urticaria')).toEqual([id(0), id(1), id(2)]);
    expect(await search('asthma 0')).toEqual([id(0)]);
    // The records are not touched, and each list row says what it said, with its terms now.
    expect(await db().records.toArray()).toEqual(recordsBefore);
    const rowsAfter = await repo.listSummaries();
    expect(rowsAfter.map(({ terms: _t, ...rest }) => rest)).toEqual(rowsBefore.map(({ terms: _t, ...rest }) => rest));
    expect(rowsAfter.find((r) => r.id === id(1))!.state).toBe('approved');
    // A row with no record yet gets its terms when the record arrives, not from this pass.
    expect(rowsAfter.find((r) => r.id === id(3))!.terms).toBeUndefined();
  });

  it('is safe to run twice: the second run writes nothing, even from the start', async () => {
    await backfillSearchTerms();
    const stored = await db().summaries.toArray();
    const records = await db().records.toArray();
    expect(await backfillSearchTerms()).toBe(0);
    // And run again from the start (its mark lost): rows that have terms are left as they are.
    await db().meta.delete('searchTermsBackfill');
    expect(await backfillSearchTerms()).toBe(0);
    expect(await db().summaries.toArray()).toEqual(stored);
    expect(await db().records.toArray()).toEqual(records);
    expect(await search('amoxicillin')).toEqual([id(0), id(1), id(2)]);
  });

  it('carries on after the last row it had been past when it was stopped', async () => {
    // Stopped (the app locked) after a first batch that ended at doc-0.
    await db().meta.put({ key: 'searchTermsBackfill', value: id(0) });
    expect(await backfillSearchTerms(1)).toBe(1);
    expect(await search('asthma 1')).toEqual([id(1)]);
    expect(await search('asthma 0')).toEqual([]);
  });

  it('stops when the app locks, and the next run after unlock finishes the job', async () => {
    setCodec(lockedCodec);
    await expect(backfillSearchTerms(1)).rejects.toThrow(/locked/);
    setCodec(createSealedCodec(key));
    expect(await backfillSearchTerms(1)).toBe(2);
    expect(await search('amoxicillin')).toEqual([id(0), id(1), id(2)]);
  });
});

describe('starting the pass: at unlock, whichever screen is open, after the first screen has had its turn', () => {
  const mark = async () => (await db().meta.get('searchTermsBackfill'))?.value ?? null;

  it('waits for the first screen to settle and for an idle moment, then fills the rows', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const idle: (() => void)[] = [];
    vi.stubGlobal('requestIdleCallback', (cb: () => void, opts: { timeout: number }) => {
      expect(opts.timeout).toBeGreaterThan(0);
      return idle.push(cb);
    });
    backfillSearchTermsWhenIdle();
    // Not during the first render: nothing asked of the database yet.
    vi.advanceTimersByTime(500);
    expect(idle).toHaveLength(0);
    vi.advanceTimersByTime(500);
    expect(idle).toHaveLength(1);
    expect(await mark()).toBeNull();
    idle[0]!();
    vi.useRealTimers();
    await vi.waitFor(async () => expect(await mark()).toBe('done'));
    expect(await search('amoxicillin')).toEqual([id(0), id(1), id(2)]);
  });

  it('does not start when the app locks first, and a later unlock starts it again', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    vi.stubGlobal('requestIdleCallback', (cb: () => void) => (cb(), 1));
    const stop = backfillSearchTermsWhenIdle();
    stop();
    vi.advanceTimersByTime(5000);
    vi.useRealTimers();
    await new Promise((r) => setTimeout(r, 50));
    expect(await mark()).toBeNull();
    expect(await search('asthma 0')).toEqual([]);

    backfillSearchTermsWhenIdle();
    await vi.waitFor(async () => expect(await mark()).toBe('done'), { timeout: 5000 });
    expect(await search('asthma 0')).toEqual([id(0)]);
  });
});
