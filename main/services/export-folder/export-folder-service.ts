import { join } from 'node:path';
import { z } from 'zod';
import { ApiCallError, type ValidRequestOf } from '../../core/api/contract';
import type { ExportFolderStatus, ExportFolderTemplate, UnacknowledgedExport } from '../../core/contract/export-folder';
import { PATIENT_TEMPLATE } from '../../core/csv/template';
import { log } from '../../core/log/logger';
import type { AuditLog } from '../audit/audit-log';
import { resolveChosenFolder } from '../chosen-folder';
import { readJsonFile, writeJsonFile } from '../json-file';
import { exportFileName } from './export-file-name';
import { createExportJournal } from './export-journal';
import { folderState, writeFailureMessage } from './folder-state';
import { writeNewFile } from './write-new-file';

/**
 * The export folder as a service: which folder (export-folder.json in the data folder, like
 * the watched folder's own file) and with which CSV template, and writing approved records'
 * CSV into it. The renderer builds the CSV (only it can open the records, and it holds the
 * templates) with the template chosen here, and hands over the text; the folder and the
 * file's name are main's: a call cannot choose where the file goes. Each call is one new
 * file (write-new-file.ts: atomic, never replacing one), and one audit event with the ids.
 */
export const EXPORT_CONFIG_FILE = 'export-folder.json';

const ConfigSchema = z.object({
  path: z.string().min(1).max(4096).nullable(),
  lastWritten: z.object({ fileName: z.string(), at: z.string(), count: z.number().int() }).nullable().default(null),
  lastError: z.object({ message: z.string(), at: z.string() }).nullable().default(null),
  /** Null (and absent, in files from before it could be chosen): the export's default template. */
  template: z.object({ id: z.string().min(1).max(128), name: z.string().min(1).max(255) }).nullable().default(null),
});
type Config = z.infer<typeof ConfigSchema>;

export interface ExportFolder {
  status(): ExportFolderStatus;
  /** Null turns it off. Refuses a path that is not an existing folder. */
  setFolder(path: string | null): ExportFolderStatus;
  /** The template the folder's files are written with (kept whatever the folder). */
  setTemplate(template: ExportFolderTemplate): ExportFolderStatus;
  /** Writes one new CSV file; refuses when no folder is set, and says why a write failed. */
  write(request: ValidRequestOf<'writeExportFile'>): Promise<{ fileName: string; status: ExportFolderStatus }>;
  /** Files written whose records the page has not yet acknowledged marking exported (export-journal.ts). */
  unacknowledged(): UnacknowledgedExport[];
  /** The page has marked these files' records exported; `late`: only now, at a later start (audited). */
  acknowledge(fileNames: readonly string[], late: boolean): number;
}

const elog = log.child({ scope: 'export-folder' });
/** Names tried before giving up: each has a new random id, so a second is already unheard of. */
const NAME_TRIES = 5;
/** Until staff choose one: the export's default, as the Export screen starts on. */
export const DEFAULT_EXPORT_FOLDER_TEMPLATE: ExportFolderTemplate = { id: PATIENT_TEMPLATE.id, name: PATIENT_TEMPLATE.name };

export function createExportFolder(deps: { dataDir: string; audit?: AuditLog; now?: () => Date; fileName?: (at: Date) => string }): ExportFolder {
  const configPath = join(deps.dataDir, EXPORT_CONFIG_FILE);
  const now = deps.now ?? (() => new Date());
  const nameFor = deps.fileName ?? exportFileName;
  let config: Config = readJsonFile(configPath, ConfigSchema) ?? { path: null, lastWritten: null, lastError: null, template: null };
  const journal = createExportJournal(deps.dataDir);

  const save = (next: Config) => {
    config = next;
    writeJsonFile(configPath, config);
  };
  const status = (): ExportFolderStatus => ({
    path: config.path,
    state: config.path ? folderState(config.path) : 'off',
    lastWritten: config.lastWritten,
    lastError: config.lastError,
    template: config.template ?? DEFAULT_EXPORT_FOLDER_TEMPLATE,
  });

  function failed(dir: string, message: string, code: string | undefined): never {
    if (config.path === dir) save({ ...config, lastError: { message, at: now().toISOString() } });
    // The error's code only: the path can name a person, the content is patient data.
    elog.warn('export folder write failed', { code: code ?? null });
    throw new ApiCallError('ERR_UNAVAILABLE', message);
  }

  return {
    status,
    setFolder(next) {
      const path = next === null ? null : resolveChosenFolder(next);
      if (path !== config.path) {
        // A new folder starts with a clean slate: the last file and error were the old one's.
        save({ ...config, path, lastWritten: null, lastError: null });
        // The path can name a person (a user folder): the trail says that it changed, not to what.
        deps.audit?.append({ action: 'settings-changed', detail: { keys: ['exportFolder'] } });
        elog.info('export folder changed', { on: path !== null });
      }
      return status();
    },
    setTemplate(template) {
      const was = config.template ?? DEFAULT_EXPORT_FOLDER_TEMPLATE;
      if (template.id !== was.id || template.name !== was.name) {
        save({ ...config, template: { id: template.id, name: template.name } });
        deps.audit?.append({ action: 'settings-changed', detail: { keys: ['exportFolderTemplate'] } });
        elog.info('export folder template changed', { builtIn: template.id.startsWith('builtin-') });
      }
      return status();
    },
    async write({ content, documentIds, template }) {
      const dir = config.path;
      if (!dir) throw new ApiCallError('ERR_UNAVAILABLE', 'No export folder is set. Choose one in Settings.');
      const at = now();
      let fileName: string | null = null;
      try {
        for (let i = 0; i < NAME_TRIES && !fileName; i++) {
          const name = nameFor(at);
          if (await writeNewFile(dir, name, content)) fileName = name;
        }
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        failed(dir, writeFailureMessage(code), code);
      }
      if (!fileName) failed(dir, 'Every name tried for the file was already taken in the export folder.', 'EEXIST');
      try {
        // Before answering: from here the page may close before it marks these records.
        journal.add({ fileName, at: at.toISOString(), documentIds });
      } catch (err) {
        // The file is written and the page is told so (it marks the records as usual); only
        // a window closed right now would go unnoticed. The code only, as above.
        elog.warn('export folder journal not written', { code: (err as NodeJS.ErrnoException).code ?? null });
      }
      // Unless staff chose another folder meanwhile: the state shown is the new folder's.
      if (config.path === dir) save({ ...config, lastWritten: { fileName, at: at.toISOString(), count: documentIds.length }, lastError: null });
      deps.audit?.append({ action: 'exported', detail: { count: documentIds.length, template, fileName, scope: 'approved', to: 'export-folder', documentIds } });
      elog.info('export folder file written', { count: documentIds.length, bytes: Buffer.byteLength(content) });
      return { fileName, status: status() };
    },
    unacknowledged: () => journal.list(),
    acknowledge(fileNames, late) {
      const known = journal.acknowledge(fileNames);
      if (late) {
        for (const file of known) {
          deps.audit?.append({ action: 'export-marked-late', detail: { count: file.documentIds.length, fileName: file.fileName, to: 'export-folder', documentIds: file.documentIds } });
        }
      }
      return known.length;
    },
  };
}
