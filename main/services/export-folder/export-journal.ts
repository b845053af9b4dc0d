import { join } from 'node:path';
import { z } from 'zod';
import type { UnacknowledgedExport } from '../../core/contract/export-folder';
import { readJsonFile, writeJsonFile } from '../json-file';

/**
 * Files written into the export folder whose records the page has not yet said it marked
 * exported. Writing the file (here) and marking its records (in the page's database) cannot
 * be one step: a window closed between the two used to leave records that are in the folder
 * counted as "not yet exported", and a later export of only those took them again. So each
 * file is noted here before main answers the write, until the page acknowledges it; at its
 * next unlock the page marks whatever is still noted (export-folder-write.ts).
 *
 * Kept in the data folder in the clear, so it holds main's own file names, times and
 * document ids only: never a name, an NHS number or a line of the CSV.
 */
export const EXPORT_JOURNAL_FILE = 'export-folder-unacknowledged.json';

const JournalSchema = z.object({
  files: z.array(
    z.object({
      fileName: z.string().min(1).max(255),
      at: z.string().min(1).max(64),
      documentIds: z.array(z.string().min(1).max(128)).min(1),
    }),
  ),
});

export interface ExportJournal {
  /** Notes a file just written, with the ids of the records in it. */
  add(file: UnacknowledgedExport): void;
  list(): UnacknowledgedExport[];
  /** Forgets these files (the page has marked their records); answers with those it had noted. */
  acknowledge(fileNames: readonly string[]): UnacknowledgedExport[];
}

export function createExportJournal(dataDir: string): ExportJournal {
  const path = join(dataDir, EXPORT_JOURNAL_FILE);
  let files: UnacknowledgedExport[] = readJsonFile(path, JournalSchema)?.files ?? [];
  const save = (next: UnacknowledgedExport[]) => {
    // Written before the change counts: a failed write leaves the list as the file has it.
    writeJsonFile(path, { files: next });
    files = next;
  };
  return {
    add(file) {
      save([...files.filter((f) => f.fileName !== file.fileName), { ...file, documentIds: [...file.documentIds] }]);
    },
    list() {
      return files.map((f) => ({ ...f, documentIds: [...f.documentIds] }));
    },
    acknowledge(fileNames) {
      const names = new Set(fileNames);
      const known = files.filter((f) => names.has(f.fileName));
      if (known.length) save(files.filter((f) => !names.has(f.fileName)));
      return known;
    },
  };
}
