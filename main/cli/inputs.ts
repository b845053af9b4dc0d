import { readdirSync, statSync, type Dirent, type Stats } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from './args';

export interface InputFile {
  /** The path as given, or as found under a folder that was given. */
  path: string;
  /** 0 when unknown (a link that leads nowhere): the engine reports why it cannot be read. */
  size: number;
}

const PDF_NAME = /\.pdf$/i;

/**
 * Expands the command line's files and folders into files, in order. A folder contributes
 * its *.pdf entries (sub-folders too), sorted by name so that runs are repeatable. A named
 * file is taken whatever its name: its bytes decide whether it is a PDF.
 *
 * Symbolic links are followed, to files and to folders, so a linked PDF gets its line like
 * any other (it used to get none, and the summary miscounted). A *.pdf entry that is not a
 * file (a link that leads nowhere, a device) still gets a line, saying why it could not be
 * read, rather than vanishing. Each real folder is walked once, so a link back up the tree
 * (or many links to one folder) cannot loop or multiply the walk.
 */
export function expandInputs(inputs: readonly string[]): InputFile[] {
  const out: InputFile[] = [];
  const walked = new Set<string>();
  for (const input of inputs) {
    let st;
    try {
      st = statSync(input);
    } catch {
      throw new UsageError(`No such file or folder: ${input}`);
    }
    if (st.isDirectory()) out.push(...walk(input, st, walked));
    else if (st.isFile()) out.push({ path: input, size: st.size });
    else throw new UsageError(`Not a file or folder: ${input}`);
  }
  return out;
}

/** A folder's identity on disk, whatever path reached it. */
function folderKey(st: Stats): string {
  return `${st.dev}:${st.ino}`;
}

function walk(dir: string, st: Stats, walked: Set<string>): InputFile[] {
  if (walked.has(folderKey(st))) return [];
  walked.add(folderKey(st));
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    throw new UsageError(`Could not read the folder ${dir}: check it exists and you may open it.`);
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const out: InputFile[] = [];
  for (const e of entries) {
    const path = join(dir, e.name);
    // Through any link: what the entry leads to.
    let target: Stats | null;
    try {
      target = e.isSymbolicLink() || e.isDirectory() ? statSync(path) : null;
    } catch {
      target = null;
    }
    if (target?.isDirectory()) {
      out.push(...walk(path, target, walked));
      continue;
    }
    if (!PDF_NAME.test(e.name)) continue;
    if (e.isFile()) out.push({ path, size: statSync(path).size });
    else out.push({ path, size: target?.isFile() ? target.size : 0 });
  }
  return out;
}
