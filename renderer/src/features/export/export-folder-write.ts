import { ApiCallError, getApi } from '../../api';
import { EXPORT_FOLDER_MAX_CHARS, EXPORT_FOLDER_RECORDS_PER_FILE, type ExportFolderTemplate } from '../../core';
import { markExported } from '../../db/export';
import type { TemplateRow } from '../../db/rows';
import { listTemplates } from '../../db/templates';
import { buildExportOf } from './export-of-records';
import { BUILT_IN } from './export-csv';
import { useExportFolderNotice } from './export-folder-notice';

export { useExportFolderNotice, type ExportFolderProblem } from './export-folder-notice';

/**
 * After an approval (by hand or in bulk), the approved records are written as CSV into the
 * export folder, if one is set: built here (only the page can open the records), with the
 * template chosen for the folder in Settings (one the Export screen offers, as it is saved
 * now; main keeps the choice with the folder), and handed to main, which writes the file
 * into the folder in its own settings. A chosen template that is no longer saved here writes
 * nothing: another template's columns would reach the practice system unannounced. Up to EXPORT_FOLDER_RECORDS_PER_FILE records per file. Records whose
 * file was written are marked exported, exactly as the Export screen marks them; a file
 * that could not be written leaves its records approved and not exported (the next export
 * from the Export screen includes them) and says so in the notice the app shows. A file
 * written whose records were never marked (the window closed in between) is marked at the
 * next unlock: main notes every file until the page acknowledges it (reconcileExportFolder).
 */
const TOO_LARGE = 'The records approved at once made a file too large to write. Export them from the Export screen instead.';
const NOT_BUILT = 'The records could not be made into a CSV file.';
const noTemplate = (name: string) =>
  `The template chosen for the export folder, “${name}”, is no longer saved in SCR Extract. Choose the export folder’s template again in Settings.`;

/** One after another: files are written in the order records were approved. */
let queue: Promise<void> = Promise.resolve();

export function writeApprovedToExportFolder(ids: string[]): Promise<void> {
  if (ids.length === 0) return queue;
  queue = queue.then(() => writeNow(ids)).catch(() => undefined);
  return queue;
}

async function writeNow(ids: string[]): Promise<void> {
  const api = getApi();
  let failed = 0;
  let message = '';
  let template: TemplateRow;
  try {
    const { status } = await api.getExportFolder({});
    // Off: nothing to do, and nothing to say.
    if (status.state === 'off') return;
    const found = await folderTemplate(status.template);
    if (!found) {
      report(ids.length, noTemplate(status.template.name));
      return;
    }
    template = found;
  } catch (err) {
    report(ids.length, err instanceof ApiCallError ? err.message : NOT_BUILT);
    return;
  }
  for (let from = 0; from < ids.length; from += EXPORT_FOLDER_RECORDS_PER_FILE) {
    const chunk = ids.slice(from, from + EXPORT_FOLDER_RECORDS_PER_FILE);
    try {
      const built = await buildExportOf(template, chunk);
      if (built.ids.length === 0) continue;
      if (built.content.length > EXPORT_FOLDER_MAX_CHARS) throw new Error(TOO_LARGE);
      const { fileName } = await api.writeExportFile({ content: built.content, documentIds: built.ids, template: template.name });
      // Main has written the file and its audit event: now they count as exported, and main
      // may forget the file (unacknowledged, it is marked at the next start: reconcileExportFolder).
      await markExported(built.ids, Date.now());
      await api.acknowledgeExportFiles({ fileNames: [fileName], late: false }).catch(() => undefined);
    } catch (err) {
      failed += chunk.length;
      message = err instanceof ApiCallError ? err.message : err instanceof Error && err.message === TOO_LARGE ? TOO_LARGE : NOT_BUILT;
    }
  }
  if (failed > 0) report(failed, message);
}

/** The template chosen for the folder: built in, or saved in this page's database; null when it is neither any more. */
export async function folderTemplate(chosen: ExportFolderTemplate): Promise<TemplateRow | null> {
  return BUILT_IN.find((t) => t.id === chosen.id) ?? (await listTemplates()).find((t) => t.id === chosen.id) ?? null;
}

/**
 * At unlock: files main wrote into the export folder whose records this page never marked
 * exported (the window closed between the two, or the page was locked before it could say
 * so) are marked now, with the time each file was written, and acknowledged. `late` tells
 * main's audit trail when records were marked only now. In the same queue as the writes,
 * so a file this page is still marking is not taken for one left behind. Answers how many
 * records were marked.
 */
export function reconcileExportFolder(): Promise<number> {
  let marked = 0;
  const run = queue.then(async () => {
    const api = getApi();
    const { files } = await api.listUnacknowledgedExports({});
    for (const file of files) {
      const newly = await markExported(file.documentIds, Date.parse(file.at) || Date.now());
      await api.acknowledgeExportFiles({ fileNames: [file.fileName], late: newly > 0 });
      marked += newly;
    }
  });
  queue = run.catch(() => undefined);
  return run.then(() => marked);
}

function report(count: number, message: string): void {
  // Added to one not yet dismissed: staff see every record left out, with the latest reason.
  const was = useExportFolderNotice.getState().problem;
  useExportFolderNotice.setState({ problem: { count: (was?.count ?? 0) + count, message } });
}
