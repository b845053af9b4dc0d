import { toCsvLines } from '../../../../main/core/csv/export';
import type { CsvTemplate } from '../../../../main/core/csv/template';
import type { ScrRecord } from '../../../../main/core/contract/record';
import { openJson } from '../../db/crypto/row-cipher';
import type { StoredRecord, StoredSummary, SummaryRow } from '../../db/rows';
import { openDatabase, readChunk, type StoredChunk } from './read-records';

/**
 * One share of a full export: the records with ids from `from` to `to`, read from IndexedDB,
 * opened with the data key and turned into their CSV lines. Runs in the export's workers
 * (csv-worker.ts), or in the page where workers cannot run; imports only what that needs
 * (the core's CSV exporter, AES-GCM, plain IndexedDB).
 */
export interface ExportShare {
  key: CryptoKey;
  template: CsvTemplate;
  /** Record ids, both included. */
  from: string;
  to: string;
  approvedOnly: boolean;
  /** Only records that have never gone into a CSV. */
  newOnly: boolean;
}

export interface ExportedLines {
  id: string;
  /** When its document was added (the file's order); null for a record without a list row to export it by (it goes first). */
  addedAt: number | null;
  /** Its CSV line(s). */
  text: string;
}

/** Records read at a time: the next chunk is read while this one is opened and written. */
const READ = 500;

/** The list rows that put a record in the export (as the review list's "needs review" and "approved"). */
const EXPORTED_STATES = new Set<string>(['approved', 'needs review']);

type Legacy<T> = T & { sealed?: undefined };

export function openRecord(key: CryptoKey, row: StoredRecord): Promise<ScrRecord> {
  if (!row.sealed) return Promise.resolve((row as unknown as Legacy<{ record: ScrRecord }>).record);
  return openJson<{ record: ScrRecord }>(key, 'records', row.id, row.sealed).then((open) => open.record);
}

function openFileName(key: CryptoKey, row: StoredSummary): Promise<string> {
  if (!row.sealed) return Promise.resolve((row as unknown as Legacy<SummaryRow>).fileName);
  return openJson<Pick<SummaryRow, 'fileName'>>(key, 'summaries', row.id, row.sealed).then((open) => open.fileName);
}

/**
 * Each record's CSV line(s) in the share (recordLines; tests/unit/review-list-and-export.test.ts
 * holds the whole file to a one-pass toCsv).
 */
export async function exportShareLines(share: ExportShare, onAllRead?: () => void): Promise<ExportedLines[]> {
  const { key, template } = share;
  const db = await openDatabase();
  let next: Promise<StoredChunk> | null = readChunk(db, share.from, share.to, null, READ);
  try {
    const out: ExportedLines[] = [];
    while (next) {
      const { records, summaries }: StoredChunk = await next;
      next = records.length === READ ? readChunk(db, share.from, share.to, records[records.length - 1]!.id, READ) : null;
      if (!next) onAllRead?.();
      const listed = new Map(summaries.filter((s) => EXPORTED_STATES.has(s.state)).map((s) => [s.id, s]));
      const taken = records.filter((r) => !(share.approvedOnly && r.reviewState !== 'approved') && !(share.newOnly && r.exportedAt));
      const opened = await Promise.all(
        taken.map(async (r) => {
          const summary = listed.get(r.id);
          const [record, fileName] = await Promise.all([openRecord(key, r), summary ? openFileName(key, summary) : '']);
          return { record, fileName, summary };
        }),
      );
      opened.forEach(({ record, fileName, summary }, i) => {
        out.push({ id: taken[i]!.id, addedAt: summary ? summary.addedAt : null, text: recordLines(record, fileName, summary?.flags ?? 0, template) });
      });
    }
    return out;
  } finally {
    // Stopped by a failure: the chunk read ahead is not wanted.
    next?.catch(() => undefined);
    db.close();
  }
}

/**
 * A record's CSV line(s): toCsv writes every line on its own, so a file is its start
 * (toCsv([], template)) followed by every record's lines (a full export's and the export
 * folder's alike).
 */
export function recordLines(record: ScrRecord, fileName: string, flags: number, template: CsvTemplate): string {
  return toCsvLines([{ record, sourceName: fileName, warningCount: flags }], template);
}
