/**
 * npm run bench:extract — the offline pipeline's speed and memory, side by side in one run
 * on the same files:
 *   - documents/s and pages/s through validate → text → classify → extract → CSV,
 *     single-thread (in-process, no workers) and all cores (the engine with its worker pool);
 *   - peak RSS of each (each mode runs in its own child process, so peaks don't mix);
 *   - text extraction alone against pdftotext (poppler-utils) on the same files.
 * Options: --docs N (default 100), --rounds N (default 3; the median is printed).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SAMPLES = fileURLToPath(new URL('../../../shared/samples/scr/', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface ModeResult {
  mode: string;
  docs: number;
  pages: number;
  seconds: number;
  peakRssMb: number;
  complete: number;
}

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

/** A corpus of distinct documents: the samples' records, copied with a unique trailing comment. */
function makeCorpus(dir: string, docs: number): string[] {
  const sources = readdirSync(SAMPLES).filter((f) => /^doc\d+.*\.pdf$/.test(f)).sort();
  const files: string[] = [];
  for (let i = 0; i < docs; i++) {
    const src = sources[i % sources.length]!;
    const target = join(dir, `${String(i).padStart(4, '0')}-${src}`);
    copyFileSync(join(SAMPLES, src), target);
    appendFileSync(target, `%bench ${i}\n`);
    files.push(target);
  }
  return files;
}

function runChild(childJs: string, mode: string, listFile: string): ModeResult {
  const res = spawnSync(process.execPath, [childJs, mode, listFile], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  if (res.status !== 0) throw new Error(`${mode} failed: ${res.stderr}`);
  return JSON.parse(res.stdout.trim().split('\n').pop()!) as ModeResult;
}

function pdftotext(files: string[]): { seconds: number } {
  const out = join(tmpdir(), `bench-pdftotext-${process.pid}.txt`);
  execFileSync('pdftotext', ['-layout', files[0]!, out]);
  const t = performance.now();
  for (const f of files) execFileSync('pdftotext', ['-layout', f, out]);
  const seconds = (performance.now() - t) / 1000;
  rmSync(out, { force: true });
  return { seconds };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** The measured code is compiled the way the app ships it (no TypeScript loader in any thread). */
async function buildChild(outDir: string): Promise<string> {
  const { buildNode, nodeEntries } = await import('../build');
  const workers = Object.keys(nodeEntries()).filter((n) => n.endsWith('.worker'));
  await buildNode(['extract-child', ...workers], outDir, { 'extract-child': fileURLToPath(new URL('./extract-child.ts', import.meta.url)) });
  return join(outDir, 'extract-child.js');
}

async function main(): Promise<void> {
  const docs = arg('--docs', 100);
  const rounds = arg('--rounds', 3);
  const dir = mkdtempSync(join(tmpdir(), 'bench-extract-'));
  try {
    // Inside the project, so that the build resolves node_modules as the app does.
    const childJs = await buildChild(join(ROOT, 'dist', 'bench'));
    const files = makeCorpus(dir, docs);
    const listFile = join(dir, 'files.txt');
    writeFileSync(listFile, files.join('\n'));
    const results: Record<string, ModeResult[]> = { single: [], pool: [], text: [] };
    const poppler: number[] = [];
    for (let r = 0; r < rounds; r++) {
      for (const mode of ['single', 'pool', 'text'] as const) results[mode]!.push(runChild(childJs, mode, listFile));
      poppler.push(pdftotext(files).seconds);
    }
    const pick = (mode: string) => {
      const list = results[mode]!;
      const secs = median(list.map((x) => x.seconds));
      return { ...list[0]!, seconds: secs, peakRssMb: Math.max(...list.map((x) => x.peakRssMb)) };
    };
    const single = pick('single');
    const pool = pick('pool');
    const text = pick('text');
    const popplerSecs = median(poppler);
    const pages = single.pages;
    const row = (name: string, m: ModeResult) =>
      `${name.padEnd(34)} ${(m.docs / m.seconds).toFixed(1).padStart(8)} ${(m.pages / m.seconds).toFixed(1).padStart(9)} ${m.seconds.toFixed(2).padStart(8)} ${m.peakRssMb.toFixed(0).padStart(9)}`;
    console.log(`bench:extract — ${docs} documents (${pages} pages, ${(pages / docs).toFixed(2)} pages/doc), ${availableParallelism()} cores, median of ${rounds} rounds\n`);
    console.log(`${'pipeline (validate→text→classify→extract→CSV)'.padEnd(34).slice(0, 34)} ${'docs/s'.padStart(8)} ${'pages/s'.padStart(9)} ${'wall s'.padStart(8)} ${'peak RSS'.padStart(9)}`);
    console.log(row('single thread (in-process)', single));
    console.log(row(`all cores (engine, ${availableParallelism()} workers)`, pool));
    console.log(`\n${'text extraction only, sequential'.padEnd(34)} ${'wall s'.padStart(8)} ${'ms/doc'.padStart(9)}`);
    console.log(`${'pdfjs-dist (ours, with positions)'.padEnd(34)} ${text.seconds.toFixed(2).padStart(8)} ${((text.seconds / docs) * 1000).toFixed(1).padStart(9)}`);
    console.log(`${'pdftotext -layout (one process/file)'.padEnd(34)} ${popplerSecs.toFixed(2).padStart(8)} ${((popplerSecs / docs) * 1000).toFixed(1).padStart(9)}`);
    console.log(`ratio ours / pdftotext: ${(text.seconds / popplerSecs).toFixed(2)}×`);
    console.log(`\ntargets: ≥ 20 docs/s all cores → ${(pool.docs / pool.seconds).toFixed(1)}; text ≤ 2× pdftotext → ${(text.seconds / popplerSecs).toFixed(2)}×; peak RSS ≤ 300 MB for 100 docs → ${pool.peakRssMb.toFixed(0)} MB`);
    console.log(`complete: single ${single.complete}/${docs}, all cores ${pool.complete}/${docs}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
