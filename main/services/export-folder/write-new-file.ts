import { randomBytes } from 'node:crypto';
import { link, lstat, open, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Writes a new file into a folder that another program polls (a practice system picking
 * up CSVs), so that it never sees half a file and nothing already there is replaced:
 *   1. the content goes to a temporary name in the same folder (a dot name ending .partial,
 *      which no poller looking for *.csv picks up), flushed to disk;
 *   2. it appears under its real name in one step: a hard link, which fails if the name is
 *      taken (the only atomic "create, never replace" the file systems offer: a rename
 *      replaces an existing file on every OS);
 *   3. the temporary name is removed.
 * On a file system without hard links (FAT drives, some network shares) step 2 is a check
 * that the name is free and then a rename: the name is new (date, time and a random id), so
 * nothing else is expected to take it in between.
 * False when the name is taken: the caller picks another. Anything else is thrown.
 */
export async function writeNewFile(dir: string, name: string, content: string): Promise<boolean> {
  const tmp = join(dir, `.${name}.${randomBytes(4).toString('hex')}.partial`);
  // Owner read-write, group read: a practice system running as another account of the
  // group can read it; beyond that the folder's own permissions decide (README).
  const handle = await open(tmp, 'wx', 0o640);
  try {
    try {
      await handle.writeFile(content, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    return await publish(tmp, join(dir, name));
  } finally {
    // Gone already after a rename; after a link (or a failed write) it is removed here.
    await unlink(tmp).catch(() => undefined);
  }
}

/** Link errors that mean "this file system has no hard links", not "this failed". */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV', 'EMLINK']);

async function publish(tmp: string, final: string): Promise<boolean> {
  try {
    await link(tmp, final);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    if (code === 'EEXIST') return false;
    if (!NO_HARD_LINKS.has(code)) throw err;
  }
  if (await exists(final)) return false;
  await rename(tmp, final);
  return true;
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}
