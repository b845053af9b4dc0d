import { statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { ApiCallError } from '../core/api/contract';

/**
 * A folder staff named in Settings (the watched folder, the export folder): it must be a
 * full path to a folder that exists now. Typed paths in web mode are checked here as much
 * as the desktop dialog's answer, and the messages say what to do, never echo the path back
 * into logs (the path can name a person: a user's home folder).
 */
export function resolveChosenFolder(path: string): string {
  const trimmed = path.trim();
  if (!isAbsolute(trimmed)) throw new ApiCallError('ERR_BAD_REQUEST', 'Enter the folder’s full path, for example C:\\Scans\\SCR or /home/practice/scr-inbox.', ['path']);
  let isDir = false;
  try {
    isDir = statSync(trimmed).isDirectory();
  } catch {
    throw new ApiCallError('ERR_BAD_REQUEST', 'There is no folder at that path on this computer. Check it, or create the folder first.', ['path']);
  }
  if (!isDir) throw new ApiCallError('ERR_BAD_REQUEST', 'That path is a file, not a folder.', ['path']);
  return resolve(trimmed);
}
