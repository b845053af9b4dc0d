import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from './args';

export interface InputFile {
  /** The path as given, or as found under a folder that was given. */
  path: string;
  size: number;
}

/**
 * Expands the command line's files and folders into files, in order. A folder contributes
 * its *.pdf files (sub-folders too), sorted by name so that runs are repeatable. A named
 * file is taken whatever its name: its bytes decide whether it is a PDF.
 */
export function expandInputs(inputs: readonly string[]): InputFile[] {
  const out: InputFile[] = [];
  for (const input of inputs) {
    let st;
    try {
      st = statSync(input);
    } catch {
      throw new UsageError(`No such file or folder: ${input}`);
    }
    if (st.isDirectory()) out.push(...walk(input));
    else if (st.isFile()) out.push({ path: input, size: st.size });
    else throw new UsageError(`Not a file or folder: ${input}`);
  }
  return out;
}

function walk(dir: string): InputFile[] {
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const out: InputFile[] = [];
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(path));
    else if (e.isFile() && /\.pdf$/i.test(e.name)) out.push({ path, size: statSync(path).size });
  }
  return out;
}
