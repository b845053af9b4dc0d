/**
 * npm run bench:accuracy — how right the built `extract` command is, and whether its flags
 * and confidences say where it is wrong, on documents with ground truth:
 *   - ../shared/samples/scr and ../shared/samples/external where present (skipped, saying so, where not);
 *   - the generator's external-style families, development and held-out sets apart
 *     (tests/fixtures/generator, kind ext; scores on the held-out set say whether a change generalises).
 * It prints field F1 (precision, recall) per corpus, per section and per document or family,
 * whether every refusal got its code, flag recall and precision (tests/helpers/flag-coverage.ts)
 * and the calibration table (confidence band → share of values wrong).
 *
 * Options:
 *   --extractor rules|ai|auto   passed to extract (default rules; ai and auto need a provider configured
 *                               as for `npm run extract`, e.g. --ai-config FILE or the environment)
 *   --ai-config FILE            passed to extract
 *   --corpus scr,external,dev,heldout   which corpora (default all)
 *   --per-family N              generated documents per family and set (default 6)
 *   --per-document              per-document lines for the generated sets too
 *   --misses                    list every error with its path and whether a flag covers it
 *                               (with expected and extracted values: keep it out of CI logs)
 *   --json FILE                 also write the figures as JSON
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { ScrRecord } from '../../main/core/contract/record';
import { ensureExtCorpus, EXT_PER_FAMILY, EXT_SEEDS, type DesignSet } from '../../tests/fixtures/generator';
import { addCoverage, calibrate, CONFIDENCE_BANDS, flagCoverage, flagRates, type Band, type FlagLike } from '../../tests/helpers/flag-coverage';
import { addScores, prf, scoreRecord, SECTIONS, type RecordScore, type Score, type ScoredError, type Section } from '../../tests/helpers/score';
import { ensureBuilt } from '../ensure-built';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SHARED = join(ROOT, '..', 'shared');
const CORPORA = ['scr', 'external', 'dev', 'heldout'] as const;
type CorpusName = (typeof CORPORA)[number];

const USAGE = 'usage: npm run bench:accuracy -- [--extractor rules|ai|auto] [--ai-config FILE] [--corpus scr,external,dev,heldout] [--per-family N] [--per-document] [--misses] [--json FILE]';

type TruthFile = ({ kind: 'scr'; layout: string } & ScrRecord) | { kind: string; expectError: string; layout?: string };

interface Doc {
  name: string;
  file: string;
  truth: TruthFile;
  /** Family for generated documents, the layout for samples. */
  group: string;
}

interface Line {
  file: string;
  status: 'complete' | 'failed' | 'cancelled';
  record: ScrRecord | null;
  error: { code: string } | null;
  flags?: FlagLike[];
  confidence?: Record<string, number>;
}

interface DocResult {
  doc: Doc;
  /** For documents that must be refused: the code expected and the outcome. */
  refusal: { expected: string; got: string | null } | null;
  /** For records: their score (a record refused scores every value missing). */
  score: RecordScore | null;
  refusedRecord: string | null;
  flags: FlagLike[];
  covered: boolean[];
  usefulFlags: number;
  /** Per flag: does it cover an error? */
  useful?: boolean[];
}

interface Corpus {
  name: CorpusName;
  title: string;
  docs: Doc[];
  perDocument: boolean;
}

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

