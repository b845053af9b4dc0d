/**
 * npm run bench:extract — the offline pipeline's speed, CPU and memory, side by side in one
 * run on the same files:
 *   - text extraction alone (pdfjs, one thread), the pipeline on one thread in-process, and
 *     the pipeline through the engine and its worker pool (default size, and one worker);
 *   - wall time and CPU per document (CPU of all threads of the process), peak RSS;
 *   - against ONE poppler process over all the files (pdfunite, untimed, then one
 *     `pdftotext -bbox`: text with positions, as pdfjs gives), and pdftotext per file;
 *   - variants: this code; this code with pdfjs as shipped (SCR_PDFJS_STOCK=1: no sync
 *     inflate, core-js polyfills left in place); and with --baseline DIR, another checkout
 *     (e.g. `git worktree add /tmp/before <commit>`) built with this same measuring child.
 * Each mode runs in its own child process so that peaks don't mix.
 * Options: --docs N (default 100), --rounds N (default 3; medians), --baseline DIR.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const SAMPLES = fileURLToPath(new URL('../../../shared/samples/scr/', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CHILD_SOURCE = fileURLToPath(new URL('./extract-child.ts', import.meta.url));

interface ModeResult {
  mode: string;
  docs: number;
  pages: number;
  seconds: number;
  cpuSeconds: number;
  peakRssMb: number;
  complete: number;
  threads: number;
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

/** A corpus of distinct documents: the samples' records, copied with a unique trailing comment. */
async function makeCorpus(dir: string, docs: number): Promise<string[]> {
  let sources: string[];
  if (existsSync(SAMPLES)) {
    sources = readdirSync(SAMPLES).filter((f) => /^doc\d+.*\.pdf$/.test(f)).sort().map((f) => join(SAMPLES, f));
  } else {
    console.log('(../shared/samples not present: using the generated corpus)');
    const { ensureCorpus } = await import('../../tests/fixtures/generator');
    sources = (await ensureCorpus()).map((d) => d.file).filter((f) => !/scan/i.test(f));
  }
  const files: string[] = [];
  for (let i = 0; i < docs; i++) {
    const src = sources[i % sources.length]!;
    const target = join(dir, `${String(i).padStart(4, '0')}.pdf`);
    copyFileSync(src, target);
    appendFileSync(target, `%bench ${i}\n`);
    files.push(target);
  }
  return files;
}

function runChild(childJs: string, mode: string, listFile: string, env: NodeJS.ProcessEnv, threads?: number, nodeFlags: string[] = []): ModeResult {
  const res = spawnSync(process.execPath, [...nodeFlags, childJs, mode, listFile, ...(threads ? [String(threads)] : [])], {
    cwd: ROOT,
    encoding: 'utf8',
    env,
    maxBuffer: 16 * 1024 * 1024,
  });
  if (res.status !== 0) throw new Error(`${mode} failed: ${res.stderr}`);
  return JSON.parse(res.stdout.trim().split('\n').pop()!) as ModeResult;
}

/** CPU seconds of a command, from GNU time where present (else its wall time: poppler is single-threaded). */
function timed(cmd: string, args: string[]): { seconds: number; cpuSeconds: number } {
  const t = performance.now();
  if (existsSync('/usr/bin/time')) {
    const res = spawnSync('/usr/bin/time', ['-f', '%U %S', cmd, ...args], { encoding: 'utf8' });
    const seconds = (performance.now() - t) / 1000;
    const [u, s] = res.stderr.trim().split('\n').pop()!.split(' ').map(Number);
    return { seconds, cpuSeconds: (u ?? 0) + (s ?? 0) };
  }
  execFileSync(cmd, args);
  const seconds = (performance.now() - t) / 1000;
  return { seconds, cpuSeconds: seconds };
}

function popplerOneProcess(files: string[], dir: string): { seconds: number; cpuSeconds: number } {
  const merged = join(dir, 'all.pdf');
  if (!existsSync(merged)) execFileSync('pdfunite', [...files, merged]);
  return timed('pdftotext', ['-bbox', merged, join(dir, 'all.html')]);
}

