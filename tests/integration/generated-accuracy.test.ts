import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError, toJobError } from '../../main/core/contract/errors';
import type { ScrRecord } from '../../main/core/contract/record';
import { validatePdfBytes } from '../../main/core/intake/validate-bytes';
import { createCpuPool, type CpuPool } from '../../main/core/pipeline/cpu-pool';
import { ensureCorpus, isRecordTruth, type GeneratedDoc } from '../fixtures/generator';
import { addScores, prf, scoreRecord, type Score } from '../helpers/score';

/**
 * Field-level precision, recall and F1 of the rules extractor over the project's own
 * generated layouts (tests/fixtures/generator): layouts the extractor was not written
 * against, printed by Chromium and drawn by pdf-lib. Narrative letters are reported apart.
 */
let docs: GeneratedDoc[] = [];
let pool: CpuPool;
const outcomes = new Map<string, { record: ScrRecord | null; code: string | null }>();

beforeAll(async () => {
  docs = await ensureCorpus();
  pool = createCpuPool({ threads: 2 });
  for (const d of docs) {
    try {
      const bytes = new Uint8Array(readFileSync(d.file));
      validatePdfBytes(bytes);
      const text = await pool.read(bytes, { maxPages: 100 });
      const { classification, result } = await pool.extract(text);
      if (classification.noText) throw new AppError('ERR_NO_TEXT');
      if (!classification.isScr) throw new AppError('ERR_NOT_SCR');
      outcomes.set(d.id, { record: result!.record, code: null });
    } catch (err) {
      outcomes.set(d.id, { record: null, code: toJobError(err).code });
    }
  }
}, 600_000);

afterAll(async () => {
  await pool?.destroy();
});

function score(filter: (d: GeneratedDoc) => boolean): { score: Score; byLayout: Map<string, Score> } {
  let total: Score = { tp: 0, fp: 0, fn: 0 };
  const byLayout = new Map<string, Score>();
  for (const d of docs.filter((x) => isRecordTruth(x.truth) && filter(x))) {
    const s = scoreRecord(d.truth as unknown as ScrRecord, outcomes.get(d.id)!.record).score;
    total = addScores(total, s);
    const key = d.layout;
    byLayout.set(key, addScores(byLayout.get(key) ?? { tp: 0, fp: 0, fn: 0 }, s));
  }
  return { score: total, byLayout };
}

function report(name: string, s: Score): number {
  const { precision, recall, f1 } = prf(s);
  console.log(`${name}: precision ${precision.toFixed(4)} recall ${recall.toFixed(4)} F1 ${f1.toFixed(4)} (${s.tp} tp, ${s.fp} fp, ${s.fn} fn)`);
  return f1;
}

describe('generated layouts', () => {
  it('covers the variety it is meant to: tables, combined tables, lists, drawn PDFs, letters, refusals', () => {
    const layouts = new Set(docs.map((d) => d.layout));
    for (const l of ['tables', 'combined', 'list', 'letter']) expect(layouts).toContain(l);
    expect([...layouts].filter((l) => l.endsWith('-drawn')).length).toBeGreaterThanOrEqual(2);
  });

  it('refuses every document that must be refused, with exactly its code', () => {
    const refusals = docs.filter((d) => !isRecordTruth(d.truth));
    expect(refusals.length).toBeGreaterThan(10);
    for (const d of refusals) {
      expect({ id: d.id, code: outcomes.get(d.id)!.code }).toEqual({ id: d.id, code: (d.truth as { expectError: string }).expectError });
    }
  });

  it('reads structured layouts at field F1 ≥ 0.97 overall, and no layout family below 0.95', () => {
    const { score: s, byLayout } = score((d) => !d.features.includes('narrative'));
    const weakest: Record<string, number> = {};
    for (const [layout, ls] of byLayout) weakest[layout] = report(`  ${layout}`, ls);
    const f1 = report('generated structured layouts', s);
    expect(f1).toBeGreaterThanOrEqual(0.97);
    for (const [layout, lf1] of Object.entries(weakest)) expect({ layout, f1: lf1 >= 0.95 }).toEqual({ layout, f1: true });
  });

  it('reads narrative letters with rules alone at field F1 ≥ 0.95', () => {
    const { score: s } = score((d) => d.features.includes('narrative'));
    expect(report('generated narrative letters (rules only)', s)).toBeGreaterThanOrEqual(0.95);
  });
});
