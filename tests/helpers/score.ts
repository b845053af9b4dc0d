import { PATIENT_FIELDS, type ScrRecord } from '../../main/core/contract/record';

/**
 * Field-level precision / recall / F1 of an extracted record against ground truth.
 *
 * Patient fields are compared one by one. List items (allergies, medications, problems) are
 * paired first, best match by their key text, then compared field by field, so that order
 * does not matter and one wrong field costs one field, not the whole item. A null on both
 * sides counts for nothing; a value where the truth is null is a false positive.
 */
export interface Score {
  tp: number;
  fp: number;
  fn: number;
}

export interface FieldMiss {
  path: string;
  expected: unknown;
  got: unknown;
}

export function norm(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  const s = String(v).replace(/\s+/g, ' ').trim().toLowerCase();
  return s === '' ? null : s;
}

export type Section = 'patient' | 'allergies' | 'medications' | 'problems';
export const SECTIONS: readonly Section[] = ['patient', 'allergies', 'medications', 'problems'];

/**
 * One wrong, extra or missing field value, named by where it sits in the EXTRACTED record
 * (`patient.sex`, `medications.3.dosage`), so that it can be matched against the flags the
 * extractor raised. A value missing because its whole item is missing has no place in the
 * extracted record: its path is the section (`medications`).
 */
export interface ScoredError {
  path: string;
  kind: 'wrong' | 'extra' | 'missing';
  section: Section;
  /** Where the value sits in the truth, for reports (`medications[2].dosage`); null for extra items. */
  truthPath: string | null;
  expected: unknown;
  got: unknown;
}

interface Tally {
  score: Score;
  bySection: Record<Section, Score>;
  misses: FieldMiss[];
  errors: ScoredError[];
  correct: string[];
}

interface Where {
  section: Section;
  /** The historical name in `misses` (pair index). */
  missPath: string;
  /** In the extracted record; null when the item is missing there. */
  gotPath: string | null;
  /** In the truth; null when the item is not in the truth. */
  truthPath: string | null;
}

function compare(t: Tally, w: Where, expected: unknown, got: unknown): void {
  const { section, missPath, gotPath } = w;
  const e = norm(expected);
  const g = norm(got);
  if (e === null && g === null) return;
  const sec = t.bySection[section];
  if (e !== null && g !== null && e === g) {
    t.score.tp++;
    sec.tp++;
    if (gotPath) t.correct.push(gotPath);
    return;
  }
  if (e !== null) {
    t.score.fn++;
    sec.fn++;
  }
  if (g !== null) {
    t.score.fp++;
    sec.fp++;
  }
  t.misses.push({ path: missPath, expected, got });
  const kind = e !== null && g !== null ? 'wrong' : e !== null ? 'missing' : 'extra';
  t.errors.push({ path: gotPath ?? section, kind, section, truthPath: w.truthPath, expected, got });
}

function similarity(a: string | null, b: string | null): number {
  if (!a || !b) return 0;
  if (a === b) return 1;
  const ta = new Set(a.split(/[^a-z0-9.%/]+/).filter(Boolean));
  const tb = new Set(b.split(/[^a-z0-9.%/]+/).filter(Boolean));
  let common = 0;
  for (const t of ta) if (tb.has(t)) common++;
  return (2 * common) / (ta.size + tb.size || 1);
}

function pairItems<T extends Record<string, unknown>>(
  expected: T[],
  got: T[],
  key: (t: T) => string | null,
  extra: (a: T, b: T) => number,
): [T | null, T | null][] {
  const candidates: { i: number; j: number; s: number }[] = [];
  expected.forEach((e, i) =>
    got.forEach((g, j) => {
      const s = similarity(key(e), key(g)) + extra(e, g);
      if (s > 0.3) candidates.push({ i, j, s });
    }),
  );
  candidates.sort((a, b) => b.s - a.s);
  const usedE = new Set<number>();
  const usedG = new Set<number>();
  const pairs: [T | null, T | null][] = [];
  for (const c of candidates) {
    if (usedE.has(c.i) || usedG.has(c.j)) continue;
    usedE.add(c.i);
    usedG.add(c.j);
    pairs.push([expected[c.i]!, got[c.j]!]);
  }
  expected.forEach((e, i) => usedE.has(i) || pairs.push([e, null]));
  got.forEach((g, j) => usedG.has(j) || pairs.push([null, g]));
  return pairs;
}

// The truth files leave out the title, as the contract allows.
const SCORED_PATIENT_FIELDS = PATIENT_FIELDS.filter((f) => f !== 'title');

const LISTS: { name: Exclude<Section, 'patient'>; key: string; fields: string[] }[] = [
  { name: 'allergies', key: 'description', fields: ['description', 'reaction', 'date'] },
  { name: 'medications', key: 'name', fields: ['category', 'name', 'dosage', 'quantity', 'date', 'endDate'] },
  { name: 'problems', key: 'term', fields: ['term', 'date'] },
];

export interface RecordScore {
  score: Score;
  /** The same counts by section. */
  bySection: Record<Section, Score>;
  misses: FieldMiss[];
  /** Every wrong, extra or missing value, by its path in the extracted record. */
  errors: ScoredError[];
  /** Paths in the extracted record whose value matches the truth. */
  correct: string[];
}

export function scoreRecord(truth: ScrRecord, got: ScrRecord | null): RecordScore {
  const zero = (): Score => ({ tp: 0, fp: 0, fn: 0 });
  const t: Tally = { score: zero(), bySection: { patient: zero(), allergies: zero(), medications: zero(), problems: zero() }, misses: [], errors: [], correct: [] };
  const g = got ?? { patient: {} as ScrRecord['patient'], allergies: [], medications: [], problems: [] };
  for (const f of SCORED_PATIENT_FIELDS) {
    const path = `patient.${f}`;
    compare(t, { section: 'patient', missPath: path, gotPath: path, truthPath: path }, truth.patient[f], g.patient?.[f]);
  }

  for (const list of LISTS) {
    const exp = truth[list.name] as unknown as Record<string, unknown>[];
    const act = (g[list.name] ?? []) as unknown as Record<string, unknown>[];
    const pairs = pairItems(
      exp,
      act,
      (x) => norm(x[list.key]),
      (a, b) => (norm(a.date) !== null && norm(a.date) === norm(b.date) ? 0.2 : 0),
    );
    pairs.forEach(([e, a], i) => {
      const j = a ? act.indexOf(a) : -1;
      const ti = e ? exp.indexOf(e) : -1;
      for (const f of list.fields) {
        compare(
          t,
          { section: list.name, missPath: `${list.name}[${i}].${f}`, gotPath: j >= 0 ? `${list.name}.${j}.${f}` : null, truthPath: ti >= 0 ? `${list.name}[${ti}].${f}` : null },
          e?.[f] ?? null,
          a?.[f] ?? null,
        );
      }
    });
  }
  return { score: t.score, bySection: t.bySection, misses: t.misses, errors: t.errors, correct: t.correct };
}

export function addScores(a: Score, b: Score): Score {
  return { tp: a.tp + b.tp, fp: a.fp + b.fp, fn: a.fn + b.fn };
}

export function prf(s: Score): { precision: number; recall: number; f1: number } {
  const precision = s.tp + s.fp === 0 ? 1 : s.tp / (s.tp + s.fp);
  const recall = s.tp + s.fn === 0 ? 1 : s.tp / (s.tp + s.fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}
