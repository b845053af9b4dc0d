import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractWithRules } from '../../main/core/extract/rules/extract-record';
import { OCR_REVIEW_BELOW, provenanceConfidenceFactor } from '../../main/core/normalise/ocr-text/confidence';
import { createOcrService, type OcrService } from '../../main/core/ocr/ocr-service';
import { OCR_FONT } from '../../main/core/ocr/words-to-items';
import { pagesNeedingOcr } from '../../main/core/pipeline/ports';
import type { ExtractionResult } from '../../main/core/contract/extraction';
import type { ScrRecord } from '../../main/core/contract/record';
import type { DocumentText } from '../../main/core/contract/text';
import { addScores, prf, scoreRecord, type Score } from '../helpers/score';
import { scanPdf, SLIGHT_150 } from '../fixtures/scan/scan-pdf';
import { readText, sample, wordRecall } from './ocr-helpers';

/**
 * The OCR service end to end, with real tesseract workers. Kept to a handful of pages:
 * OCR costs seconds of CPU per page.
 */
const WORKERS = 2;
const HEAVY = 600_000;
const signal = () => new AbortController().signal;

let ocr: OcrService;
beforeAll(() => {
  ocr = createOcrService({ workers: WORKERS });
});
afterAll(async () => {
  await ocr.close();
  expect(ocr.stats().live).toBe(0);
});

describe('word positions', () => {
  it('places OCR words where the text layer has the same words', { timeout: HEAVY }, async () => {
    const { pdf } = sample('doc003-emis');
    const digital = await readText(pdf);
    const read = await ocr.recognise(pdf, digital, [1], { signal: signal() });
    const words = read.items.filter((i) => i.page === 1);
    expect(words.every((w) => w.font === OCR_FONT && w.conf !== undefined && w.conf >= 0 && w.conf <= 1)).toBe(true);

    // Each digital item is a run of words; its first word must start where the run starts.
    let matched = 0;
    const dx: number[] = [];
    const dy: number[] = [];
    const dsize: number[] = [];
    for (const item of digital.items) {
      const first = item.str.trim().split(/\s+/)[0]!;
      const candidates = words.filter((w) => w.str === first && Math.abs(w.y - item.y) < item.height);
      const best = candidates.sort((a, b) => Math.abs(a.x - item.x) - Math.abs(b.x - item.x))[0];
      if (!best) continue;
      matched++;
      dx.push(Math.abs(best.x - item.x));
      dy.push(Math.abs(best.y - item.y));
      dsize.push(Math.abs(best.size - item.size) / item.size);
    }
    expect(matched / digital.items.length).toBeGreaterThanOrEqual(0.9);
    const median = (a: number[]) => a.slice().sort((p, q) => p - q)[a.length >> 1]!;
    // Points on a 595 × 842 page; a glyph's ink starts a fraction of a point inside its advance.
    expect(median(dx)).toBeLessThan(1);
    expect(Math.max(...dx)).toBeLessThan(3);
    expect(median(dy)).toBeLessThan(1);
    expect(Math.max(...dy)).toBeLessThan(3);
    expect(median(dsize)).toBeLessThan(0.06);
    expect(read.pages[0]).toMatchObject({ source: 'ocr' });
  });
});

interface ScannedDoc {
  id: string;
  tilt: number;
  digital: DocumentText;
  scanned: Uint8Array;
  truth: ScrRecord;
}

/** The acceptance condition: 150 dpi scans, slight tilt, noise, speckle and JPEG. */
const SCANNED = [
  { id: 'doc001-gpsummary', tilt: 1.5 },
  { id: 'doc002-ncrs', tilt: -1.2 },
  { id: 'doc003-emis', tilt: 2 },
];

/**
 * Floors for the scanned set, set below what was measured so that they catch a broken OCR
 * step without tripping on the extractor's own changes. On ../shared's samples the field F1
 * was 0.94–0.99 per document; on the project's own sample set, which these tests read, word
 * recall is 0.95–1.00 per document but F1 is 0.88 over the three, because the rules miss the
 * "Problems" heading of the OCR'd list print (doc003-emis: word recall 1.00, F1 0.76), an
 * extractor weakness, not an OCR one. The target is F1 ≥ 0.95 over the whole scanned
 * set (see npm run bench:ocr).
 */
const F1_FLOOR = 0.85;
const WORD_RECALL_FLOOR = 0.94;

