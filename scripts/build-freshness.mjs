// Whether built bundles are older than the sources they come from: file times only, so an
// up-to-date check costs a directory walk and never loads the bundler.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** What the Node bundles (dist/main) are built from, relative to the repository root. */
export const NODE_SOURCES = ['main', 'package.json', 'package-lock.json', 'scripts/build.ts'];

/** A command's bundle and every worker bundle it may start (dist/main/<name>.js). */
export function commandEntries(root, entry) {
  const workers = readdirSync(join(root, 'main', 'core', 'workers'))
    .filter((f) => f.endsWith('.worker.ts'))
    .map((f) => f.slice(0, -'.ts'.length));
  return [entry, ...workers];
}

/** The newest modification time under a path (directories count: a deleted file changes theirs). */
export function newestMtime(path) {
  let info;
  try {
    info = statSync(path);
  } catch {
    return 0;
  }
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/** True when any output is missing or older than the newest of the sources (paths under root). */
export function isStale(root, outputs, sources) {
  const built = outputs.map((o) => join(root, o));
  if (built.some((f) => !existsSync(f))) return true;
  const oldest = Math.min(...built.map((f) => statSync(f).mtimeMs));
  return sources.some((s) => newestMtime(join(root, s)) > oldest);
}
