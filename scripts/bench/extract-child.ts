/**
 * One measured run for `npm run bench:extract`, compiled like the app (see extract.ts) and
 * started in its own process so that each mode's peak RSS and CPU are its own.
 *   text    pdfjs text extraction alone, file after file on one thread
 *   single  validate → text → classify → extract → CSV, in-process, one thread
 *   pool    the same through the engine and its worker pool (threads from argv[4], else the default)
 * Prints one JSON line: { mode, docs, pages, seconds, cpuSeconds, peakRssMb, complete, threads }.
 * Uses only APIs that the previous pipeline also had, so that `--baseline` can build this
 * same file against an older checkout and compare in one run.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { classifyDocument } from '../../main/core/classify/classify';
import { toCsv, type CsvInput } from '../../main/core/csv/export';
import { PATIENT_TEMPLATE } from '../../main/core/csv/template';
import { createEngine } from '../../main/core/engine';
import { extractWithRules } from '../../main/core/extract/rules/extract-record';
import { DEFAULT_LIMITS, validatePdfBytes } from '../../main/core/intake/validate-bytes';
import { readDocumentText } from '../../main/core/pdf/read-text';
import { createCpuPool } from '../../main/core/pipeline/cpu-pool';

const [mode, listFile, threadsArg] = process.argv.slice(2);
const files = readFileSync(listFile!, 'utf8').trim().split('\n');
let pages = 0;
let complete = 0;
let started = 0;
let cpuAtStart: NodeJS.CpuUsage = process.cpuUsage();
let threads = 1;

function startClock(): void {
  started = performance.now();
  cpuAtStart = process.cpuUsage();
}

async function read(f: string) {
  const bytes = new Uint8Array(readFileSync(f));
  validatePdfBytes(bytes);
  return readDocumentText(bytes, { maxPages: DEFAULT_LIMITS.maxPages });
}

if (mode === 'text') {
  for (const f of files.slice(0, 2)) await read(f);
  startClock();
  for (const f of files) pages += (await read(f)).pages.length;
  complete = files.length;
} else if (mode === 'single') {
  for (const f of files.slice(0, 2)) extractWithRules(await read(f));
  startClock();
  const records: CsvInput[] = [];
  for (const f of files) {
    const text = await read(f);
    pages += text.pages.length;
    if (!classifyDocument(text).isScr) continue;
    records.push({ record: extractWithRules(text).record });
    complete++;
  }
  toCsv(records, PATIENT_TEMPLATE);
} else {
  const cpu = createCpuPool(threadsArg ? { threads: Number(threadsArg) } : {});
  threads = cpu.threads;
  const engine = createEngine({ cpu, mode: 'rules', limits: DEFAULT_LIMITS });
  // Warm every worker thread before timing.
  engine.submit(files.slice(0, Math.max(4, cpu.threads * 2)).map((f, i) => ({ id: `warm-${i}`, name: f, source: { kind: 'path' as const, path: f }, processAgain: true })));
  await engine.idle();
  startClock();
  engine.submit(files.map((f, i) => ({ id: `doc-${i}`, name: f, source: { kind: 'path' as const, path: f }, processAgain: true })));
  await engine.idle();
  const records: CsvInput[] = [];
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
  const seconds = (performance.now() - started) / 1000;
  const cpuSeconds = cpuSecondsSince(cpuAtStart);
  await engine.close();
  await cpu.destroy();
  report(seconds, cpuSeconds);
  process.exit(0);
}
report((performance.now() - started) / 1000, cpuSecondsSince(cpuAtStart));

/** CPU of every thread in this process (main and workers) since the clock started. */
function cpuSecondsSince(from: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1e6;
}

function report(seconds: number, cpuSeconds: number): void {
  process.stdout.write(
    JSON.stringify({ mode, docs: files.length, pages, seconds, cpuSeconds, peakRssMb: process.resourceUsage().maxRSS / 1024, complete, threads: mode === 'pool' ? threads : 1, cores: availableParallelism() }) + '\n',
  );
}
