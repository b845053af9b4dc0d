import type { ExtractionResult, ReviewFlag } from '../contract/extraction';

/**
 * The reviewer's list of things to check, derived once from a result's evidence: warnings
 * that name a field, item or section, and values whose confidence is below the review line.
 * Rules and AI results go through the same function, so the CLI's `flags`, the review
 * screen's panel and auto mode's questions are one list.
 */

/** Values below this confidence are flagged (calibrated in `npm run bench:accuracy`). */
export const REVIEW_BELOW = 0.5;

/** Most important first; codes not listed rank after these, in the order found. */
const RANK: readonly string[] = [
  'no-patient',
  'nhs-checksum',
  'ocr-repaired',
  'ocr-low-confidence',
  'dob-future',
  'section-garbled',
  'section-ocr',
  'patient-ocr',
  'section-kind-disputed',
  'section-unread-text',
  'status-unknown',
  'section-empty',
  'section-missing',
  'item-kind-doubtful',
  'extractors-disagree',
  'date-ambiguous',
  'not-found',
  'low-confidence',
];

function rank(code: string): number {
  const r = RANK.indexOf(code);
  return r < 0 ? RANK.length : r;
}

/** Path depth: a section (1 part) comes before an item (2) before a field (3). */
function depth(path: string): number {
  return path.split('.').length;
}

export function deriveFlags(result: Omit<ExtractionResult, 'flags'>): ReviewFlag[] {
  const flags: ReviewFlag[] = [];
  for (const w of result.warnings) {
    if (w.path) flags.push({ path: w.path, code: w.code, reason: w.message });
  }
  for (const [path, c] of Object.entries(result.confidence)) {
    if (c < REVIEW_BELOW && !flags.some((f) => f.path === path)) {
      flags.push({ path, code: 'low-confidence', reason: `The extractor was only ${Math.round(c * 100)}% sure of this value. Check it against the document.` });
    }
  }
  const seen = new Set<string>();
  const paths = new Set(flags.map((f) => f.path));
  return flags
    .map((f, i) => ({ f, i }))
    .sort((a, b) => rank(a.f.code) - rank(b.f.code) || depth(a.f.path) - depth(b.f.path) || a.i - b.i)
    .map(({ f }) => f)
    .filter((f) => {
      const key = `${f.path}|${f.code}`;
      if (seen.has(key)) return false;
      seen.add(key);
      // A value under a section or entry already to be checked adds work, not safety; the
      // checks that name what is wrong with an identifier stay.
      return KEEP_UNDER_ANCESTOR.has(f.code) || !ancestors(f.path).some((a) => paths.has(a));
    });
}

const KEEP_UNDER_ANCESTOR = new Set(['nhs-checksum', 'dob-future', 'ocr-repaired', 'ocr-low-confidence', 'extractors-disagree', 'field-not-read', 'item-doubtful']);

/** 'medications.3.dosage' → ['medications', 'medications.3']; 'patient.sex' → ['patient']. */
function ancestors(path: string): string[] {
  const parts = path.split('.');
  return parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join('.'));
}

/** The result with its flags (re)derived: call after anything that changes the evidence. */
export function withFlags<T extends Omit<ExtractionResult, 'flags'>>(result: T): T & { flags: ReviewFlag[] } {
  return { ...result, flags: deriveFlags(result) };
}
