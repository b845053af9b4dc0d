import { codec, type RowCodec } from './codec';
import { db } from './database';
import type { StoredSummary, SummaryRow } from './rows';

/**
 * The review list: one small row per document (summary.ts derives it), read, counted,
 * filtered and searched here. Nothing in this file writes.
 */

/**
 * Every list row, newest first. Read with one getAll and sorted here: walking an index
 * backwards is a cursor step per row, many times slower over 10,000 rows.
 */
export async function listSummaries(): Promise<SummaryRow[]> {
  const rows = await codec().openSummaries(await db().summaries.toArray());
  return rows.sort((a, b) => b.addedAt - a.addedAt || (a.id < b.id ? 1 : -1));
}

let warming: { codec: unknown; done: Promise<unknown>; finished: boolean } | null = null;

/** Whether every list row is already open in memory (warmListRows has finished since the last unlock). */
export function listRowsWarm(): boolean {
  return !!warming && warming.codec === codec() && warming.finished;
}

/**
 * Opens every list row into the codec's memory, once per unlock, whatever screen asks next:
 * started when the review list has shown its first screenful, and not stopped when the list
 * is left, so search is ready soon after the app starts. Run outside any live query (Dexie
 * follows every promise inside one, which slows 10,000 decrypts several times over).
 */
export function warmListRows(): Promise<unknown> {
  // The list has shown its first screenful: from now on it reads its own rows.
  dropPrefetchedHead();
  const c = codec();
  if (warming?.codec !== c) {
    // After a count: IndexedDB answers in turn, and the list asks for its counts at the
    // same moment, so they are answered before this long read.
    const entry: NonNullable<typeof warming> = { codec: c, done: Promise.resolve(), finished: false };
    entry.done = listCounts()
      .then(() => listSummaries())
      .then(() => {
        entry.finished = true;
      })
      .catch(() => undefined);
    warming = entry;
  }
  return warming.done;
}

/** The review list's filters, over the list rows' clear fields (state and open flag count). */
export type ListFilter = 'all' | 'needs review' | 'approved' | 'failed' | 'needs checking';

export function matchesListFilter(row: Pick<SummaryRow, 'state' | 'flags'>, filter: ListFilter): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 'needs checking':
      return row.flags > 0;
    case 'failed':
      return row.state === 'failed' || row.state === 'cancelled';
    default:
      return row.state === filter;
  }
}

export interface ListHead {
  /** The filter these rows were read for. */
  filter: ListFilter;
  /** The first rows the filter shows, newest first (as listSummaries orders them), opened. */
  rows: SummaryRow[];
}

/**
 * The review list's first screenful at app start: the newest `limit` rows the filter shows,
 * found on the clear index and fields and only those decrypted. listSummaries opens the
 * rest (search needs them all).
 */
export async function listHead(filter: ListFilter, limit: number): Promise<ListHead> {
  return { filter, rows: await codec().openSummaries(await readHead(filter, limit)) };
}

function readHead(filter: ListFilter, limit: number): Promise<StoredSummary[]> {
  const newestFirst = db().summaries.orderBy('addedAt').reverse();
  return (filter === 'all' ? newestFirst : newestFirst.filter((row) => matchesListFilter(row, filter))).limit(limit).toArray();
}

/** The review list's first screenful, read at app start (prefetchListHead). */
let prefetched: {
  filter: ListFilter;
  limit: number;
  /** Sealed, as stored. */
  stored: Promise<StoredSummary[]>;
  /** Opened once the key was in, with the codec that opened them. */
  opened: { head: ListHead; codec: RowCodec } | null;
} | null = null;

/**
 * App start on the review list: its first screenful is read from the database while main is
 * still being asked for the key, instead of after the app's screens have shown. The rows
 * stay sealed until openPrefetchedHead, once main has given the key (reading sealed rows
 * needs none: retention does it while locked).
 */
export function prefetchListHead(filter: ListFilter, limit: number): void {
  const stored = readHead(filter, limit);
  stored.catch(() => undefined);
  prefetched = { filter, limit, stored, opened: null };
}

/** Opens the prefetched rows with the key just given, so that the list's first render has them. */
export async function openPrefetchedHead(): Promise<void> {
  const p = prefetched;
  if (!p || p.opened) return;
  const c = codec();
  const rows = await c.openSummaries(await p.stored);
  if (prefetched === p && codec() === c) p.opened = { head: { filter: p.filter, rows }, codec: c };
}

/**
 * The first screenful read and opened at app start, if it is ready, was read for this filter
 * and was opened by the key still held: what the review list shows first, while its live
 * query reads the same rows again (and follows them from then on). Null otherwise.
 */
export function prefetchedListHead(filter: ListFilter, limit: number): ListHead | null {
  const p = prefetched;
  return p?.opened && p.filter === filter && p.limit === limit && p.opened.codec === codec() ? p.opened.head : null;
}

/** Drops the prefetched rows: the list has read its own, or the app locked (nothing decrypted stays). */
export function dropPrefetchedHead(): void {
  prefetched = null;
}

/** How many list rows each filter shows, counted on the indexes of the clear fields (nothing decrypted). */
export async function listCounts(): Promise<Record<ListFilter, number>> {
  const s = db().summaries;
  // One count per key (anyOf would walk a cursor instead).
  const [processing, needsReview, approved, failed, cancelled, flagged] = await Promise.all([
    s.where('state').equals('processing').count(),
    s.where('state').equals('needs review').count(),
    s.where('state').equals('approved').count(),
    s.where('state').equals('failed').count(),
    s.where('state').equals('cancelled').count(),
    s.where('flags').above(0).count(),
  ]);
  return { all: processing + needsReview + approved + failed + cancelled, 'needs review': needsReview, approved, failed: failed + cancelled, 'needs checking': flagged };
}

/** What a screen shows to name a document: its file and its patient. */
export interface DocumentLabel {
  fileName: string;
  patientName: string;
}

/**
 * The file and patient names of these documents, from their list rows (opened with the data
 * key, usually already in memory): for screens that keep ids only, like the audit trail,
 * to name them at display time. Documents no longer here are left out.
 */
export async function documentLabels(ids: string[]): Promise<Map<string, DocumentLabel>> {
  const unique = [...new Set(ids)];
  const stored = (await db().summaries.bulkGet(unique)).filter((s): s is NonNullable<typeof s> => !!s);
  const rows = await codec().openSummaries(stored);
  return new Map(rows.map((r) => [r.id, { fileName: r.fileName, patientName: r.patientName }]));
}
