import { accessSync, constants, statSync } from 'node:fs';
import type { ExportFolderState } from '../../core/contract/export-folder';

/**
 * The export folder's state as it is now: still there, still a folder, and writable by the
 * account SCR Extract runs as. Read each time Settings asks (a share can drop, a drive be
 * unplugged); a write finds out for itself anyway and says what went wrong.
 */
export function folderState(path: string): Exclude<ExportFolderState, 'off'> {
  try {
    if (!statSync(path).isDirectory()) return 'not-a-folder';
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? 'missing' : 'not-writable';
  }
  try {
    accessSync(path, constants.W_OK);
    return 'ready';
  } catch {
    return 'not-writable';
  }
}

/** What went wrong with a write, in words staff can act on (the error's code only; no values). */
export function writeFailureMessage(code: string | undefined): string {
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return 'The export folder cannot be found. It may have been moved, renamed or deleted, or its drive is not connected.';
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return 'SCR Extract is not allowed to write to the export folder. Check that the account SCR Extract runs as may write there.';
    case 'ENOSPC':
    case 'EDQUOT':
      return 'The disk that holds the export folder is full.';
    default:
      return `The file could not be written to the export folder${code ? ` (${code})` : ''}.`;
  }
}
