/**
 * npm run bench:ocr — local OCR on scanned SCRs:
 *   - seconds per page with one tesseract worker, and with the pool (one worker per core),
 *     wall clock and CPU (all threads of this process: render threads and tesseract);
 *   - field F1 against ground truth of the records read from the scans, overall and per
 *     layout, and how NHS numbers and dates of birth came out (right, flagged, missing, or
 *     wrong without a flag — which must be zero).
 * The scans are made here from the shared samples (and, with --corpus, from the project's
 * generated corpus): 150 dpi, tilted up to ±2°, with noise, speckle and JPEG artefacts.
 * Options: --docs N (samples to scan, default all), --corpus N (generated records to scan
 * as well, default 0), --single N (documents timed with one worker, default 3),
 * --workers N (pool size, default the cores), --dpi N (render resolution, default 200),
 * --rules 0 (keep table rules in the image, to measure what removing them gains).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { extractWithRules } from '../../main/core/extract/rules/extract-record';
import { OCR_REVIEW_BELOW, provenanceConfidenceFactor } from '../../main/core/normalise/ocr-text/confidence';
import { createOcrService, type OcrService } from '../../main/core/ocr/ocr-service';
import { readDocumentText } from '../../main/core/pdf/read-text';
import { pagesNeedingOcr } from '../../main/core/pipeline/ports';
import type { ScrRecord } from '../../main/core/contract/record';
import type { DocumentText } from '../../main/core/contract/text';
import { addScores, prf, scoreRecord, type Score } from '../../tests/helpers/score';
import { scanPdf, SLIGHT_150 } from '../../tests/fixtures/scan/scan-pdf';
import { createRng } from '../../tests/fixtures/generator/rng';

const SAMPLES = fileURLToPath(new URL('../../../shared/samples/scr/', import.meta.url));

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

interface ScannedDoc {
  id: string;
  layout: string;
  scanned: Uint8Array;
  truth: ScrRecord;
  pages: number;
}

async function scanned(docs: number, corpus: number): Promise<ScannedDoc[]> {
  const rng = createRng('bench-ocr');
  const sources: { id: string; layout: string; pdf: Uint8Array; truth: ScrRecord }[] = [];
  const ids = readdirSync(SAMPLES)
    .filter((f) => /^doc\d+.*\.pdf$/.test(f))
    .sort()
    .slice(0, docs);
  for (const f of ids) {
    const truth = JSON.parse(readFileSync(SAMPLES + f.replace(/\.pdf$/, '.truth.json'), 'utf8')) as ScrRecord & { layout: string };
    sources.push({ id: f.replace(/\.pdf$/, ''), layout: truth.layout, pdf: new Uint8Array(readFileSync(SAMPLES + f)), truth });
  }
  if (corpus > 0) {
    const { ensureCorpus, isRecordTruth } = await import('../../tests/fixtures/generator/index');
    const generated = (await ensureCorpus()).filter((d) => isRecordTruth(d.truth)).slice(0, corpus);
    for (const d of generated) {
      sources.push({ id: d.id, layout: `gen-${d.layout}`, pdf: new Uint8Array(readFileSync(d.file)), truth: d.truth as unknown as ScrRecord });
    }
  }
  const out: ScannedDoc[] = [];
  for (const s of sources) {
    const tilt = Math.round((rng.next() * 4 - 2) * 10) / 10;
    const bytes = await scanPdf(s.pdf, { ...SLIGHT_150, tiltDegrees: tilt, seed: Math.floor(rng.next() * 1e9) });
    const text = await readDocumentText(bytes, { maxPages: 50 });
    out.push({ id: s.id, layout: s.layout, scanned: bytes, truth: s.truth, pages: text.pages.length });
  }
  return out;
}

interface Run {
  text: DocumentText;
  doc: ScannedDoc;
}

async function read(ocr: OcrService, doc: ScannedDoc): Promise<Run> {
  const text = await readDocumentText(doc.scanned, { maxPages: 50 });
  const pages = pagesNeedingOcr(text);
  return { doc, text: await ocr.recognise(doc.scanned, text, pages, { signal: new AbortController().signal }) };
}

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; wall: number; cpu: number }> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  const cpu = process.cpuUsage(cpu0);
  return { value, wall: (performance.now() - t0) / 1000, cpu: (cpu.user + cpu.system) / 1e6 };
}

function fmt(n: number, d = 2): string {
  return n.toFixed(d);
}

async function main(): Promise<void> {
  const cores = availableParallelism();
  const workers = arg('--workers', cores);
  const dpi = arg('--dpi', 200);
  const removeRules = arg('--rules', 1) !== 0;
  const docs = await scanned(arg('--docs', 1000), arg('--corpus', 0));
  const totalPages = docs.reduce((a, d) => a + d.pages, 0);
  console.log(`scanned set: ${docs.length} documents, ${totalPages} pages (150 dpi, tilt ±2°, noise, speckle, JPEG); render ${dpi} dpi; rules ${removeRules ? 'removed' : 'kept'}`);

  // One worker, documents one after another: the cost of a page on one core.
  const singleDocs = docs.slice(0, arg('--single', 3));
  const singlePages = singleDocs.reduce((a, d) => a + d.pages, 0);
  const single = createOcrService({ workers: 1, dpi, removeRules });
  const startup = await timed(() => single.warm());
  const s = await timed(async () => {
    for (const d of singleDocs) await read(single, d);
  });
  await single.close();
  if (singlePages > 0) {
    console.log(`single worker: start-up ${fmt(startup.wall)} s; ${singlePages} pages: ${fmt(s.wall / singlePages)} s/page wall, ${fmt(s.cpu / singlePages)} s/page CPU`);
  } else console.log(`single worker: start-up ${fmt(startup.wall)} s; not timed (--single 0)`);

  // The pool, every document submitted at once, as the engine would.
  const pooled = createOcrService({ workers, dpi, removeRules });
  await pooled.warm();
  const p = await timed(() => Promise.all(docs.map((d) => read(pooled, d))));
  const stats = pooled.stats();
  await pooled.close();
  console.log(
    `pooled (${workers} workers, ${stats.renderThreads} render thread${stats.renderThreads === 1 ? '' : 's'}): ${totalPages} pages: ` +
      `${fmt(p.wall / totalPages)} s/page wall = ${fmt((p.wall * workers) / totalPages)} s/page per core; ${fmt(p.cpu / totalPages)} s/page CPU; ` +
      `workers started ${stats.created}`,
  );

  let total: Score = { tp: 0, fp: 0, fn: 0 };
  const byLayout = new Map<string, Score>();
  const identity = { right: 0, flagged: 0, missing: 0, silentlyWrong: 0 };
  for (const { doc, text } of p.value) {
    const result = extractWithRules(text);
    const { score } = scoreRecord(doc.truth, result.record);
    total = addScores(total, score);
    byLayout.set(doc.layout, addScores(byLayout.get(doc.layout) ?? { tp: 0, fp: 0, fn: 0 }, score));
    for (const field of ['nhsNumber', 'dateOfBirth'] as const) {
      const got = result.record.patient[field];
      const want = doc.truth.patient[field];
      const path = `patient.${field}`;
      if (got === want) identity.right++;
      else if (got === null) identity.missing++;
      else {
        const prov = result.provenance[path];
        const doubtful = prov ? provenanceConfidenceFactor(text.items, prov.boxes) <= OCR_REVIEW_BELOW : false;
        if (result.warnings.some((w) => w.path === path) || doubtful) identity.flagged++;
        else identity.silentlyWrong++;
      }
    }
  }
  const t = prf(total);
  console.log(`field F1 ${fmt(t.f1, 3)} (precision ${fmt(t.precision, 3)}, recall ${fmt(t.recall, 3)}) over ${docs.length} scanned documents`);
  for (const [layout, sc] of [...byLayout].sort()) console.log(`  ${layout.padEnd(24)} F1 ${fmt(prf(sc).f1, 3)}`);
  console.log(
    `NHS number and date of birth: ${identity.right} right, ${identity.flagged} wrong but flagged, ${identity.missing} missing, ${identity.silentlyWrong} wrong without a flag`,
  );
}

await main();
