import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExtractionResult } from '../../main/core/contract/extraction';
import { emptyRecord } from '../../main/core/contract/record';
import { toCsv } from '../../main/core/csv/export';
import { BUILTIN_TEMPLATES } from '../../main/core/csv/template';
import { DataLockedError, codec, lockedCodec, setCodec, type RowCodec } from '../../renderer/src/db/codec';
import { createSealedCodec } from '../../renderer/src/db/crypto/sealed-codec';
import { db } from '../../renderer/src/db/database';
import { recordIdShares } from '../../renderer/src/db/export';
import * as repo from '../../renderer/src/db/repository';
import { buildExport } from '../../renderer/src/features/export/export-run';
import { buildHaystacks, reviewView } from '../../renderer/src/features/review/filter';

/**
 * The review list at app start opens only its first screenful and decrypts the rest in the
 * background; a search typed meanwhile must wait for every row, never answer from the rows
 * opened so far. And a full export, read and written in pieces (in the page here: Node has
 * no Worker), is byte for byte the file the core's exporter writes over the same records.
 */
const COUNT = 130;
const FAMILY = ['Okafor', 'Patel', 'Jones', 'Nowak'];
/** Records with a flag still open: every fifth is flagged, and the approved (even) ones were checked first. */
const OPEN_FLAGGED = Array.from({ length: COUNT }, (_, i) => i).filter((i) => i % 5 === 0 && i % 2 === 1).length;

/** A distinct valid NHS number (modulus 11) per record, in the 999 range. */
function validNhsNumber(i: number): string {
  for (let n = i * 10; ; n++) {
    const nine = `999${String(n).padStart(6, '0')}`;
    const check = (11 - ([...nine].reduce((sum, d, k) => sum + Number(d) * (10 - k), 0) % 11)) % 11;
    if (check !== 10) return nine + check;
  }
}

function result(i: number): ExtractionResult {
  const record = emptyRecord();
  record.patient.givenName = i === 3 ? '=HYPERLINK("x")' : `Given${i}`;
  record.patient.familyName = `${FAMILY[i % FAMILY.length]}-${i}`;
  record.patient.nhsNumber = validNhsNumber(i);
  // Approval is refused without a whole, valid identity.
  record.patient.dateOfBirth = '1980-01-01';
  record.patient.address = i === 5 ? 'Flat 1, "The Mews"\nHigh Street' : '1 High Street';
  record.medications = [
    { category: 'repeat', name: `Simvastatin ${i}mg tablets`, dosage: 'one at night', quantity: null, date: '2024-03-14', endDate: null },
    ...(i % 3 === 0 ? [] : [{ category: 'acute' as const, name: 'Amoxicillin 500mg capsules', dosage: null, quantity: '21', date: null, endDate: null }]),
  ];
  const flagged = i % 5 === 0;
  return {
    record,
    provenance: {},
    confidence: {},
    warnings: flagged ? [{ code: 'bench', message: 'Check.', path: 'patient.postcode' }] : [],
    flags: flagged ? [{ code: 'bench', reason: 'Check.', path: 'patient.postcode' }] : [],
    extractor: 'rules',
    layout: 'gpsummary',
    sections: [],
  };
}

async function seed(): Promise<void> {
  const base = 1_700_000_000_000;
  await repo.addDocuments(
    Array.from({ length: COUNT }, (_, i) => ({ id: `doc-${String(i).padStart(4, '0')}`, name: `file-${i}.pdf`, size: 3, blob: new Blob(['pdf']), addedAt: base + i })),
  );
  for (let i = 0; i < COUNT; i++) await repo.saveResult(`doc-${String(i).padStart(4, '0')}`, result(i));
  for (let i = 0; i < COUNT; i += 2) {
    // A flagged record is approved once its flag is checked.
    if (i % 5 === 0) await repo.markChecked(`doc-${String(i).padStart(4, '0')}`, 'patient.postcode');
    await repo.setReviewState(`doc-${String(i).padStart(4, '0')}`, 'approved');
  }
}

let key: CryptoKey;

beforeEach(async () => {
  key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
  setCodec(createSealedCodec(key));
  await seed();
  // A fresh codec, as after the app starts: nothing decrypted is kept yet.
  setCodec(createSealedCodec(key));
});

