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
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, copyFileSync, appendFileSync } from 'node:fs';
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

async function child(mode: string, listFile: string): Promise<void> {
  const files = readFileSync(listFile, 'utf8').trim().split('\n');
  const { readDocumentText } = await import('../../main/core/pdf/read-text');
  const started = { t: 0 };
  let pages = 0;
  let complete = 0;
  if (mode === 'text') {
    // Text extraction alone, one file after another on this thread, as pdftotext is run.
    for (const f of files.slice(0, 2)) await readDocumentText(new Uint8Array(readFileSync(f)), { maxPages: 100 });
    started.t = performance.now();
    for (const f of files) pages += (await readDocumentText(new Uint8Array(readFileSync(f)), { maxPages: 100 })).pages.length;
    complete = files.length;
  } else if (mode === 'single') {
    const { validatePdfBytes } = await import('../../main/core/intake/validate-bytes');
    const { classifyDocument } = await import('../../main/core/classify/classify');
    const { extractWithRules } = await import('../../main/core/extract/rules/extract-record');
    const { toCsv } = await import('../../main/core/csv/export');
    const { PATIENT_TEMPLATE } = await import('../../main/core/csv/template');
    const one = async (f: string) => {
      const bytes = new Uint8Array(readFileSync(f));
      validatePdfBytes(bytes);
      const text = await readDocumentText(bytes, { maxPages: 100 });
      return { text, c: classifyDocument(text) };
    };
    for (const f of files.slice(0, 2)) await one(f);
    started.t = performance.now();
    const records = [];
    for (const f of files) {
      const { text, c } = await one(f);
      pages += text.pages.length;
      if (c.isScr) {
        records.push({ record: extractWithRules(text).record });
        complete++;
      }
    }
    toCsv(records, PATIENT_TEMPLATE);
  } else {
    const { createCpuPool } = await import('../../main/core/pipeline/cpu-pool');
    const { createEngine } = await import('../../main/core/engine');
    const { toCsv } = await import('../../main/core/csv/export');
    const { PATIENT_TEMPLATE } = await import('../../main/core/csv/template');
    const { DEFAULT_LIMITS } = await import('../../main/core/intake/validate-bytes');
    const cpu = createCpuPool({ threads: availableParallelism() });
    const engine = createEngine({ cpu, mode: 'rules', limits: DEFAULT_LIMITS });
    // Warm every worker thread before timing.
    engine.submit(files.slice(0, cpu.threads * 2).map((f, i) => ({ id: `warm-${i}`, name: f, source: { kind: 'path' as const, path: f }, processAgain: true })));
    await engine.idle();
    started.t = performance.now();
    engine.submit(files.map((f, i) => ({ id: `doc-${i}`, name: f, source: { kind: 'path' as const, path: f }, processAgain: true })));
    await engine.idle();
    const records = [];
    for (let i = 0; i < files.length; i++) {
      const job = engine.job(`doc-${i}`)!;
      pages += job.pages ?? 0;
      const r = engine.result(`doc-${i}`);
      if (job.status === 'complete' && r) {
        records.push({ record: r.record });
        complete++;
      }
    }
    toCsv(records, PATIENT_TEMPLATE);
    await engine.close();
    await cpu.destroy();
  }
  const seconds = (performance.now() - started.t) / 1000;
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  const out: ModeResult = { mode, docs: files.length, pages, seconds, peakRssMb, complete };
  process.stdout.write(JSON.stringify(out) + '\n');
}

function runChild(mode: string, listFile: string): ModeResult {
  const res = spawnSync(join(ROOT, 'node_modules/.bin/tsx'), [fileURLToPath(import.meta.url), '--child', mode, listFile], {
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

async function main(): Promise<void> {
  if (process.argv[2] === '--child') return child(process.argv[3]!, process.argv[4]!);
  const docs = arg('--docs', 100);
  const rounds = arg('--rounds', 3);
  const dir = mkdtempSync(join(tmpdir(), 'bench-extract-'));
  try {
    const files = makeCorpus(dir, docs);
    const listFile = join(dir, 'files.txt');
    writeFileSync(listFile, files.join('\n'));
    const results: Record<string, ModeResult[]> = { single: [], pool: [], text: [] };
    const poppler: number[] = [];
    for (let r = 0; r < rounds; r++) {
      for (const mode of ['single', 'pool', 'text'] as const) results[mode]!.push(runChild(mode, listFile));
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
