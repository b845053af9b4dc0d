import { lstat, readdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { BrowserWindow, Dialog } from 'electron';
import type { PickedDocument, ResponseOf } from '../core/api/contract';
import { log } from '../core/log/logger';
import type { HostPorts } from '../services/handlers';

/**
 * The desktop's native open and save dialogs, as the services' host ports. Only these
 * touch the file system on the renderer's behalf, and only where the user pointed.
 * Logs carry counts and sizes, never file names (they often name the patient).
 */
const MAX_FILES = 1000;
/** Larger than any limit settings allow; such a file is not worth holding in memory. */
const MAX_FILE_BYTES = 256 * 1024 * 1024;

export function safeCsvName(suggested: string): string {
  const base = basename(suggested.replace(/\\/g, '/'))
    // Characters Windows refuses in file names, and control characters.
    .replace(/[<>:"/\\|?*\u0000-\u001f]/g, '_')
    .replace(/^[.\s]+/, '')
    .slice(0, 200);
  const name = base || 'scr-export';
  return /\.csv$/i.test(name) ? name : `${name}.csv`;
}

export function createDialogPorts(deps: {
  dialog: Pick<Dialog, 'showSaveDialog' | 'showOpenDialog'>;
  window: () => BrowserWindow | null;
  downloadsDir: string;
}): Required<HostPorts> {
  return {
    async saveCsv({ suggestedName, content }): Promise<ResponseOf<'saveCsv'>> {
      const win = deps.window();
      const options = {
        title: 'Save CSV',
        defaultPath: join(deps.downloadsDir, safeCsvName(suggestedName)),
        filters: [{ name: 'CSV files', extensions: ['csv'] }],
        properties: ['createDirectory', 'showOverwriteConfirmation'] as ('createDirectory' | 'showOverwriteConfirmation')[],
      };
      const choice = win ? await deps.dialog.showSaveDialog(win, options) : await deps.dialog.showSaveDialog(options);
      if (choice.canceled || !choice.filePath) return { saved: false, fileName: null };
      await writeFile(choice.filePath, content, { encoding: 'utf8', mode: 0o600 });
      log.info('csv saved', { bytes: Buffer.byteLength(content) });
      return { saved: true, fileName: basename(choice.filePath) };
    },

    async pickDocuments({ folder }): Promise<ResponseOf<'pickDocuments'>> {
      const win = deps.window();
      const options = folder
        ? { title: 'Choose a folder of PDFs', properties: ['openDirectory'] as 'openDirectory'[] }
        : {
            title: 'Choose PDFs',
            filters: [{ name: 'PDF documents', extensions: ['pdf'] }],
            properties: ['openFile', 'multiSelections'] as ('openFile' | 'multiSelections')[],
          };
      const choice = win ? await deps.dialog.showOpenDialog(win, options) : await deps.dialog.showOpenDialog(options);
      if (choice.canceled || choice.filePaths.length === 0) return { files: [] };
      const paths = folder ? await pdfsUnder(choice.filePaths[0]!) : choice.filePaths;
      const files: PickedDocument[] = [];
      for (const path of paths.slice(0, MAX_FILES)) {
        const info = await lstat(path);
        if (!info.isFile() || info.size > MAX_FILE_BYTES) continue;
        files.push({ name: basename(path), bytes: new Uint8Array(await readFile(path)) });
      }
      log.info('documents picked', { count: files.length, skipped: paths.length - files.length });
      return { files };
    },
  };
}

/** PDFs in a folder and its subfolders; symbolic links are not followed. */
export async function pdfsUnder(dir: string, found: string[] = []): Promise<string[]> {
  if (found.length >= MAX_FILES) return found;
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    if (found.length >= MAX_FILES) break;
    const full = join(dir, e.name);
    if (e.isDirectory()) await pdfsUnder(full, found);
    else if (e.isFile() && /\.pdf$/i.test(e.name)) found.push(full);
  }
  return found;
}