describe('scanned SCRs at 150 dpi with tilt and noise', () => {
  const docs: ScannedDoc[] = [];
  const results = new Map<string, { text: DocumentText; result: ExtractionResult }>();

  beforeAll(async () => {
    for (const [i, s] of SCANNED.entries()) {
      const { pdf, truth } = sample(s.id);
      const scanned = await scanPdf(pdf, { ...SLIGHT_150, tiltDegrees: s.tilt, seed: 100 + i });
      docs.push({ id: s.id, tilt: s.tilt, digital: await readText(pdf), scanned, truth });
    }
    for (const d of docs) {
      const text = await readText(d.scanned);
      const pages = pagesNeedingOcr(text);
      expect(pages).toEqual(text.pages.map((p) => p.page));
      const read = await ocr.recognise(d.scanned, text, pages, { signal: signal() });
      results.set(d.id, { text: read, result: extractWithRules(read) });
    }
  }, HEAVY);

  it('reads the words of every page', () => {
    for (const d of docs) {
      const read = results.get(d.id)!.text;
      const recall = wordRecall(d.digital, read, read.pages.map((p) => p.page));
      console.info(`${d.id} word recall ${recall.toFixed(3)}`);
      expect(recall, d.id).toBeGreaterThanOrEqual(WORD_RECALL_FLOOR);
    }
  });

  it('straightens each page by the tilt it was scanned at', () => {
    for (const d of docs) {
      for (const p of results.get(d.id)!.text.pages) {
        expect(p.source).toBe('ocr');
        expect(Math.abs((p.skewDegrees ?? 0) - d.tilt), d.id).toBeLessThanOrEqual(0.15);
      }
    }
  });

  it(`extracts the record with field F1 of at least ${F1_FLOOR}`, () => {
    let total: Score = { tp: 0, fp: 0, fn: 0 };
    for (const d of docs) total = addScores(total, scoreRecord(d.truth, results.get(d.id)!.result.record).score);
    const { f1 } = prf(total);
    console.info(`scanned F1 ${f1.toFixed(3)} over ${docs.length} documents`);
    expect(f1).toBeGreaterThanOrEqual(F1_FLOOR);
  });

  it('never gives a wrong NHS number or date of birth without a flag', () => {
    for (const d of docs) {
      const { text, result } = results.get(d.id)!;
      for (const field of ['nhsNumber', 'dateOfBirth'] as const) {
        const got = result.record.patient[field];
        if (got === null || got === d.truth.patient[field]) continue;
        const path = `patient.${field}`;
        const warned = result.warnings.some((w) => w.path === path);
        const prov = result.provenance[path];
        const doubtful = prov ? provenanceConfidenceFactor(text.items, prov.boxes) <= OCR_REVIEW_BELOW : false;
        expect(warned || doubtful, `${d.id} ${path}`).toBe(true);
      }
    }
  });

  it('reused the same tesseract workers for every document', () => {
    const stats = ocr.stats();
    expect(stats.created).toBe(WORKERS);
    expect(stats.terminated).toBe(0);
    expect(stats.busy).toBe(0);
  });
});

describe('a mixed PDF', () => {
  it('OCRs the scanned page and leaves the digital page exactly as it was', { timeout: HEAVY }, async () => {
    // A two-page summary: OCR of page 1 beside the untouched page 2 (measured F1 0.93). On the
    // own set's doc004 the rules lose a discontinued table that runs on from the OCR'd page onto
    // the digital one (F1 0.69), an extractor weakness this floor is not meant to catch.
    const { pdf, truth } = sample('doc001-gpsummary');
    const digital = await readText(pdf);
    expect(digital.pages.length).toBe(2);
    const mixed = await scanPdf(pdf, { ...SLIGHT_150, tiltDegrees: 1, pages: [1], seed: 7 });
    const text = await readText(mixed);
    expect(pagesNeedingOcr(text)).toEqual([1]);

    const done: number[] = [];
    const read = await ocr.recognise(mixed, text, [1], { signal: signal(), onPage: (n) => done.push(n) });
    expect(done).toEqual([1]);
    expect(read.pages.map((p) => p.source)).toEqual(['ocr', 'text']);
    expect(read.items.filter((i) => i.page === 2)).toEqual(text.items.filter((i) => i.page === 2));
    expect(read.items.filter((i) => i.page === 1).every((i) => i.conf !== undefined)).toBe(true);
    expect(wordRecall(digital, read, [1])).toBeGreaterThanOrEqual(WORD_RECALL_FLOOR);

    const { f1 } = prf(scoreRecord(truth, extractWithRules(read).record).score);
    console.info(`mixed PDF F1 ${f1.toFixed(3)}`);
    expect(f1).toBeGreaterThanOrEqual(F1_FLOOR);
  });
});
