import { lstat, readdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { BrowserWindow, Dialog } from 'electron';
import type { ResponseOf } from '../core/api/contract';
import { log } from '../core/log/logger';
import type { PickedPaths } from '../services/document-handlers';
import type { HostPorts } from '../services/handlers';

/**
 * The desktop's native open and save dialogs, as the services' host ports. Only these
 * touch the file system on the renderer's behalf, and only where the user pointed. A pick
 * answers paths and sizes, which stay in main: nothing is read here (the engine reads each
 * file when it takes it up). Logs carry counts and sizes, never file names (they often
 * name the patient).
 */
/** A folder's PDFs taken in one pick; any beyond are counted and reported, never dropped silently. */
export const MAX_FILES = 10_000;

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

    async pickFolder(purpose): Promise<string | null> {
      const win = deps.window();
      const title = purpose === 'export' ? 'Choose the folder to write approved records into' : 'Choose the folder to watch for PDFs';
      const options = { title, properties: ['openDirectory', 'createDirectory'] as ('openDirectory' | 'createDirectory')[] };
      const choice = win ? await deps.dialog.showOpenDialog(win, options) : await deps.dialog.showOpenDialog(options);
      if (choice.canceled || choice.filePaths.length === 0) return null;
      return choice.filePaths[0]!;
    },

    async pickDocuments({ folder }): Promise<PickedPaths> {
      const win = deps.window();
      const options = folder
        ? { title: 'Choose a folder of PDFs', properties: ['openDirectory'] as 'openDirectory'[] }
        : {
            title: 'Choose PDFs',
            filters: [{ name: 'PDF documents', extensions: ['pdf'] }],
            properties: ['openFile', 'multiSelections'] as ('openFile' | 'multiSelections')[],
          };
      const choice = win ? await deps.dialog.showOpenDialog(win, options) : await deps.dialog.showOpenDialog(options);
      if (choice.canceled || choice.filePaths.length === 0) return { files: [], leftOut: 0 };
      const found = folder ? await pdfsUnder(choice.filePaths[0]!) : { paths: choice.filePaths, leftOut: 0 };
      const files: PickedPaths['files'] = [];
      for (const path of found.paths) {
        const info = await lstat(path);
        // Only files: a link or a device is not followed. Size is checked by the engine, which says so.
        if (info.isFile()) files.push({ path, size: info.size });
      }
      log.info('documents picked', { count: files.length, notFiles: found.paths.length - files.length, leftOut: found.leftOut });
      return { files, leftOut: found.leftOut };
    },
  };
}

/**
 * PDFs in a folder and its subfolders, in name order, up to `max`; the rest are counted.
 * Symbolic links are not followed.
 */
export async function pdfsUnder(dir: string, max = MAX_FILES): Promise<{ paths: string[]; leftOut: number }> {
  const paths: string[] = [];
  let leftOut = 0;
  async function walk(folder: string): Promise<void> {
    const entries = await readdir(folder, { withFileTypes: true });
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      const full = join(folder, e.name);
      if (e.isDirectory()) await walk(full);
      else if (e.isFile() && /\.pdf$/i.test(e.name)) {
        if (paths.length < max) paths.push(full);
        else leftOut++;
      }
    }
  }
  await walk(dir);
  return { paths, leftOut };
}
