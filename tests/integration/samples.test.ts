import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError, toJobError } from '../../main/core/contract/errors';
import type { ExtractionResult } from '../../main/core/contract/extraction';
import { validatePdfBytes } from '../../main/core/intake/validate-bytes';
import { createCpuPool, type CpuPool } from '../../main/core/pipeline/cpu-pool';
import { compileSchema, recordValidator } from '../helpers/contract-schema';
import { isRecordTruth, loadSamples, SAMPLES_DIR } from '../helpers/samples';
import { addScores, prf, scoreRecord, type Score } from '../helpers/score';
import { SHARED_CONTRACT_SCHEMA, SHARED_SAMPLES_DIR, SHARED_SKIP_NOTE } from '../helpers/shared';

/**
 * The samples through the real pipeline steps on real worker threads: every record against
 * its ground truth, every refusal with exactly its code, every record valid against the
 * contract's JSON Schema, and every value traced to where it is printed. Run on the
 * project's own sample set (the generator's stand-ins for the three sample layouts) and,
 * as extra input where present, on ../shared/samples/scr.
 */
if (!SHARED_SAMPLES_DIR) console.log(`../shared/samples/scr: ${SHARED_SKIP_NOTE}`);

describe.each([
  { title: 'own sample set', dir: SAMPLES_DIR as string | null },
  { title: '../shared/samples/scr', dir: SHARED_SAMPLES_DIR },
])('samples: $title', ({ dir }) => {
  describe.skipIf(!dir)('', () => {
    const samples = dir ? loadSamples(dir) : [];
    let pool: CpuPool;
    const outcomes = new Map<string, { result: ExtractionResult | null; code: string | null }>();

    beforeAll(async () => {
      pool = createCpuPool({ threads: 2 });
      for (const s of samples) {
        try {
          const bytes = new Uint8Array(readFileSync(s.file));
          validatePdfBytes(bytes);
          const text = await pool.read(bytes, { maxPages: 100 });
          const { classification, result } = await pool.extract(text);
          if (classification.noText) throw new AppError('ERR_NO_TEXT');
          if (!classification.isScr) throw new AppError('ERR_NOT_SCR');
          outcomes.set(s.name, { result, code: null });
        } catch (err) {
          outcomes.set(s.name, { result: null, code: toJobError(err).code });
        }
      }
    });

    afterAll(async () => {
      await pool?.destroy();
    });

    describe('samples', () => {
      it('refuses every file that must be refused, with exactly its code', () => {
        const refusals = samples.filter((s) => !isRecordTruth(s.truth));
        expect(refusals.length).toBeGreaterThanOrEqual(8);
        for (const s of refusals) {
          expect({ file: s.name, code: outcomes.get(s.name)!.code }).toEqual({ file: s.name, code: (s.truth as { expectError: string }).expectError });
        }
      });

      it('reproduces the ground truth at field F1 ≥ 0.99', () => {
        let total: Score = { tp: 0, fp: 0, fn: 0 };
        const records = samples.filter((s) => isRecordTruth(s.truth));
        expect(records.length).toBe(24);
        for (const s of records) {
          const o = outcomes.get(s.name)!;
          expect({ file: s.name, code: o.code }).toEqual({ file: s.name, code: null });
          total = addScores(total, scoreRecord(s.truth as never, o.result!.record).score);
        }
        const { precision, recall, f1 } = prf(total);
        console.log(`samples: precision ${precision.toFixed(4)} recall ${recall.toFixed(4)} F1 ${f1.toFixed(4)} (${total.tp} tp, ${total.fp} fp, ${total.fn} fn)`);
        expect(f1).toBeGreaterThanOrEqual(0.99);
      });

      it('produces records valid against the contract JSON Schema (derived from zod, and ../shared\'s where present)', () => {
        const validators = [recordValidator(), ...(SHARED_CONTRACT_SCHEMA ? [compileSchema(JSON.parse(readFileSync(SHARED_CONTRACT_SCHEMA, 'utf8')))] : [])];
        for (const validate of validators) {
          for (const [name, o] of outcomes) {
            if (!o.result) continue;
            expect({ name, ok: validate(o.result.record), errors: validate.errors() }).toEqual({ name, ok: true, errors: null });
          }
        }
      });

      it('traces every value to a box on a page, with the text printed there and a confidence', () => {
        for (const [name, o] of outcomes) {
          if (!o.result) continue;
          const { record, provenance, confidence } = o.result;
          const paths: string[] = [];
          for (const [k, v] of Object.entries(record.patient)) if (v !== null && k !== 'title') paths.push(`patient.${k}`);
          for (const list of ['allergies', 'medications', 'problems'] as const) {
            (record[list] as unknown as Record<string, unknown>[]).forEach((item, i) => {
              for (const [k, v] of Object.entries(item)) if (v !== null && !(list === 'medications' && k === 'category')) paths.push(`${list}.${i}.${k}`);
            });
          }
          for (const p of paths) {
            const prov = provenance[p];
            expect({ name, p, has: Boolean(prov && prov.boxes.length > 0 && prov.text) }).toEqual({ name, p, has: true });
            expect(confidence[p]).toBeGreaterThan(0);
            for (const b of prov!.boxes) {
              expect(b.page).toBeGreaterThanOrEqual(1);
              expect(b.width).toBeGreaterThan(0);
            }
          }
        }
      });

      it('never lets page furniture into a value', () => {
        for (const [name, o] of outcomes) {
          if (!o.result) continue;
          const values: string[] = [];
          JSON.stringify(o.result.record, (_k, v: unknown) => (typeof v === 'string' && values.push(v), v));
          const leaks = values.filter((v) => /https?:\/\/|(?:^|\s)\d+\/\d+$|Confidential|National Care Records Service|\d{1,2}:\d{2}\s*[AP]M/.test(v));
          expect({ name, leaks }).toEqual({ name, leaks: [] });
        }
      });

      it('reports each clinical section as read with confidence, so auto mode would ask no model', () => {
        for (const [name, o] of outcomes) {
          if (!o.result) continue;
          for (const s of o.result.sections) expect({ name, kind: s.kind, confidence: s.confidence }).toEqual({ name, kind: s.kind, confidence: 1 });
          expect(o.result.warnings).toEqual([]);
        }
      });
    });
  });
});
