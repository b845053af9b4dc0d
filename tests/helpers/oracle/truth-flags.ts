import type { ExtractionResult } from '../../../main/core/contract/extraction';
import type { ScrRecord } from '../../../main/core/contract/record';
import type { ExtractionWarning } from '../../../main/core/contract/text';
import { withFlags } from '../../../main/core/extract/review-flags';
import { norm } from '../score';

/**
 * A rules result whose flags are exactly right: every wrong field flagged, every entry that
 * is not in the truth flagged as an entry, every list with a missing entry flagged as a
 * section, the patient flagged when it has no identity. What auto mode would do with
 * perfectly honest rules (issue 10's target), so that the AI path's own plumbing can be
 * measured apart from how honest today's rules are.
 */
const LISTS = [
  { name: 'allergies', key: 'description', fields: ['description', 'reaction', 'date'] },
  { name: 'medications', key: 'name', fields: ['category', 'name', 'dosage', 'quantity', 'date', 'endDate'] },
  { name: 'problems', key: 'term', fields: ['term', 'date'] },
] as const;

function words(s: string | null): Set<string> {
  return new Set((s ?? '').split(/[^a-z0-9.%/]+/).filter(Boolean));
}

function similarity(a: string | null, b: string | null): number {
  if (!a || !b) return 0;
  if (a === b) return 1;
  const ta = words(a);
  const tb = words(b);
  let common = 0;
  for (const t of ta) if (tb.has(t)) common++;
  return (2 * common) / (ta.size + tb.size || 1);
}

export function withTruthFlags(rules: ExtractionResult, truth: ScrRecord): ExtractionResult {
  const warnings: ExtractionWarning[] = rules.warnings.filter((w) => !w.path);
  const flag = (path: string) => warnings.push({ code: 'oracle-flag', message: 'wrong or missing (oracle)', path });
  const p = rules.record.patient as Record<string, unknown>;
  const t = truth.patient as Record<string, unknown>;
  for (const f of Object.keys(t)) if (f !== 'title' && norm(p[f]) !== norm(t[f])) flag(`patient.${f}`);
  for (const list of LISTS) {
    const got = rules.record[list.name] as unknown as Record<string, unknown>[];
    const want = truth[list.name] as unknown as Record<string, unknown>[];
    const cands: { i: number; j: number; s: number }[] = [];
    want.forEach((w, i) => got.forEach((g, j) => {
      const s = similarity(norm(w[list.key]), norm(g[list.key]));
      if (s > 0.3) cands.push({ i, j, s });
    }));
    cands.sort((a, b) => b.s - a.s);
    const usedW = new Set<number>();
    const usedG = new Set<number>();
    for (const c of cands) {
      if (usedW.has(c.i) || usedG.has(c.j)) continue;
      usedW.add(c.i);
      usedG.add(c.j);
      for (const f of list.fields) if (norm(want[c.i]![f]) !== norm(got[c.j]![f])) flag(`${list.name}.${c.j}.${f}`);
    }
    got.forEach((_, j) => usedG.has(j) || flag(`${list.name}.${j}`));
    if (want.some((_, i) => !usedW.has(i))) flag(list.name);
  }
  const { flags: _old, ...rest } = rules;
  // Confidence no longer raises flags of its own: the oracle's are the whole list.
  return withFlags({ ...rest, warnings, confidence: Object.fromEntries(Object.keys(rest.confidence).map((k) => [k, 0.95])) });
}
