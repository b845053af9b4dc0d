import { toCsvLines } from '../../../../main/core/csv/export';
import type { CsvTemplate } from '../../../../main/core/csv/template';
import type { ScrRecord } from '../../../../main/core/contract/record';
import { openJson, sealedValueKey, sealTag } from '../../db/crypto/row-cipher';
import type { StoredRecord, StoredSummary, SummaryRow } from '../../db/rows';
import type { IdRange } from '../../db/export';
import { openDatabase, readChunk, type StoredChunk } from './read-records';

/**
 * One share of a full export: the records with ids in its pieces, read from IndexedDB,
 * opened with the data key and turned into their CSV lines. Runs in the export's workers
 * (csv-worker.ts), or in the page where workers cannot run; imports only what that needs
 * (the core's CSV exporter, AES-GCM, plain IndexedDB).
 */
export interface ExportShare {
  key: CryptoKey;
  template: CsvTemplate;
  /** Its record ids, a piece to read at a time (recordIdShares). */
  pieces: IdRange[];
  /** File names the page has already opened (RowCodec.openedFileNames): those list rows are not decrypted again. */
  openedFileNames: Map<string, string>;
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

/** Pieces asked for at a time: the next is read while one is opened and written. */
const READ_AHEAD = 2;

/** The list rows that put a record in the export (as the review list's "needs review" and "approved"). */
const EXPORTED_STATES = new Set<string>(['approved', 'needs review']);

type Legacy<T> = T & { sealed?: undefined };

export function openRecord(key: CryptoKey, row: StoredRecord): Promise<ScrRecord> {
  if (!row.sealed) return Promise.resolve((row as unknown as Legacy<{ record: ScrRecord }>).record);
  return openJson<{ record: ScrRecord }>(key, 'records', row.id, row.sealed).then((open) => open.record);
}

function openFileName(key: CryptoKey, row: StoredSummary, opened: Map<string, string>): Promise<string> {
  if (!row.sealed) return Promise.resolve((row as unknown as Legacy<SummaryRow>).fileName);
  const known = opened.get(sealedValueKey(row.id, sealTag(row.sealed)));
  if (known !== undefined) return Promise.resolve(known);
  return openJson<Pick<SummaryRow, 'fileName'>>(key, 'summaries', row.id, row.sealed).then((open) => open.fileName);
}

/**
 * Each record's CSV line(s) in the share (recordLines; tests/unit/review-list-and-export.test.ts
 * holds the whole file to a one-pass toCsv).
 */
export async function exportShareLines(share: ExportShare, onAllRead?: () => void): Promise<ExportedLines[]> {
  const { key, template } = share;
  const db = await openDatabase();
  const reading: Promise<StoredChunk>[] = [];
  let asked = 0;
  const readAhead = () => {
    while (reading.length < READ_AHEAD && asked < share.pieces.length) reading.push(readChunk(db, share.pieces[asked++]!));
  };
  readAhead();
  if (reading.length === 0) onAllRead?.();
  try {
    const out: ExportedLines[] = [];
    while (reading.length) {
      const { records, summaries }: StoredChunk = await reading.shift()!;
      readAhead();
      if (reading.length === 0) onAllRead?.();
      const listed = new Map(summaries.filter((s) => EXPORTED_STATES.has(s.state)).map((s) => [s.id, s]));
      const taken = records.filter((r) => !(share.approvedOnly && r.reviewState !== 'approved') && !(share.newOnly && r.exportedAt));
      const opened = await Promise.all(
        taken.map(async (r) => {
          const summary = listed.get(r.id);
          const [record, fileName] = await Promise.all([openRecord(key, r), summary ? openFileName(key, summary, share.openedFileNames) : '']);
          return { record, fileName, summary };
        }),
      );
      opened.forEach(({ record, fileName, summary }, i) => {
        out.push({ id: taken[i]!.id, addedAt: summary ? summary.addedAt : null, text: recordLines(record, fileName, summary?.flags ?? 0, template) });
      });
    }
    return out;
  } finally {
    // Stopped by a failure: the pieces read ahead are not wanted.
    for (const read of reading) read.catch(() => undefined);
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