function options() {
  try {
    const { values } = parseArgs({
      options: {
        extractor: { type: 'string', default: 'rules' },
        'ai-config': { type: 'string' },
        corpus: { type: 'string' },
        'per-family': { type: 'string' },
        'per-document': { type: 'boolean', default: false },
        misses: { type: 'boolean', default: false },
        json: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    }
    if (!['rules', 'ai', 'auto'].includes(values.extractor!)) fail('--extractor must be rules, ai or auto');
    const corpora = (values.corpus?.split(',').map((c) => c.trim()) ?? [...CORPORA]) as CorpusName[];
    for (const c of corpora) if (!CORPORA.includes(c)) fail(`unknown corpus "${c}"`);
    const perFamily = values['per-family'] === undefined ? EXT_PER_FAMILY : Number(values['per-family']);
    if (!Number.isInteger(perFamily) || perFamily < 1) fail('--per-family must be a whole number of 1 or more');
    return { extractor: values.extractor!, aiConfig: values['ai-config'], corpora, perFamily, perDocument: values['per-document']!, misses: values.misses!, json: values.json };
  } catch (err) {
    fail((err as Error).message);
  }
}

function sampleDocs(dir: string): Doc[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.pdf'))
    .sort()
    .map((f) => {
      const truth = JSON.parse(readFileSync(join(dir, f.replace(/\.pdf$/, '.truth.json')), 'utf8')) as TruthFile;
      return { name: f.replace(/\.pdf$/, ''), file: join(dir, f), truth, group: truth.layout ?? truth.kind };
    });
}

async function generatedDocs(set: DesignSet, perFamily: number): Promise<Doc[]> {
  const docs = await ensureExtCorpus(set, { perFamily });
  return docs.map((d) => ({
    name: basename(d.file, '.pdf'),
    file: d.file,
    truth: d.truth as TruthFile,
    group: d.features.find((f) => f.startsWith('family-'))!.slice('family-'.length),
  }));
}

/** One run of the built command over every file of every corpus; one JSON line per file. */
function extract(cli: string, files: string[], o: ReturnType<typeof options>): Map<string, Line> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-accuracy-'));
  try {
    const out = join(dir, 'out.jsonl');
    const args = [cli, '--json', out, '--quiet', '--extractor', o.extractor, ...(o.aiConfig ? ['--ai-config', o.aiConfig] : []), ...files];
    const res = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (res.status !== 0) throw new Error(`extract exited ${res.status}: ${res.stderr.slice(0, 2000)}`);
    const lines = readFileSync(out, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Line);
    return new Map(lines.map((l) => [l.file, l]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function scoreDoc(doc: Doc, line: Line | undefined, bands: Band[]): DocResult {
  const flags = line?.flags ?? [];
  if (doc.truth.kind !== 'scr') {
    const expected = (doc.truth as { expectError: string }).expectError;
    return { doc, refusal: { expected, got: line?.status === 'failed' ? (line.error?.code ?? 'unknown') : null }, score: null, refusedRecord: null, flags, covered: [], usefulFlags: 0 };
  }
  const truth = doc.truth as ScrRecord;
  const record = line?.status === 'complete' ? line.record : null;
  const score = scoreRecord(truth, record);
  const cov = flagCoverage(score.errors, flags);
  if (record) calibrate(line?.confidence ?? {}, score.correct, score.errors, bands);
  return { doc, refusal: null, score, refusedRecord: record ? null : (line?.error?.code ?? 'no line'), flags, covered: cov.covered, usefulFlags: cov.usefulFlags, useful: cov.useful };
}

const f4 = (x: number) => x.toFixed(4);
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
/** A rate, or a dash when there is nothing to count (no errors for recall, no flags for precision). */
const rate = (num: number, den: number) => (den ? pct(num / den) : '—');
const zero = (): Score => ({ tp: 0, fp: 0, fn: 0 });

function sectionLine(bySection: Record<Section, Score>): string {
  return SECTIONS.map((s) => `${s} ${bySection[s].tp + bySection[s].fp + bySection[s].fn ? f4(prf(bySection[s]).f1) : '  —   '}`).join('  ');
}

interface Totals {
  score: Score;
  bySection: Record<Section, Score>;
  coverage: { errors: number; coveredErrors: number; flags: number; usefulFlags: number };
  refusals: number;
  refusalsRight: number;
  records: number;
  recordsRefused: number;
  /** Coverage over the records read (a failed document shows no values: it is listed as failed, with its reason). */
  readCoverage: { errors: number; coveredErrors: number; flags: number; usefulFlags: number };
}

function totals(results: DocResult[]): Totals {
  const t: Totals = { score: zero(), bySection: { patient: zero(), allergies: zero(), medications: zero(), problems: zero() }, coverage: { errors: 0, coveredErrors: 0, flags: 0, usefulFlags: 0 }, refusals: 0, refusalsRight: 0, records: 0, recordsRefused: 0, readCoverage: { errors: 0, coveredErrors: 0, flags: 0, usefulFlags: 0 } };
  for (const r of results) {
    if (r.refusal) {
      t.refusals++;
      if (r.refusal.got === r.refusal.expected) t.refusalsRight++;
      // Flags on a document that should have been refused point at nothing.
      t.coverage = addCoverage(t.coverage, { errors: 0, coveredErrors: 0, flags: r.flags.length, usefulFlags: 0 });
      continue;
    }
    t.records++;
    if (r.refusedRecord) t.recordsRefused++;
    t.score = addScores(t.score, r.score!.score);
    for (const s of SECTIONS) t.bySection[s] = addScores(t.bySection[s], r.score!.bySection[s]);
    const c = { errors: r.score!.errors.length, coveredErrors: r.covered.filter(Boolean).length, flags: r.flags.length, usefulFlags: r.usefulFlags };
    t.coverage = addCoverage(t.coverage, c);
    if (!r.refusedRecord) t.readCoverage = addCoverage(t.readCoverage, c);
  }
  return t;
}

function printTotals(t: Totals, indent = '  '): void {
  const { precision, recall, f1 } = prf(t.score);
  console.log(`${indent}F1 ${f4(f1)} (precision ${f4(precision)}, recall ${f4(recall)}; ${t.score.tp} tp, ${t.score.fp} fp, ${t.score.fn} fn)`);
  console.log(`${indent}sections: ${sectionLine(t.bySection)}`);
  if (t.recordsRefused) console.log(`${indent}records refused instead of read: ${t.recordsRefused} of ${t.records}`);
  console.log(`${indent}refusals: ${t.refusals ? `${t.refusalsRight}/${t.refusals} with the expected code${t.refusalsRight === t.refusals ? '' : ' — NOT ALL'}` : 'none in this corpus'}`);
  const c = t.coverage;
  console.log(`${indent}flags: recall ${rate(c.coveredErrors, c.errors)} (${c.coveredErrors} of ${c.errors} errors under a flag), precision ${rate(c.usefulFlags, c.flags)} (${c.usefulFlags} of ${c.flags} flags cover an error)`);
}

function docRow(r: DocResult, width: number): string {
  const name = r.doc.name.padEnd(width);
  if (r.refusal) {
    const ok = r.refusal.got === r.refusal.expected;
    return `    ${name} ${ok ? 'refused' : 'WRONG  '} ${r.refusal.got ?? 'complete'} (expected ${r.refusal.expected})`;
  }
  const s = r.score!;
  const errs = s.errors.length;
  const cov = r.covered.filter(Boolean).length;
  const status = r.refusedRecord ? `  refused ${r.refusedRecord}` : '';
  return `    ${name} ${f4(prf(s.score).f1)}  ${SECTIONS.map((x) => (s.bySection[x].tp + s.bySection[x].fp + s.bySection[x].fn ? f4(prf(s.bySection[x]).f1) : '  —   ').padStart(12)).join('')}  ${String(errs).padStart(6)} ${String(cov).padStart(7)} ${String(r.flags.length).padStart(5)}${status}`;
}

function printCorpus(c: Corpus, results: DocResult[], perDocument: boolean): Totals {
  const t = totals(results);
  console.log(`\n${c.title}: ${t.records} records, ${t.refusals} refusals`);
  printTotals(t);
  const groups = [...new Set(results.map((r) => r.doc.group))];
  if (c.name === 'dev' || c.name === 'heldout') {
    const w = Math.max(...groups.map((g) => g.length), 6);
    console.log(`  by family:${' '.repeat(w - 8)} docs  F1      ${SECTIONS.map((s) => s.padStart(12)).join('')}  flag recall  flag precision  refusals`);
    for (const g of groups.sort()) {
      const gt = totals(results.filter((r) => r.doc.group === g));
      const gc = gt.coverage;
      const scored = gt.score.tp + gt.score.fp + gt.score.fn > 0;
      console.log(
        `    ${g.padEnd(w)} ${String(gt.records + gt.refusals).padStart(4)}  ${scored ? f4(prf(gt.score).f1) : '  —   '}  ${SECTIONS.map((s) => (gt.bySection[s].tp + gt.bySection[s].fp + gt.bySection[s].fn ? f4(prf(gt.bySection[s]).f1) : '  —   ').padStart(12)).join('')}  ${rate(gc.coveredErrors, gc.errors).padStart(11)}  ${rate(gc.usefulFlags, gc.flags).padStart(14)}  ${gt.refusals ? `${gt.refusalsRight}/${gt.refusals}` : ''}`,
      );
    }
  }
  if (perDocument) {
    const w = Math.max(...results.map((r) => r.doc.name.length), 8);
    console.log(`  per document:${' '.repeat(Math.max(0, w - 10))} F1     ${SECTIONS.map((s) => s.padStart(12)).join('')}  errors flagged flags`);
    for (const r of results) console.log(docRow(r, w));
  }
  return t;
}

function printCalibration(bands: Band[], title: string): void {
  console.log(`\n${title}`);
  console.log(`  ${'confidence'.padEnd(11)} ${'values'.padStart(7)} ${'wrong'.padStart(7)} ${'share wrong'.padStart(12)}`);
  for (const b of bands) console.log(`  ${b.label.padEnd(11)} ${String(b.values).padStart(7)} ${String(b.wrong).padStart(7)} ${(b.values ? pct(b.wrong / b.values) : '—').padStart(12)}`);
  const top = bands[bands.length - 1]!;
  const share = top.values ? top.wrong / top.values : 0;
  console.log(`  house target: values at >= 0.95 wrong at most 1 time in 100 → ${top.values ? pct(share) : 'no values'} ${top.values && share <= 0.01 ? '(met)' : '(NOT met)'}`);
}

function printMisses(results: DocResult[], corpus: string): void {
  for (const r of results) {
    if (r.refusal && r.refusal.got !== r.refusal.expected) console.log(`  ${corpus} ${r.doc.name}: refusal expected ${r.refusal.expected}, got ${r.refusal.got ?? 'complete'}`);
    if (!r.score) continue;
    r.score.errors.forEach((e: ScoredError, i) => {
      console.log(`  ${corpus} ${r.doc.name} ${e.kind.padEnd(7)} ${e.path.padEnd(24)} ${r.covered[i] ? 'flagged  ' : 'UNFLAGGED'} truth ${e.truthPath ?? '—'}: expected ${JSON.stringify(e.expected)} got ${JSON.stringify(e.got)}`);
    });
  }
}

async function main(): Promise<void> {
  const o = options();
  const started = Date.now();
  const corpora: Corpus[] = [];
  const skipped: string[] = [];
  for (const name of o.corpora) {
    if (name === 'scr' || name === 'external') {
      const dir = join(SHARED, 'samples', name);
      if (!existsSync(dir)) {
        skipped.push(`../shared/samples/${name}: skipped: ../shared not present`);
        continue;
      }
      corpora.push({ name, title: `../shared/samples/${name}`, docs: sampleDocs(dir), perDocument: true });
    } else {
      const docs = await generatedDocs(name, o.perFamily);
      corpora.push({ name, title: `generated external-style families, ${name === 'dev' ? 'development' : 'held-out'} set (seed ${EXT_SEEDS[name]}, ${o.perFamily} per family)`, docs, perDocument: o.perDocument });
    }
  }
  const cli = await ensureBuilt('extract');
  const files = corpora.flatMap((c) => c.docs.map((d) => d.file));
  const lines = extract(cli, files, o);

  console.log(`bench:accuracy — extractor ${o.extractor}, built command dist/main/extract.js, ${files.length} documents`);
  for (const s of skipped) console.log(s);
  const overall: Band[] = CONFIDENCE_BANDS.map((b) => ({ label: b.label, values: 0, wrong: 0 }));
  const summary: Record<string, unknown> = { extractor: o.extractor, skipped, corpora: {} as Record<string, unknown> };
  const perCorpus: { name: string; t: Totals; bands: Band[]; results: DocResult[] }[] = [];
  for (const c of corpora) {
    const bands: Band[] = CONFIDENCE_BANDS.map((b) => ({ label: b.label, values: 0, wrong: 0 }));
    const results = c.docs.map((d) => scoreDoc(d, lines.get(d.file), bands));
    const t = printCorpus(c, results, c.perDocument);
    perCorpus.push({ name: c.name, t, bands, results });
    bands.forEach((b, i) => {
      overall[i]!.values += b.values;
      overall[i]!.wrong += b.wrong;
    });
  }

  console.log('\nflags, by corpus and overall');
  let all = { errors: 0, coveredErrors: 0, flags: 0, usefulFlags: 0 };
  for (const p of perCorpus) {
    const c = p.t.coverage;
    all = addCoverage(all, c);
    console.log(`  ${p.name.padEnd(9)} recall ${rate(c.coveredErrors, c.errors).padStart(6)} (${c.coveredErrors}/${c.errors})   precision ${rate(c.usefulFlags, c.flags).padStart(6)} (${c.usefulFlags}/${c.flags})`);
  }
  const ar = flagRates(all);
  console.log(`  ${'overall'.padEnd(9)} recall ${rate(all.coveredErrors, all.errors).padStart(6)} (${all.coveredErrors}/${all.errors})   precision ${rate(all.usefulFlags, all.flags).padStart(6)} (${all.usefulFlags}/${all.flags})   targets: recall >= 90%, precision >= 50%`);
  let read = { errors: 0, coveredErrors: 0, flags: 0, usefulFlags: 0 };
  for (const p of perCorpus) read = addCoverage(read, p.t.readCoverage);
  const refusedRecords = perCorpus.reduce((n, p) => n + p.t.recordsRefused, 0);
  if (refusedRecords) {
    console.log(`  (${refusedRecords} record(s) refused instead of read count above as ${all.errors - read.errors} unflagged errors; over the records read: recall ${rate(read.coveredErrors, read.errors)} (${read.coveredErrors}/${read.errors}), precision ${rate(read.usefulFlags, read.flags)} (${read.usefulFlags}/${read.flags}))`);
  }

  // Which kinds of flag send reviewers to something wrong, and which mostly to nothing.
  const byCode = new Map<string, { flags: number; useful: number }>();
  for (const p of perCorpus) {
    for (const r of p.results) {
      r.flags.forEach((f, i) => {
        const c = byCode.get(f.code ?? '?') ?? { flags: 0, useful: 0 };
        c.flags++;
        if (r.useful?.[i]) c.useful++;
        byCode.set(f.code ?? '?', c);
      });
    }
  }
  console.log('  precision by flag code: ' + [...byCode].sort((a, b) => b[1].flags - a[1].flags).map(([code, c]) => `${code} ${c.useful}/${c.flags}`).join(', '));

  printCalibration(overall, 'calibration, all corpora (non-null extracted values with a confidence, scored against truth)');
  console.log('  values at >= 0.95 by corpus: ' + perCorpus.map((p) => { const b = p.bands[p.bands.length - 1]!; return `${p.name} ${b.wrong}/${b.values}${b.values ? ` (${pct(b.wrong / b.values)})` : ''}`; }).join(', '));

  if (o.misses) {
    console.log('\nerrors (path in the extracted record; missing items by their section)');
    for (const p of perCorpus) printMisses(p.results, p.name);
    console.log('\nflags over no error (what costs reviewers time for nothing)');
    for (const p of perCorpus) {
      for (const r of p.results) {
        r.flags.forEach((f, i) => {
          if (!r.useful?.[i] && !r.refusal) console.log(`  ${p.name.padEnd(9)} ${basename(r.doc.file).replace(/\.pdf$/, '')} ${f.code ?? '?'} ${f.path}`);
        });
      }
    }
  }
  console.log(`\n${((Date.now() - started) / 1000).toFixed(1)} s`);

  if (o.json) {
    for (const p of perCorpus) {
      const families = [...new Set(p.results.map((r) => r.doc.group))].sort();
      (summary.corpora as Record<string, unknown>)[p.name] = {
        f1: prf(p.t.score),
        score: p.t.score,
        sections: Object.fromEntries(SECTIONS.map((s) => [s, prf(p.t.bySection[s]).f1])),
        refusals: { right: p.t.refusalsRight, of: p.t.refusals },
        flags: { ...p.t.coverage, ...flagRates(p.t.coverage) },
        calibration: p.bands,
        groups: Object.fromEntries(families.map((g) => [g, prf(totals(p.results.filter((r) => r.doc.group === g)).score).f1])),
      };
    }
    summary.flags = { ...all, ...ar };
    summary.calibration = overall;
    writeFileSync(o.json, JSON.stringify(summary, null, 1) + '\n');
  }
}

await main();
