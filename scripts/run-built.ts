/**
 * Runs a Node entry from its build (dist/main/<entry>.js), building it first when the build
 * is missing or older than the sources. `npm run extract` goes through here so that the
 * command, its worker threads and the benchmark all run the same compiled code the app
 * ships, without a TypeScript loader in every thread.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildNode, nodeEntries } from './build';

const root = fileURLToPath(new URL('..', import.meta.url));

function newestSource(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (/\.(ts|mjs)$/.test(e.name)) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/** Makes sure dist/main/<entry>.js and every worker are built from the current sources. */
export async function ensureBuilt(entry: string): Promise<string> {
  const workers = Object.keys(nodeEntries()).filter((n) => n.endsWith('.worker'));
  const names = [entry, ...workers];
  const outputs = names.map((n) => join(root, 'dist', 'main', `${n}.js`));
  const sources = Math.max(newestSource(join(root, 'main')), statSync(join(root, 'package.json')).mtimeMs);
  const stale = outputs.some((o) => !existsSync(o) || statSync(o).mtimeMs < sources);
  if (stale) {
    process.stderr.write(`Building ${entry}…\n`);
    await buildNode(names);
  }
  return outputs[0]!;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [entry, ...args] = process.argv.slice(2);
  if (!entry) {
    process.stderr.write('usage: tsx scripts/run-built.ts <entry> [args…]\n');
    process.exit(2);
  }
  const file = await ensureBuilt(entry);
  const child = spawn(process.execPath, [file, ...args], { stdio: 'inherit' });
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => process.exit(signal ? 128 : (code ?? 1)));
}