afterEach(async () => {
  setCodec(lockedCodec);
  setCodec(createSealedCodec(key));
  await db().delete({ disableAutoOpen: false });
});

/** The codec, with opening more than `free` list rows at once held until release(). */
function holdingBulkOpens(free: number): { release(): void } {
  const inner = createSealedCodec(key);
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  const held: RowCodec = {
    ...inner,
    async openSummaries(rows) {
      if (rows.length > free) await released;
      return inner.openSummaries(rows);
    },
  };
  setCodec(held);
  return { release };
}

describe('review list at app start', () => {
  it('shows the newest screenful and the counts without opening every row', async () => {
    const head = await repo.listHead('all', 48);
    expect(head.rows.map((r) => r.id)).toEqual(Array.from({ length: 48 }, (_, k) => `doc-${String(COUNT - 1 - k).padStart(4, '0')}`));
    expect(head.rows[0]).toMatchObject({ patientName: `Given${COUNT - 1} ${FAMILY[(COUNT - 1) % 4]}-${COUNT - 1}`, fileName: `file-${COUNT - 1}.pdf` });
    const counts = await repo.listCounts();
    expect(counts).toEqual({ all: COUNT, 'needs review': COUNT / 2, approved: COUNT / 2, failed: 0, 'needs checking': OPEN_FLAGGED });
    const approved = await repo.listHead('approved', 10);
    expect(approved.rows.every((r) => r.state === 'approved')).toBe(true);
    expect(approved.rows[0]!.id).toBe(`doc-${String(COUNT - 2).padStart(4, '0')}`);

    // Until every row is open, the rows below the first screenful show "Opening…" in place of their details.
    const view = reviewView(null, head, counts, 'all', '');
    expect(view.kind).toBe('rows');
    if (view.kind === 'rows') {
      expect(view.rows).toHaveLength(COUNT);
      expect(view.rows.slice(0, 48).every((r) => r !== null)).toBe(true);
      expect(view.rows.slice(48).every((r) => r === null)).toBe(true);
    }
  });

  it('answers a search typed while rows are still being decrypted only once all are open, in full', async () => {
    const gate = holdingBulkOpens(48);
    const head = await repo.listHead('all', 48);
    const counts = await repo.listCounts();
    let opened: Awaited<ReturnType<typeof repo.listSummaries>> | null = null;
    const opening = repo.listSummaries().then((rows) => (opened = rows));

    // Matches are both among the rows already open and among those still sealed.
    const matchesInHead = head.rows.filter((r) => r.patientName.includes('Patel')).length;
    expect(matchesInHead).toBeGreaterThan(0);
    expect(matchesInHead).toBeLessThan(30);

    await new Promise((r) => setTimeout(r, 20));
    expect(opened).toBeNull();
    const meanwhile = reviewView(null, head, counts, 'all', 'patel');
    // Searching, not the matches among the rows open so far.
    expect(meanwhile).toEqual({ kind: 'waiting', why: 'search', counts });

    gate.release();
    const rows = await opening;
    const done = reviewView({ rows, haystacks: buildHaystacks(rows) }, head, counts, 'all', 'patel');
    expect(done.kind).toBe('rows');
    if (done.kind === 'rows') expect(done.rows).toHaveLength(Array.from({ length: COUNT }, (_, i) => i).filter((i) => i % 4 === 1).length);
  });

  it('reads the first screenful before the key is given, opens it with the key, and offers it only under that key', async () => {
    const key2 = createSealedCodec(key);
    const newest = (await repo.listHead('all', 48)).rows;
    // App start: the key is not in yet. The rows are read sealed; nothing can be shown.
    setCodec(lockedCodec);
    repo.prefetchListHead('all', 48);
    expect(repo.prefetchedListHead('all', 48)).toBeNull();
    await new Promise((r) => setTimeout(r, 20));
    // The key comes in: opened, and offered for the list's first render, with its filter and size only.
    setCodec(key2);
    await repo.openPrefetchedHead();
    const head = repo.prefetchedListHead('all', 48);
    expect(head?.filter).toBe('all');
    expect(head?.rows).toEqual(newest);
    expect(repo.prefetchedListHead('approved', 48)).toBeNull();
    expect(repo.prefetchedListHead('all', 10)).toBeNull();
    // Once the list reads its own rows (warmListRows), or under any other key, it is gone.
    setCodec(createSealedCodec(key));
    expect(repo.prefetchedListHead('all', 48)).toBeNull();
    setCodec(key2);
    expect(repo.prefetchedListHead('all', 48)).not.toBeNull();
    await repo.warmListRows();
    expect(repo.prefetchedListHead('all', 48)).toBeNull();
  });

  it('drops the first screenful read at start when the app locks, opened or not', async () => {
    repo.prefetchListHead('all', 48);
    await repo.openPrefetchedHead();
    expect(repo.prefetchedListHead('all', 48)?.rows).toHaveLength(48);
    repo.dropPrefetchedHead();
    expect(repo.prefetchedListHead('all', 48)).toBeNull();
    // Locked before the key came: nothing opens.
    setCodec(lockedCodec);
    repo.prefetchListHead('all', 48);
    repo.dropPrefetchedHead();
    setCodec(createSealedCodec(key));
    await repo.openPrefetchedHead();
    expect(repo.prefetchedListHead('all', 48)).toBeNull();
  });

  it('keeps nothing opened after the app locks mid-way, and refuses', async () => {
    const c = codec();
    const opening = c.openSummaries(await db().summaries.toArray());
    setCodec(lockedCodec);
    await expect(opening).rejects.toBeInstanceOf(DataLockedError);
  });
});

