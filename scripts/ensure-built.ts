import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildNode } from './build';
import { NODE_SOURCES, commandEntries, isStale } from './build-freshness.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * For benchmarks that run a built command as a child process: builds dist/main/<entry>.js
 * and every worker when they are missing or older than their sources (the same check as
 * `npm run extract`), and returns the entry's path.
 */
export async function ensureBuilt(entry: string): Promise<string> {
  const names = commandEntries(root, entry);
  if (isStale(root, names.map((n) => `dist/main/${n}.js`), NODE_SOURCES)) {
    process.stderr.write(`Building ${entry}…\n`);
    await buildNode(names);
  }
  return join(root, 'dist', 'main', `${entry}.js`);
}