function popplerPerFile(files: string[], dir: string): { seconds: number } {
  const out = join(dir, 'one.txt');
  const t = performance.now();
  for (const f of files) execFileSync('pdftotext', ['-layout', f, out]);
  return { seconds: (performance.now() - t) / 1000 };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Builds the measuring child (and the workers) from `root`'s sources, the way the app ships them. */
async function buildChild(root: string): Promise<string> {
  const outDir = join(root, 'dist', 'bench');
  mkdirSync(outDir, { recursive: true });
  const child = join(root, 'scripts', 'bench', 'extract-child.ts');
  if (resolve(child) !== resolve(CHILD_SOURCE)) copyFileSync(CHILD_SOURCE, child);
  const { buildNode, nodeEntries } = (await import(pathToFileURL(join(root, 'scripts', 'build.ts')).href)) as typeof import('../build');
  const workers = Object.keys(nodeEntries()).filter((n) => n.endsWith('.worker'));
  await buildNode(['extract-child', ...workers], outDir, { 'extract-child': child });
  return join(outDir, 'extract-child.js');
}

interface Variant {
  name: string;
  childJs: string;
  env: NodeJS.ProcessEnv;
}

async function main(): Promise<void> {
  const docs = Number(arg('--docs') ?? 100);
  const rounds = Number(arg('--rounds') ?? 3);
  const baseline = arg('--baseline');
  const dir = mkdtempSync(join(tmpdir(), 'bench-extract-'));
  try {
    const ours = await buildChild(ROOT);
    const variants: Variant[] = [
      { name: 'this code', childJs: ours, env: process.env },
      { name: 'this code, pdfjs as shipped', childJs: ours, env: { ...process.env, SCR_PDFJS_STOCK: '1' } },
    ];
    if (baseline) variants.push({ name: `baseline (${baseline})`, childJs: await buildChild(resolve(baseline)), env: process.env });
    const files = await makeCorpus(dir, docs);
    const listFile = join(dir, 'files.txt');
    writeFileSync(listFile, files.join('\n'));
    // 'pipeline, 1 thread' is one JavaScript thread, but V8 runs its compilers and parts of
    // its garbage collector on threads of their own, which a second core absorbs. The same
    // run under --single-threaded shows what one core alone does: the fair floor for a pool.
    const modes: { key: string; mode: string; threads?: number; nodeFlags?: string[] }[] = [
      { key: 'text', mode: 'text' },
      { key: 'single', mode: 'single' },
      { key: 'one-core', mode: 'single', nodeFlags: ['--single-threaded'] },
      { key: 'pool', mode: 'pool' },
      { key: 'pool-1', mode: 'pool', threads: 1 },
    ];
    const results = new Map<string, ModeResult[]>();
    const popplerOne: { seconds: number; cpuSeconds: number }[] = [];
    const popplerEach: number[] = [];
    // Rounds interleave every variant and mode, so that a busy moment on a shared machine
    // lands on all of them rather than on one.
    for (let r = 0; r < rounds; r++) {
      for (const v of variants) {
        for (const m of modes) {
          const key = `${v.name}|${m.key}`;
          if (!results.has(key)) results.set(key, []);
          results.get(key)!.push(runChild(v.childJs, m.mode, listFile, v.env, m.threads, m.nodeFlags));
        }
      }
      popplerOne.push(popplerOneProcess(files, dir));
      popplerEach.push(popplerPerFile(files, dir).seconds);
    }
    const pick = (key: string) => {
      const list = results.get(key)!;
      return { ...list[0]!, seconds: median(list.map((x) => x.seconds)), cpuSeconds: median(list.map((x) => x.cpuSeconds)), peakRssMb: Math.max(...list.map((x) => x.peakRssMb)) };
    };
    const pages = pick(`${variants[0]!.name}|single`).pages;
    const poppler = { seconds: median(popplerOne.map((p) => p.seconds)), cpuSeconds: median(popplerOne.map((p) => p.cpuSeconds)) };
    const popplerMs = (poppler.cpuSeconds / docs) * 1000;
    console.log(`bench:extract — ${docs} documents (${pages} pages, ${(pages / docs).toFixed(2)} pages/doc), ${availableParallelism()} cores, median of ${rounds} rounds\n`);
    const head = `${'variant'.padEnd(30)} ${'mode'.padEnd(18)} ${'docs/s'.padStart(7)} ${'wall ms/doc'.padStart(12)} ${'CPU ms/doc'.padStart(11)} ${'cores'.padStart(6)} ${'× poppler'.padStart(10)} ${'peak RSS'.padStart(9)} ${'complete'.padStart(9)}`;
    console.log(head);
    console.log('-'.repeat(head.length));
    const label: Record<string, string> = { text: 'text only', single: 'pipeline, 1 thread', 'one-core': 'pipeline, 1 core', pool: 'pipeline, pool', 'pool-1': 'pipeline, pool of 1' };
    for (const v of variants) {
      for (const m of modes) {
        const x = pick(`${v.name}|${m.key}`);
        const cpuMs = (x.cpuSeconds / x.docs) * 1000;
        const modeLabel = m.key === 'pool' ? `${label[m.key]} (${x.threads})` : label[m.key]!;
        console.log(
          `${v.name.slice(0, 30).padEnd(30)} ${modeLabel.padEnd(18)} ${(x.docs / x.seconds).toFixed(1).padStart(7)} ${((x.seconds / x.docs) * 1000).toFixed(1).padStart(12)} ${cpuMs.toFixed(1).padStart(11)} ${(x.cpuSeconds / x.seconds).toFixed(2).padStart(6)} ${(cpuMs / popplerMs).toFixed(2).padStart(9)}× ${x.peakRssMb.toFixed(0).padStart(8)}M ${`${x.complete}/${x.docs}`.padStart(9)}`,
        );
      }
    }
    console.log(`${'poppler, ONE process'.padEnd(30)} ${'pdftotext -bbox'.padEnd(18)} ${(docs / poppler.seconds).toFixed(1).padStart(7)} ${((poppler.seconds / docs) * 1000).toFixed(1).padStart(12)} ${popplerMs.toFixed(1).padStart(11)} ${'1.00'.padStart(9)}×`);
    const each = median(popplerEach);
    console.log(`${'poppler, one process per file'.padEnd(30)} ${'pdftotext -layout'.padEnd(18)} ${(docs / each).toFixed(1).padStart(7)} ${((each / docs) * 1000).toFixed(1).padStart(12)}`);

    const now = variants[0]!.name;
    const ref = baseline ? variants[2]!.name : variants[1]!.name;
    const cpuPer = (key: string) => pick(key).cpuSeconds / pick(key).docs;
    const rate = (key: string) => pick(key).docs / pick(key).seconds;
    console.log('\nratios');
    console.log(`  text CPU/doc, this code / ${ref}: ${(cpuPer(`${now}|text`) / cpuPer(`${ref}|text`)).toFixed(2)}× (target ≤ 0.75)`);
    console.log(`  text CPU/doc, this code / pdfjs as shipped: ${(cpuPer(`${now}|text`) / cpuPer(`${variants[1]!.name}|text`)).toFixed(2)}×`);
    console.log(`  pipeline CPU/doc (1 thread) / one poppler process: ${((cpuPer(`${now}|single`) * 1000) / popplerMs).toFixed(2)}× (target ≤ 4)`);
    console.log(`  pipeline CPU/doc (pool) / one poppler process: ${((cpuPer(`${now}|pool`) * 1000) / popplerMs).toFixed(2)}×`);
    for (const v of variants) {
      console.log(`  pool throughput / single thread, ${v.name}: ${(rate(`${v.name}|pool`) / rate(`${v.name}|single`)).toFixed(2)}× (pool of 1: ${(rate(`${v.name}|pool-1`) / rate(`${v.name}|single`)).toFixed(2)}×; target ≥ 1.5 on an idle 2-core machine)`);
      console.log(`  pool throughput / one core (--single-threaded), ${v.name}: ${(rate(`${v.name}|pool`) / rate(`${v.name}|one-core`)).toFixed(2)}× (the single thread already keeps ${(pick(`${v.name}|single`).cpuSeconds / pick(`${v.name}|single`).seconds).toFixed(2)} cores busy)`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
