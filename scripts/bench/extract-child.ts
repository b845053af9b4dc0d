/**
 * One measured run for `npm run bench:extract`, compiled like the app (see extract.ts) and
 * started in its own process so that each mode's peak RSS is its own.
 *   text   pdfjs text extraction alone, file after file on one thread (as pdftotext runs)
 *   single validate → text → classify → extract → CSV, in-process, one thread
 *   pool   the same through the engine and its worker pool, one worker per core
 * Prints one JSON line: { mode, docs, pages, seconds, peakRssMb, complete }.
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

const [mode, listFile] = process.argv.slice(2);
const files = readFileSync(listFile!, 'utf8').trim().split('\n');
let pages = 0;
let complete = 0;
let started = 0;

async function read(f: string) {
  const bytes = new Uint8Array(readFileSync(f));
  validatePdfBytes(bytes);
  return readDocumentText(bytes, { maxPages: DEFAULT_LIMITS.maxPages });
}

if (mode === 'text') {
  for (const f of files.slice(0, 2)) await read(f);
  started = performance.now();
  for (const f of files) pages += (await read(f)).pages.length;
  complete = files.length;
} else if (mode === 'single') {
  for (const f of files.slice(0, 2)) extractWithRules(await read(f));
  started = performance.now();
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
  const cpu = createCpuPool({ threads: availableParallelism() });
  const engine = createEngine({ cpu, mode: 'rules', limits: DEFAULT_LIMITS });
  // Warm every worker thread before timing.
  engine.submit(files.slice(0, cpu.threads * 2).map((f, i) => ({ id: `warm-${i}`, name: f, source: { kind: 'path' as const, path: f }, processAgain: true })));
  await engine.idle();
  started = performance.now();
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
  await engine.close();
  await cpu.destroy();
}
const seconds = (performance.now() - started) / 1000;
process.stdout.write(JSON.stringify({ mode, docs: files.length, pages, seconds, peakRssMb: process.resourceUsage().maxRSS / 1024, complete }) + '\n');
