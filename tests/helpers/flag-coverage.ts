import type { ScoredError } from './score';

/**
 * Whether the flags an extractor raised lie over its errors.
 *
 * An error (a wrong, extra or missing value, named by its path in the extracted record) is
 * covered when a flag is on the field itself (`medications.3.dosage`), on its item
 * (`medications.3`) or on its section (`medications`); a patient field's section is
 * `patient`. A value missing because its whole item is missing is named by its section, so
 * only a flag on the section covers it.
 *
 * Flag recall = covered errors / all errors: how much of what is wrong a reviewer is sent to.
 * Flag precision = flags covering at least one error / all flags: how much of the reviewer's
 * checking finds something.
 */
export interface FlagLike {
  path: string;
  reason?: string;
  code?: string;
}

export interface Coverage {
  errors: number;
  coveredErrors: number;
  flags: number;
  usefulFlags: number;
  /** Per error, in the order given: is it under a flag? */
  covered: boolean[];
  /** Per flag, in the order given: does it cover an error? */
  useful: boolean[];
}

/** `medications[3].dosage` and `medications.3.dosage` name the same place. */
export function normalisePath(path: string): string {
  return path.replace(/\[(\d+)\]/g, '.$1').replace(/^\./, '');
}

/** The paths whose flag covers an error at `path`: the field, its item, its section. */
export function coveringPaths(path: string): string[] {
  const parts = normalisePath(path).split('.');
  const out: string[] = [];
  for (let n = parts.length; n >= 1; n--) out.push(parts.slice(0, n).join('.'));
  return out;
}

export function flagCoverage(errors: readonly Pick<ScoredError, 'path'>[], flags: readonly FlagLike[]): Coverage {
  const flagPaths = flags.map((f) => normalisePath(f.path));
  const useful = flags.map(() => false);
  const covered = errors.map((e) => {
    const over = new Set(coveringPaths(e.path));
    let hit = false;
    flagPaths.forEach((p, i) => {
      if (over.has(p)) {
        useful[i] = true;
        hit = true;
      }
    });
    return hit;
  });
  return {
    errors: errors.length,
    coveredErrors: covered.filter(Boolean).length,
    flags: flags.length,
    usefulFlags: useful.filter(Boolean).length,
    covered,
    useful,
  };
}

export function addCoverage(a: Pick<Coverage, 'errors' | 'coveredErrors' | 'flags' | 'usefulFlags'>, b: Pick<Coverage, 'errors' | 'coveredErrors' | 'flags' | 'usefulFlags'>) {
  return { errors: a.errors + b.errors, coveredErrors: a.coveredErrors + b.coveredErrors, flags: a.flags + b.flags, usefulFlags: a.usefulFlags + b.usefulFlags };
}

/** Flag recall and precision; 1 where there is nothing to count (no errors, or no flags). */
export function flagRates(c: Pick<Coverage, 'errors' | 'coveredErrors' | 'flags' | 'usefulFlags'>): { recall: number; precision: number } {
  return { recall: c.errors ? c.coveredErrors / c.errors : 1, precision: c.flags ? c.usefulFlags / c.flags : 1 };
}

/** Confidence bands of the calibration table, lower bound inclusive. */
export const CONFIDENCE_BANDS: readonly { label: string; min: number; max: number }[] = [
  { label: '< 0.50', min: -Infinity, max: 0.5 },
  { label: '0.50–0.70', min: 0.5, max: 0.7 },
  { label: '0.70–0.80', min: 0.7, max: 0.8 },
  { label: '0.80–0.90', min: 0.8, max: 0.9 },
  { label: '0.90–0.95', min: 0.9, max: 0.95 },
  { label: '>= 0.95', min: 0.95, max: Infinity },
];

export interface Band {
  label: string;
  values: number;
  wrong: number;
}

/**
 * Calibration: every extracted value that has a confidence and was scored (correct, or
 * wrong / extra) counts in its band; `wrong` counts those that were not right.
 */
export function calibrate(confidence: Record<string, number>, correct: readonly string[], errors: readonly Pick<ScoredError, 'path' | 'kind'>[], into: Band[] = CONFIDENCE_BANDS.map((b) => ({ label: b.label, values: 0, wrong: 0 }))): Band[] {
  const right = new Set(correct.map(normalisePath));
  const wrong = new Set(errors.filter((e) => e.kind !== 'missing').map((e) => normalisePath(e.path)));
  for (const [rawPath, c] of Object.entries(confidence)) {
    const path = normalisePath(rawPath);
    if (!right.has(path) && !wrong.has(path)) continue;
    const i = CONFIDENCE_BANDS.findIndex((b) => c >= b.min && c < b.max);
    const band = into[i]!;
    band.values++;
    if (wrong.has(path)) band.wrong++;
  }
  return into;
}
