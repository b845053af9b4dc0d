import type { CsvTemplate } from '../../core';
import { codec, DataLockedError } from '../../db/codec';
import { storedRecordsOf } from '../../db/export';
import { openRecord, recordLines } from './csv-records';
import { csvStart } from './export-csv';
import type { BuiltExport } from './export-run';

/**
 * The CSV of these records only (an approval's, for the export folder), exactly as a full
 * export would write their lines: the same start, the same per-record lines (recordLines),
 * in the list's order. Run in the page: an approval is one record, or a bulk approval's few
 * hundred per file, which the workers of a full export would not speed up.
 */
export async function buildExportOf(template: CsvTemplate, ids: string[]): Promise<BuiltExport> {
  const open = codec();
  const { plan, stored } = await storedRecordsOf(ids);
  const start = csvStart(template);
  const key = open.keyForWorker();
  const records = await Promise.all(stored.map((r) => openRecord(key, r)));
  const lines = records.map((record, i) => recordLines(record, plan[i]!.fileName, plan[i]!.flags, template));
  if (codec() !== open) throw new DataLockedError();
  return { content: start + lines.join(''), ids: stored.map((r) => r.id) };
}
