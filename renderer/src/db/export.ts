import { codec } from './codec';
import { db } from './database';
import type { RecordRow, StoredRecord, StoredSummary } from './rows';
import { serial } from './write-queue';

/** Export: which records a CSV takes, in which order, read in chunks; and when they went out. */
export interface ExportRow {
  row: RecordRow;
  fileName: string;
  /** Warnings and unsure values the record had (the list's flag count). */
  flags: number;
}

/** The ids of every record that has gone into a CSV (keys only, from the exportedAt index: nothing decrypted). */
export async function exportedIds(): Promise<Set<string>> {
  return new Set((await db().records.where('exportedAt').above(0).primaryKeys()) as string[]);
}

/** How many records each choice on the export screen would take, counted on the indexes (nothing decrypted). */
export async function exportCounts(): Promise<{ approved: number; all: number; approvedNew: number; allNew: number }> {
  const r = db().records;
  const [approved, all, exported] = await Promise.all([r.where('reviewState').equals('approved').primaryKeys(), r.count(), exportedIds()]);
  const approvedExported = approved.filter((id) => exported.has(id as string)).length;
  return { approved: approved.length, all, approvedNew: approved.length - approvedExported, allNew: all - exported.size };
}

/**
 * The first `limit` records an export would take (the preview), in the order their documents
 * were added. `newOnly`: only records that have never gone into a CSV.
 */
export async function recordsForExport(approvedOnly: boolean, limit: number, newOnly = false): Promise<ExportRow[]> {
  const d = db();
  const exported = newOnly ? await exportedIds() : null;
  // Walk the list rows in order and fetch only the first few records.
  const ids: string[] = [];
  await d.summaries
    .orderBy('addedAt')
    .until(() => ids.length >= limit)
    .each((s) => {
      if (exported?.has(s.id)) return;
      if (s.state === 'approved' || (!approvedOnly && s.state === 'needs review')) ids.push(s.id);
    });
  const [rows, stored] = await Promise.all([d.records.bulkGet(ids).then((r) => r.filter((x): x is StoredRecord => !!x)), d.summaries.bulkGet(ids)]);
  const opened = await Promise.all(rows.map((r) => codec().openRecord(r)));
  const summaries = await codec().openSummaries(stored.filter((s): s is StoredSummary => !!s));
  const byId = new Map(summaries.map((s) => [s.id, s]));
  return opened
    .map((row) => {
      const summary = byId.get(row.id);
      return { row, fileName: summary?.fileName ?? '', flags: summary?.flags ?? 0, addedAt: summary?.addedAt ?? 0 };
    })
    .sort((a, b) => a.addedAt - b.addedAt || a.row.id.localeCompare(b.row.id))
    .map(({ row, fileName, flags }) => ({ row, fileName, flags }));
}

/** A record's place in an export: the file name and flag count its CSV row needs. */
export interface ExportPlanRow {
  id: string;
  fileName: string;
  flags: number;
}

/** Neighbouring record ids, from `from` (included) to `to` (included when `toIncluded`). */
export interface IdRange {
  from: string;
  to: string;
  toIncluded: boolean;
}

/**
 * Every record's id, split into `count` shares of neighbouring ids (from the share's first
 * to its last, both included), for a full export's workers to read a share each, and each
 * share cut into pieces of up to `piece` records that are read one at a time. A piece runs
 * up to the next one's first id, so a share's pieces cover all of it. Knowing every piece
 * beforehand, a worker asks for a piece's records and list rows at once and reads ahead
 * while it writes. Keys only: nothing is decoded or decrypted here.
 */
export async function recordIdShares(count: number, piece: number): Promise<IdRange[][]> {
  const ids = (await db().records.orderBy(':id').primaryKeys()) as string[];
  const size = Math.ceil(ids.length / Math.max(1, count));
  const shares: IdRange[][] = [];
  for (let first = 0; first < ids.length; first += size) {
    const last = Math.min(first + size, ids.length) - 1;
    const pieces: IdRange[] = [];
    for (let i = first; i <= last; i += piece) {
      const next = i + piece;
      pieces.push(next <= last ? { from: ids[i]!, to: ids[next]!, toIncluded: false } : { from: ids[i]!, to: ids[last]!, toIncluded: true });
    }
    shares.push(pieces);
  }
  return shares;
}

/**
 * These records as stored (sealed), with their plan rows, in the list's order (as a full
 * export orders them): what the export folder writes after an approval. A record gone
 * meanwhile (removed) is left out.
 */
export async function storedRecordsOf(ids: string[]): Promise<{ plan: ExportPlanRow[]; stored: StoredRecord[] }> {
  const d = db();
  const [records, summaries] = await Promise.all([d.records.bulkGet(ids), d.summaries.bulkGet(ids)]);
  const rows = await codec().openSummaries(summaries.filter((s): s is StoredSummary => !!s));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const stored = records.filter((r): r is StoredRecord => !!r && byId.has(r.id));
  stored.sort((a, b) => byId.get(a.id)!.addedAt - byId.get(b.id)!.addedAt || a.id.localeCompare(b.id));
  return { plan: stored.map((r) => ({ id: r.id, fileName: byId.get(r.id)!.fileName, flags: byId.get(r.id)!.flags })), stored };
}

/**
 * They went into a CSV at `at`: retention counts their PDFs' time from here (or approval).
 * A record already marked later keeps its later time (a file main wrote before the window
 * closed is marked at the next start, with the time it was written). Answers how many had
 * not been marked for this export before.
 */
export function markExported(ids: string[], at: number): Promise<number> {
  return serial(async () => {
    const d = db();
    const rows = (await d.records.bulkGet(ids)).filter((r): r is StoredRecord => !!r);
    const unmarked = rows.filter((r) => (r.exportedAt ?? 0) < at);
    // A clear field only: the sealed record is not touched.
    if (unmarked.length) await d.records.bulkPut(unmarked.map((r) => ({ ...r, exportedAt: at })));
    return unmarked.length;
  });
}
