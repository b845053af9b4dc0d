import { toCsv } from '../../../../main/core/csv/export';
import type { CsvTemplate } from '../../../../main/core/csv/template';
import type { ScrRecord } from '../../../../main/core/contract/record';
import { openJson, type SealedBox } from '../../db/crypto/row-cipher';
import type { ExportPlanRow } from '../../db/export';
import type { RecordRow, StoredRecord } from '../../db/rows';

/**
 * One piece of a full export: records as stored (sealed), opened with the data key and
 * turned into their CSV lines. Runs in the export's workers (csv-worker.ts), or in the page
 * where workers cannot run; imports only what that needs (the core's CSV exporter, AES-GCM).
 */
export interface CsvPieceRow {
  id: string;
  /** The stored record's sealed part ({ record, extractor, layout, approvedBy }). */
  sealed?: SealedBox;
  /** A record stored before encryption (until seal-legacy.ts has sealed it). */
  record?: ScrRecord;
  fileName: string;
  flags: number;
}

/** A stored record as a piece's row: sealed as stored, with its list row's file name and flag count. */
export function pieceRow(r: StoredRecord, listed: ExportPlanRow | undefined): CsvPieceRow {
  const row: CsvPieceRow = { id: r.id, fileName: listed?.fileName ?? '', flags: listed?.flags ?? 0 };
  if (r.sealed) row.sealed = r.sealed;
  else row.record = (r as unknown as RecordRow).record;
  return row;
}

export interface CsvPiece {
  key: CryptoKey;
  template: CsvTemplate;
  /** The file's start (byte order mark and header line), as toCsv([]) writes it. */
  start: string;
  rows: CsvPieceRow[];
}

/**
 * Each record's CSV line(s), in the order given. toCsv writes every line on its own, so a
 * record's lines are toCsv over that record alone after the file's start, and the file is
 * the start followed by every record's lines (tests/unit/export-pieces.test.ts holds it to that).
 */
export async function csvPieceLines(piece: CsvPiece): Promise<string[]> {
  const records = await Promise.all(
    piece.rows.map(async (r) => (r.sealed ? (await openJson<{ record: ScrRecord }>(piece.key, 'records', r.id, r.sealed)).record : r.record!)),
  );
  const { start, template } = piece;
  return records.map((record, i) => {
    const row = piece.rows[i]!;
    const text = toCsv([{ record, sourceName: row.fileName, warningCount: row.flags }], template);
    if (!text.startsWith(start)) throw new Error('The CSV did not start with its header.');
    return text.slice(start.length);
  });
}
