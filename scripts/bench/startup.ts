/**
 * npm run bench:startup — how long `npm run extract` takes to its first JSONL line for one
 * file, side by side in one run with the ways of starting the same command:
 *   built CLI alone   node dist/main/extract.js   (the reference: no launcher at all)
 *   launcher          node scripts/extract.mjs    (what npm runs: staleness check, then the CLI)
 *   npm run extract   the command as documented   (npm's own start-up on top)
 * Runs are interleaved, round by round, so a busy moment hits every way alike; the medians
 * are printed with their ratio to the reference, and npm's own cost as the difference.
 * Options: --rounds N (default 5); --also 'label=command …' adds a way (e.g. an older launcher).
 * The file is a generated record (the project's fixture generator, pdf-lib: no browser).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, watch, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDoc } from '../../tests/fixtures/generator/build';
import { parseScrVariant, planCorpus } from '../../tests/fixtures/generator/plan';
import { DEFAULT_SEED } from '../../tests/fixtures/generator/types';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

async function oneRecord(dir: string): Promise<string> {
  const plan = planCorpus(DEFAULT_SEED, 40, ['scr']).find((p) => parseScrVariant(p.variant).renderer === 'pdflib');
  if (!plan) throw new Error('the generator planned no pdf-lib record');
  const built = await buildDoc(plan, () => Promise.reject(new Error('not needed')));
  const file = join(dir, 'one-record.pdf');
  writeFileSync(file, built.bytes);
  return file;
}

interface Way {
  label: string;
  command: string;
  args: string[];
}

/**
 * Milliseconds from start to the first JSONL line in the --json file (the command appends
 * each document's line as it finishes); then waits for the exit.
 */
function firstLineMs(way: Way, out: string): Promise<number> {
  rmSync(out, { force: true });
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(way.command, [...way.args, '--quiet', '--json', out], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let first: number | null = null;
    let stderr = '';
    const look = () => {
      if (first !== null) return;
      try {
        if (readFileSync(out, 'utf8').includes('}\n')) first = performance.now() - started;
      } catch {
        // Not written yet.
      }
    };
    const watcher = watch(dirname(out), look);
    const poll = setInterval(look, 10);
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('exit', (code) => {
      look();
      watcher.close();
      clearInterval(poll);
      if (first === null) reject(new Error(`${way.label}: no JSONL line (exit ${code}): ${stderr.slice(-500)}`));
      else resolve(first);
    });
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const rounds = Number(option('--rounds') ?? 5);
const dir = mkdtempSync(join(tmpdir(), 'scr-bench-startup-'));
try {
  const file = await oneRecord(dir);
  const ways: Way[] = [
    { label: 'built CLI alone (reference)', command: process.execPath, args: ['dist/main/extract.js', file] },
    { label: 'launcher (node scripts/extract.mjs)', command: process.execPath, args: ['scripts/extract.mjs', file] },
    { label: 'npm run extract', command: 'npm', args: ['run', 'extract', '--', file] },
  ];
  for (const extra of option('--also')?.split(';') ?? []) {
    const [label, command] = extra.split('=');
    if (!label || !command) continue;
    const [cmd, ...args] = command.trim().split(/\s+/);
    ways.push({ label: label.trim(), command: cmd!, args: [...args, file] });
  }
  // Builds when the sources changed, so that no timed run builds.
  const warm = spawnSync(process.execPath, ['scripts/extract.mjs', '--quiet', file], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  if (warm.status !== 0) throw new Error('the extract command failed');

  const times = new Map<string, number[]>(ways.map((w) => [w.label, []]));
  const out = join(dir, 'out', 'first.jsonl');
  mkdirSync(dirname(out));
  for (let r = 0; r < rounds; r++) for (const way of ways) times.get(way.label)!.push(await firstLineMs(way, out));

  const ref = median(times.get(ways[0]!.label)!);
  console.log(`first JSONL line for one file, median of ${rounds} (interleaved), node ${process.version}`);
  // The fastest run too: on a shared machine it shows each way with the least interference.
  const best = (label: string) => Math.min(...times.get(label)!);
  const refBest = best(ways[0]!.label);
  console.log(`${'way'.padEnd(48)} ${'median s'.padStart(9)} ${'× ref'.padStart(6)} ${'fastest s'.padStart(10)} ${'× ref'.padStart(6)}   runs (s)`);
  for (const way of ways) {
    const ts = times.get(way.label)!;
    const m = median(ts);
    const b = best(way.label);
    console.log(
      `${way.label.padEnd(48)} ${(m / 1000).toFixed(2).padStart(9)} ${(m / ref).toFixed(2).padStart(6)} ${(b / 1000).toFixed(2).padStart(10)} ${(b / refBest).toFixed(2).padStart(6)}   ${ts.map((t) => (t / 1000).toFixed(2)).join(' ')}`,
    );
  }
  const npmCost = median(times.get('npm run extract')!) - median(times.get(ways[1]!.label)!);
  console.log(`npm run's own cost: ${(npmCost / 1000).toFixed(2)} s (npm run extract − the launcher alone)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