describe('full export in pieces', () => {
  async function expected(templateIndex: number, approvedOnly: boolean): Promise<string> {
    const inputs = [];
    for (let i = 0; i < COUNT; i++) {
      if (approvedOnly && i % 2 === 1) continue;
      const row = await repo.getRecord(`doc-${String(i).padStart(4, '0')}`);
      inputs.push({ record: row!.record, sourceName: `file-${i}.pdf`, warningCount: i % 5 === 0 ? 1 : 0 });
    }
    return toCsv(inputs, BUILTIN_TEMPLATES[templateIndex]!);
  }

  it('writes exactly the file of the core exporter, in the order the documents were added', async () => {
    for (const [templateIndex, approvedOnly] of [
      [0, false],
      [0, true],
      [1, false],
    ] as const) {
      const built = await buildExport(BUILTIN_TEMPLATES[templateIndex]!, approvedOnly);
      expect(built.content).toBe(await expected(templateIndex, approvedOnly));
      expect(built.ids).toHaveLength(approvedOnly ? COUNT / 2 : COUNT);
      expect(built.ids[0]).toBe('doc-0000');
    }
    // The formula guard and quoting still apply.
    const csv = (await buildExport(BUILTIN_TEMPLATES[0]!, false)).content;
    expect(csv).toContain(`'=HYPERLINK(""x"")`);
    expect(csv).toContain('"Flat 1, ""The Mews""\nHigh Street"');
  });

  it('takes the file names of list rows already opened, and opens a row sealed again since', async () => {
    await repo.listSummaries();
    const stored = (await db().summaries.get('doc-0003'))!;
    const [opened] = await codec().openSummaries([stored]);
    await db().summaries.put(await codec().sealSummary({ ...opened!, fileName: 'renamed.pdf' }));
    const csv = (await buildExport(BUILTIN_TEMPLATES[0]!, false)).content;
    expect(csv).toBe((await expected(0, false)).replace('file-3.pdf', 'renamed.pdf'));
  });

  it('cuts each share into pieces that together cover it', async () => {
    const ids = (await db().records.orderBy(':id').primaryKeys()) as string[];
    const shares = await recordIdShares(2, 7);
    expect(shares).toHaveLength(2);
    const inPieces = shares.map((pieces) => ids.filter((id) => pieces.some((p) => id >= p.from && (p.toIncluded ? id <= p.to : id < p.to))));
    expect(inPieces.flat()).toEqual(ids);
    for (const pieces of shares) {
      expect(pieces.every((p) => ids.filter((id) => id >= p.from && (p.toIncluded ? id <= p.to : id < p.to)).length <= 7)).toBe(true);
      expect(pieces.slice(0, -1).every((p, k) => !p.toIncluded && p.to === pieces[k + 1]!.from)).toBe(true);
      expect(pieces.at(-1)!.toIncluded).toBe(true);
    }
  });

  it('refuses while locked', async () => {
    setCodec(lockedCodec);
    await expect(buildExport(BUILTIN_TEMPLATES[0]!, false)).rejects.toBeInstanceOf(DataLockedError);
  });
});
