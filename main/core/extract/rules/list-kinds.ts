import type { SectionKind } from '../../contract/extraction';

/** The section kinds the record's lists are read from (the rest end sections, or name the patient). */
export const CLINICAL: ReadonlySet<SectionKind> = new Set(['allergies', 'medications', 'acute', 'repeat', 'discontinued', 'problems']);

/** The record's list a clinical section's entries go into (acute, repeat and discontinued are all medication). */
export function listName(kind: SectionKind): 'allergies' | 'medications' | 'problems' {
  return kind === 'allergies' || kind === 'problems' ? kind : 'medications';
}
