import { readFileSync } from 'node:fs';
import type { ExtractionResult } from '../../../main/core/contract/extraction';
import { validatePdfBytes } from '../../../main/core/intake/validate-bytes';
import { createCpuPool } from '../../../main/core/pipeline/cpu-pool';
import { identityProblems } from '../../../renderer/src/features/review/approval';
import { recordProblems } from '../../../renderer/src/features/review/fields';
import { ensureCorpus, isRecordTruth, type GeneratedDoc } from '../../fixtures/generator';

/**
 * Documents from the project's generator that the extractor flags, found by reading them
 * with the extractor itself (nothing about their flags is written down here): other
 * authors' label-value groups (doubtful items, ambiguous dates, empty sections) and the GP
 * Summary printed without its patient banner (nobody identified).
 */
export interface FlaggedDoc {
  doc: GeneratedDoc;
  result: ExtractionResult;
}

const SEED = 2026;
// Enough documents that some record has exactly the flags a test needs, whatever the
// extractor's improvements take away (the tests pick by what the extractor says).
const COUNT = 30;

export async function flaggedDocs(): Promise<FlaggedDoc[]> {
  const docs = (await ensureCorpus({ seed: SEED, count: COUNT, kinds: ['ext'], families: ['gp-summary-nobanner', 'ips', 'label-value', 'bullets', 'vocab-tables', 'narrow-tables', 'gpconnect', 'subheaded'] })).filter((d) => isRecordTruth(d.truth));
  const pool = createCpuPool({ threads: 1 });
  const out: FlaggedDoc[] = [];
  try {
    for (const doc of docs) {
      const bytes = new Uint8Array(readFileSync(doc.file));
      validatePdfBytes(bytes);
      const { classification, result } = await pool.extract(await pool.read(bytes, { maxPages: 100 }));
      if (classification.isScr && result) out.push({ doc, result });
    }
  } finally {
    await pool.destroy();
  }
  return out;
}

/** A record whose only obstacles to approval are exactly `n` flags (its identity whole and valid). */
export function withFlagsOnly(found: FlaggedDoc[], n: number): FlaggedDoc | undefined {
  return found.find(
    (f) => f.result.flags.length === n && !f.result.flags.some((x) => x.code === 'no-patient') && identityProblems(f.result.record).length === 0 && recordProblems(f.result.record).length === 0,
  );
}

/** A record that identifies nobody. */
export function unidentified(found: FlaggedDoc[]): FlaggedDoc | undefined {
  return found.find((f) => f.result.flags.some((x) => x.code === 'no-patient'));
}
