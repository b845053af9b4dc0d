import type { ScrRecord } from '../core';

/**
 * What the review list's search finds a record by beyond the patient: its medications,
 * allergies (and reactions) and problems, one lower-case line each. They travel in the
 * list row's sealed part only (the same AES-GCM box as the name), never in the clear, and
 * are searched in memory once the rows are opened, like the names.
 */
export function searchTerms(record: Pick<ScrRecord, 'medications' | 'allergies' | 'problems'> | undefined): string {
  if (!record) return '';
  const terms: string[] = [];
  for (const m of record.medications) terms.push(m.name);
  for (const a of record.allergies) terms.push(a.description, a.reaction ?? '');
  for (const p of record.problems) terms.push(p.term);
  return terms
    .filter(Boolean)
    .map((t) => t.toLowerCase())
    .join('\n');
}
